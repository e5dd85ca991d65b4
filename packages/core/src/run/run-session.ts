// What the three parts of the Runner (wave gate, per-site runner, step runner) share while one plan runs.
import type { JournalReplay } from '../journal/replay-journal.js';
import type { Plan } from '../plan/plan.js';
import type { EventPublisher } from './event-publisher.js';
import type { SlotScheduler } from './slot-scheduler.js';
import type { StepHandlers } from './step-handler.js';
import type { StepWatch } from './step-watch.js';
import type { StrayErrors } from './stray-errors.js';

export interface RunSession {
  readonly plan: Plan;
  readonly handlers: StepHandlers;
  readonly runId: string;
  /** What the journal said before this run: steps done, steps in doubt, their outputs. */
  readonly replay: JournalReplay;
  /** Aborted by the caller's signal or by a journal write failure. */
  readonly signal: AbortSignal;
  readonly now: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly events: EventPublisher;
  readonly scheduler: SlotScheduler;
  readonly steps: StepWatch;
  readonly strayErrors: StrayErrors | undefined;
}
