// The records of a run Journal, one JSON object per line. The first line is a header with the format version and
// the plan hash; everything after it is appended as the run goes. A run's transitions are its RunEvents less the
// runId (the header holds it): the journal is one more sink of the events the Runner publishes, and a report
// replays those lines as events. See docs/decisions.md (DC6, DC16).
import type { RunEvent } from '../run/run-event.js';

type EventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

export const JOURNAL_FORMAT_VERSION = 1;

export interface JournalHeader {
  type: 'journal';
  version: typeof JOURNAL_FORMAT_VERSION;
  planHash: string;
  runId: string;
  at: number;
}

type Journalled<E extends RunEvent> = Omit<E, 'runId'>;
/** Fields a journal written before the events were journalled whole does not have. */
type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** The RunEvents a journal keeps, as journalled. */
type JournalledEvent =
  | Journalled<EventOf<'step-started'>>
  | Journalled<EventOf<'step-finished'>>
  | Optional<Journalled<EventOf<'step-failed'>>, 'willRetry'>
  | Journalled<EventOf<'finding'>>
  | Optional<Journalled<EventOf<'wave-finished'>>, 'succeeded' | 'failed' | 'durationMs'>
  /** The run's end; its summary is the sum of the lines before it, so only the status is kept. */
  | { type: 'run-finished'; at: number; status: 'succeeded' | 'failed' | 'aborted' };

export type JournalEntry =
  | JournalledEvent
  | { type: 'run-resumed'; at: number; runId: string }
  /** `wpfleet undo SITE` swapped the site back (appended by the command, after the run). */
  | { type: 'site-undone'; at: number; site: string; tablesRestored: number; dirsRestored: string[] }
  /** `wpfleet cleanup` removed the site's staging copy and backup from its target. */
  | { type: 'site-cleaned-up'; at: number; site: string; tables: number; dirs: string[] }
  /** Written when a run resumes after a crash that tore the previous last line; it vouches for that line. */
  | { type: 'torn-line'; at: number; line: number };

/**
 * What the journal keeps of an event: the durable transitions (steps, findings, wave verdicts, the run's end).
 * Progress and the start of waves and sites are for the eyes only; an aborted wave has no verdict to keep.
 */
export function journalEntryOf(event: RunEvent): JournalledEvent | undefined {
  switch (event.type) {
    case 'step-started':
    case 'step-finished':
    case 'step-failed':
    case 'finding': {
      const { runId: _runId, ...entry } = event;
      return entry;
    }
    case 'wave-finished': {
      if (event.status === 'aborted') return undefined;
      const { runId: _runId, ...entry } = event;
      return entry;
    }
    case 'run-finished':
      return { type: 'run-finished', at: event.at, status: event.summary.status };
    default:
      return undefined;
  }
}

/**
 * The steps and findings a journal recorded, as the RunEvents they were, for a report that shows what earlier runs
 * of the plan did. Lines from before events were journalled whole lack `willRetry`: those attempts were final.
 */
export function journalledStepEvents(entries: readonly JournalEntry[], runId: string): RunEvent[] {
  const events: RunEvent[] = [];
  for (const entry of entries) {
    if (entry.type === 'step-failed') events.push({ willRetry: false, ...entry, runId });
    else if (entry.type === 'step-started' || entry.type === 'step-finished' || entry.type === 'finding')
      events.push({ ...entry, runId });
  }
  return events;
}
