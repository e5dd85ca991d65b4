// The Step port: the Runner decides when a step runs, a StepHandler (implemented in @wpfleet/wp) does it.
// Handlers report progress and findings through the context and fail by throwing (WpfleetError, transient or not).
import type { StepFinding } from './finding.js';
import type { StepKind } from './step-kind.js';
import type { JsonObject } from '../plan/json-value.js';
import type { Plan, PlannedSite } from '../plan/plan.js';

export interface StepProgress {
  bytesDone?: number;
  bytesTotal?: number;
  /** Bytes per second. */
  rate?: number;
  itemsDone?: number;
  itemsTotal?: number;
  message?: string;
}

export interface StepContext {
  site: PlannedSite;
  plan: Plan;
  step: StepKind;
  /** Aborted on Ctrl-C or run abort: stop soon, leave the target consistent, then throw. */
  signal: AbortSignal;
  /** 1 for the first try, counting retries in this run. */
  attempt: number;
  /**
   * An earlier attempt of this step (in this run or a crashed or failed earlier one) did not end in success, so
   * part of its effect may exist. The handler must check its effect (e.g. are the staging tables complete? did
   * the swap happen?) before acting, so nothing is applied twice.
   */
  inDoubt: boolean;
  /**
   * Outputs of this site's steps that completed, in this run or an earlier one (e.g. db digests for verify), as
   * journalled. Read them through the producing step's schema (@wpfleet/wp's `priorOutput`), not by hand.
   */
  prior: Readonly<Partial<Record<StepKind, JsonObject>>>;
  emit(progress: StepProgress): void;
  /** Report a finding; its `where.site` and `where.step` are filled in. */
  finding(finding: StepFinding): void;
}

interface StepOutcome {
  /** `skipped`: nothing to do (e.g. the effect was already there after an in-doubt start). */
  status: 'succeeded' | 'skipped';
  /** Plain JSON a later step needs; journalled, so it must not hold secrets. */
  outputs?: JsonObject;
}

export type StepHandler = (ctx: StepContext) => Promise<StepOutcome>;

export type StepHandlers = Readonly<Record<StepKind, StepHandler>>;
