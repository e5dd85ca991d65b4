// Replay: what a journal says about each site and step. The Runner skips completed steps, hands their outputs to
// later steps, and tells a handler when its step is "in doubt" (started, never finished) so it checks first.
import type { JsonObject } from '../plan/json-value.js';
import { asFinding, type Finding } from '../run/finding.js';
import type { WaveStatus } from '../run/run-event.js';
import type { StepKind } from '../run/step-kind.js';
import type { JournalEntry } from './journal-record.js';

type StepReplayState = 'succeeded' | 'skipped' | 'failed' | 'in-doubt';

export interface StepReplay {
  state: StepReplayState;
  /** Attempts started across all runs. */
  attempts: number;
  outputs?: JsonObject;
  lastError?: { code: string; message: string; transient: boolean; aborted: boolean };
  durationMs?: number;
}

interface SiteReplay {
  steps: Partial<Record<StepKind, StepReplay>>;
  findings: Finding[];
  /** When `wpfleet undo` swapped the site back after its swap (absent when the swap stands). */
  undoneAt?: number;
  /** When `wpfleet cleanup` removed its staging copy and backup. */
  cleanedUpAt?: number;
}

export interface JournalReplay {
  /** Keyed by site name, with no prototype: a site named `constructor` or `__proto__` is just a site. */
  sites: Record<string, SiteReplay>;
  waves: Record<number, WaveStatus>;
  runs: number;
  finished?: 'succeeded' | 'failed' | 'aborted';
}

export function isStepDone(replay: StepReplay | undefined): boolean {
  return replay?.state === 'succeeded' || replay?.state === 'skipped';
}

export function replayJournal(entries: readonly JournalEntry[]): JournalReplay {
  const replay: JournalReplay = { sites: Object.create(null) as JournalReplay['sites'], waves: {}, runs: 1 };
  const site = (name: string): SiteReplay => (replay.sites[name] ??= { steps: {}, findings: [] });
  for (const entry of entries) {
    switch (entry.type) {
      case 'run-resumed':
        replay.runs++;
        delete replay.finished;
        break;
      case 'step-started': {
        const s = site(entry.site);
        const previous = s.steps[entry.step];
        s.steps[entry.step] = { ...previous, state: 'in-doubt', attempts: (previous?.attempts ?? 0) + 1 };
        break;
      }
      case 'step-finished': {
        const s = site(entry.site);
        const previous = s.steps[entry.step];
        s.steps[entry.step] = {
          state: entry.status,
          attempts: previous?.attempts ?? 1,
          outputs: entry.outputs,
          durationMs: entry.durationMs,
        };
        if (entry.step === 'swap') delete s.undoneAt;
        break;
      }
      case 'step-failed': {
        const s = site(entry.site);
        const previous = s.steps[entry.step];
        s.steps[entry.step] = {
          state: 'failed',
          attempts: previous?.attempts ?? 1,
          lastError: {
            code: entry.code,
            message: entry.message,
            transient: entry.transient,
            aborted: entry.aborted,
          },
          durationMs: entry.durationMs,
        };
        break;
      }
      case 'finding':
        site(entry.site).findings.push(asFinding(entry.finding));
        break;
      case 'wave-finished':
        replay.waves[entry.wave] = entry.status;
        break;
      case 'run-finished':
        replay.finished = entry.status;
        break;
      case 'site-undone':
        site(entry.site).undoneAt = entry.at;
        break;
      case 'site-cleaned-up':
        site(entry.site).cleanedUpAt = entry.at;
        break;
      case 'torn-line':
        break;
    }
  }
  return replay;
}

/** Outputs of a site's completed steps, as a StepContext's `prior`. */
export function priorOutputs(replay: JournalReplay, siteName: string): Partial<Record<StepKind, JsonObject>> {
  const out: Partial<Record<StepKind, JsonObject>> = {};
  const site = Object.hasOwn(replay.sites, siteName) ? replay.sites[siteName] : undefined;
  for (const [kind, step] of Object.entries(site?.steps ?? {}) as [StepKind, StepReplay][]) {
    if (isStepDone(step)) out[kind] = step.outputs ?? {};
  }
  return out;
}
