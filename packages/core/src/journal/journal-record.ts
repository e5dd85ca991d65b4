// The records of a run Journal, one JSON object per line. The first line is a header with the format version and
// the plan hash; everything after it is appended as the run goes. See docs/decisions.md ("Journal format").
import type { JsonObject } from '../plan/json-value.js';
import type { Finding } from '../run/finding.js';
import type { WaveStatus } from '../run/run-event.js';
import type { StepKind } from '../run/step-kind.js';

export const JOURNAL_FORMAT_VERSION = 1;

export interface JournalHeader {
  type: 'journal';
  version: typeof JOURNAL_FORMAT_VERSION;
  planHash: string;
  runId: string;
  at: number;
}

export type JournalEntry =
  | { type: 'run-resumed'; at: number; runId: string }
  | { type: 'step-started'; at: number; site: string; step: StepKind; attempt: number; inDoubt: boolean }
  | {
      type: 'step-finished';
      at: number;
      site: string;
      step: StepKind;
      status: 'succeeded' | 'skipped';
      attempt: number;
      durationMs: number;
      outputs: JsonObject;
    }
  | {
      type: 'step-failed';
      at: number;
      site: string;
      step: StepKind;
      attempt: number;
      durationMs: number;
      code: string;
      message: string;
      transient: boolean;
      /** True when the run was aborted while the step ran. */
      aborted: boolean;
    }
  | { type: 'finding'; at: number; site: string; step: StepKind; finding: Finding }
  | { type: 'wave-finished'; at: number; wave: number; status: WaveStatus }
  | { type: 'run-finished'; at: number; status: 'succeeded' | 'failed' | 'aborted' }
  /** `wpfleet undo SITE` swapped the site back (appended by the command, after the run). */
  | { type: 'site-undone'; at: number; site: string; tablesRestored: number; dirsRestored: string[] }
  /** `wpfleet cleanup` removed the site's staging copy and backup from its target. */
  | { type: 'site-cleaned-up'; at: number; site: string; tables: number; dirs: string[] }
  /** Written when a run resumes after a crash that tore the previous last line; it vouches for that line. */
  | { type: 'torn-line'; at: number; line: number };
