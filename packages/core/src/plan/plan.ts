// The Plan: plain data saying which sites go in which wave, with which steps, blockers, warnings and estimates.
// `migrate` runs exactly a plan; its `hash` (sha256 of the canonical JSON of everything else) pins it.
import type { PrefixChange } from './prefix-change.js';
import type { Criticality, FleetAction } from '../fleet/fleet-schema.js';
import type { Finding } from '../run/finding.js';
import type { StepKind } from '../run/step-kind.js';

export const PLAN_FORMAT_VERSION = 1;

interface PlannedStep {
  kind: StepKind;
  dependsOn: StepKind[];
  estimatedMs: number;
}

interface PlannedDb {
  name: string;
  user: string;
  host: string;
  port?: number;
  passwordEnv?: string;
  passwordFrom?: 'wp-config' | 'none';
}

export interface SiteEstimate {
  dbBytes: number;
  dbRows: number;
  fileBytes: number;
  fileCount: number;
  /** Per step, milliseconds; see docs/decisions.md "Estimate model". */
  stepMs: Partial<Record<StepKind, number>>;
  /** Critical path through the step DAG. */
  totalMs: number;
}

/** Everything a step handler needs about one site, resolved from the fleet file so the plan is self-contained. */
export interface PlannedSite {
  name: string;
  wave: number;
  criticality: Criticality;
  tags: string[];
  source: { host: string; path: string; url: string };
  target: { host: string; path: string; url: string; db?: PlannedDb };
  /** All search-replace pairs in order: URL forms, path, then the site's own. */
  replacements: { from: string; to: string }[];
  excludes: string[];
  stagingPrefix: string;
  backupPrefix: string;
  /** The table prefix changes (source `$table_prefix` → target's); absent when equal or not known at plan time. */
  prefixChange?: PrefixChange;
  multisite: boolean;
  checks: {
    urls: string[];
    forms: { url: string; selector: string }[];
    login: boolean | string;
    checkout?: string;
  };
  /** Actions the fleet policies forbid on this site (via its own name or its target host). */
  forbiddenActions: FleetAction[];
  steps: PlannedStep[];
  /** Findings of severity `error` about this site: it cannot run as planned. */
  blockers: Finding[];
  /** Findings of severity `warning`: it runs, with a caveat. */
  warnings: Finding[];
  estimate: SiteEstimate;
  /** Whether facts were available when planning; without them, blockers cannot be known. */
  factsKnown: boolean;
}

export interface PlannedWave {
  number: number;
  sites: string[];
  /** Why these sites are together, in words. */
  reason: string;
  estimatedMs: number;
}

interface PlanLimits {
  global: number;
  perHost: Record<string, number>;
}

interface PlanGate {
  maxFailedFraction: number;
  stopOnWaveFailure: boolean;
}

interface PlanRetry {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface PlanBody {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** sha256 of the canonical fleet JSON the plan was built from. */
  fleetHash: string;
  waves: PlannedWave[];
  sites: Record<string, PlannedSite>;
  limits: PlanLimits;
  gate: PlanGate;
  retry: PlanRetry;
  /** Collations the SqlStream rewrites (source → target), decided at plan time. */
  collationMap: Record<string, string>;
  /** Sites that cannot run as planned; `migrate` refuses them unless told to skip them. */
  blocked: string[];
  estimatedMs: number;
}

export interface Plan extends PlanBody {
  hash: string;
}
