// A plan rule: one precondition of one site, judged from the fleet file and the facts the inventory gathered.
// `buildPlan` runs every rule in `PLAN_RULES` order; an `error` finding blocks the site, a `warning` is shown.
import type { Fleet, FleetSite } from '../../fleet/fleet-schema.js';
import type { Finding } from '../../run/finding.js';
import type { HostFacts, SiteFactsPair } from '../site-facts.js';

/** Why a side could not be probed, as the inventory recorded it (its text is the host's, so hostile). */
export interface ProbeError {
  message: string;
  hint?: string;
}

export interface PlanRuleInput {
  name: string;
  site: FleetSite;
  fleet: Fleet;
  facts: SiteFactsPair;
  hosts: Readonly<Record<string, HostFacts>>;
  collationMap: Readonly<Record<string, string>>;
  /** Per side, why its probe failed. */
  probeErrors: Partial<Record<'source' | 'target', ProbeError>>;
  /** Bytes the db and files steps copy (0 when unknown). */
  dbBytes: number;
  fileBytes: number;
}

/** What a rule reports; `buildPlan` adds where it is (the site). `info` findings are not kept in the plan. */
export type PlanFinding = Omit<Finding, 'where'>;

export interface PlanRule {
  /** Stable name, also the rule's file name. */
  name: string;
  check(input: PlanRuleInput): PlanFinding[];
}

export function blocker(code: string, message: string, hint?: string): PlanFinding {
  return { code, severity: 'error', message, ...(hint === undefined ? {} : { hint }) };
}

export function warning(code: string, message: string, hint?: string): PlanFinding {
  return { code, severity: 'warning', message, ...(hint === undefined ? {} : { hint }) };
}
