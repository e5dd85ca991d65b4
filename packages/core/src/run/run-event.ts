// RunEvents: everything the Runner says while it works, each transition said once. The Journal and the reporters
// (live view, NDJSON, HTML, JUnit) are both sinks of them; core never prints. Every event is plain JSON so `--json`
// can stream it as is, and a journal line is an event less its runId (journal-record.ts).
import type { Finding } from './finding.js';
import type { StepProgress } from './step-handler.js';
import type { StepKind } from './step-kind.js';
import type { JsonObject } from '../plan/json-value.js';

export type SiteStatus = 'succeeded' | 'failed' | 'aborted' | 'skipped';
export type WaveStatus = 'passed' | 'failed' | 'aborted' | 'held';

interface EventBase {
  /** Milliseconds since the epoch, from the Runner's clock. */
  at: number;
  runId: string;
}

interface RunStartedEvent extends EventBase {
  type: 'run-started';
  planHash: string;
  waves: { number: number; sites: string[] }[];
  /** True when the run continues from a journal. */
  resumed: boolean;
}

interface WaveStartedEvent extends EventBase {
  type: 'wave-started';
  wave: number;
  sites: string[];
}

interface WaveFinishedEvent extends EventBase {
  type: 'wave-finished';
  wave: number;
  status: WaveStatus;
  succeeded: number;
  failed: number;
  durationMs: number;
  /** Set when the gate held back later waves: why. */
  gateMessage?: string;
}

interface SiteStartedEvent extends EventBase {
  type: 'site-started';
  wave: number;
  site: string;
  /** Steps already done according to the journal (resume). */
  alreadyDone: StepKind[];
}

interface SiteFinishedEvent extends EventBase {
  type: 'site-finished';
  wave: number;
  site: string;
  status: SiteStatus;
  durationMs: number;
  failedStep?: StepKind;
}

interface StepStartedEvent extends EventBase {
  type: 'step-started';
  site: string;
  step: StepKind;
  attempt: number;
  /** An earlier attempt did not end in success (crash, failure, retry): the handler checks its effect first. */
  inDoubt: boolean;
}

/** A handler's StepProgress, as the Runner forwards it. */
interface StepProgressEvent extends EventBase, StepProgress {
  type: 'step-progress';
  site: string;
  step: StepKind;
}

interface StepFinishedEvent extends EventBase {
  type: 'step-finished';
  site: string;
  step: StepKind;
  status: 'succeeded' | 'skipped';
  durationMs: number;
  attempt: number;
  outputs: JsonObject;
}

interface StepFailedEvent extends EventBase {
  type: 'step-failed';
  site: string;
  step: StepKind;
  code: string;
  message: string;
  hint?: string;
  transient: boolean;
  /** True when the run was stopped while the step ran: resume runs it again, it did not fail. */
  aborted: boolean;
  attempt: number;
  /** True when the Runner will try again after `retryInMs`. */
  willRetry: boolean;
  retryInMs?: number;
  durationMs: number;
}

interface FindingEvent extends EventBase {
  type: 'finding';
  site: string;
  step: StepKind;
  finding: Finding;
}

export interface RunSummary {
  planHash: string;
  status: 'succeeded' | 'failed' | 'aborted';
  sites: Record<
    string,
    { status: SiteStatus; wave: number; failedStep?: StepKind; error?: { code: string; message: string } }
  >;
  waves: { number: number; status: WaveStatus }[];
  succeeded: number;
  failed: number;
  aborted: number;
  skipped: number;
  findings: number;
  durationMs: number;
  /** Set when the journal could not be written: the run stopped, and may not resume past this point. */
  journalError?: { code: string; message: string };
}

interface RunFinishedEvent extends EventBase {
  type: 'run-finished';
  summary: RunSummary;
}

export type RunEvent =
  | RunStartedEvent
  | WaveStartedEvent
  | WaveFinishedEvent
  | SiteStartedEvent
  | SiteFinishedEvent
  | StepStartedEvent
  | StepProgressEvent
  | StepFinishedEvent
  | StepFailedEvent
  | FindingEvent
  | RunFinishedEvent;

/** What reporters implement. Called synchronously, in order; a reporter must not throw. */
export type RunEventListener = (event: RunEvent) => void;
