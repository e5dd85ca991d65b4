// The Runner: executes a Plan wave by wave and returns a RunSummary. It is three parts: the wave gate (run-wave.ts),
// the per-site runner (run-site.ts) and the step runner (run-step.ts); this file sets up what they share and sums
// up. Every transition is published once (event-publisher.ts), to the journal and the reporters alike.
// Failures are values: it throws only for setup problems.
import { WpfleetError } from '../errors/wpfleet-error.js';
import { replayJournal, type JournalReplay } from '../journal/replay-journal.js';
import type { OpenedJournal } from '../journal/journal.js';
import type { Plan } from '../plan/plan.js';
import { EventPublisher } from './event-publisher.js';
import type { RunEventListener, RunSummary, SiteStatus, WaveStatus } from './run-event.js';
import type { RunSession } from './run-session.js';
import type { SiteResult } from './run-site.js';
import { errorFacts } from './run-step.js';
import { runWave } from './run-wave.js';
import { SlotScheduler } from './slot-scheduler.js';
import type { StepHandlers } from './step-handler.js';
import { StepWatch } from './step-watch.js';
import type { StrayErrors } from './stray-errors.js';

export interface RunPlanOptions {
  plan: Plan;
  handlers: StepHandlers;
  /** Abort: no new step starts, running steps get the signal, the run stays resumable. */
  signal?: AbortSignal;
  onEvent?: RunEventListener;
  /** Without a journal nothing is recorded and nothing can resume (dry runs, tests). */
  journal?: OpenedJournal;
  runId?: string;
  /** Only these sites (all when absent). */
  sites?: readonly string[];
  now?: () => number;
  /** Injected so tests need not wait for real backoff delays. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Where errors no step awaited are caught (the CLI passes the process-wide one); none in plain tests. */
  strayErrors?: StrayErrors;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

const EMPTY_REPLAY: JournalReplay = replayJournal([]);

export async function runPlan(options: RunPlanOptions): Promise<RunSummary> {
  const { plan, handlers } = options;
  const now = options.now ?? Date.now;
  const runId = options.journal?.header.runId ?? options.runId ?? `run-${now()}`;
  const startedAt = now();
  assertHandlersFor(plan, handlers);

  // One controller for the run: the caller's signal and an internal stop (journal write failure) both abort it.
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const session: RunSession = {
    plan,
    handlers,
    runId,
    replay: options.journal?.replay ?? EMPTY_REPLAY,
    signal: controller.signal,
    now,
    sleep: options.sleep ?? defaultSleep,
    events: new EventPublisher(options.journal?.journal, options.onEvent, (error) => controller.abort(error)),
    scheduler: new SlotScheduler({
      global: plan.limits.global,
      perHost: plan.limits.perHost,
      defaultPerHost: 1,
    }),
    steps: new StepWatch(),
    strayErrors: options.strayErrors,
  };
  const { events } = session;
  const unsubscribeStray = session.steps.subscribe(options.strayErrors);

  const selected = (name: string): boolean => options.sites === undefined || options.sites.includes(name);
  const waves = plan.waves
    .map((w) => ({ ...w, sites: w.sites.filter(selected) }))
    .filter((w) => w.sites.length > 0);
  events.publish({
    type: 'run-started',
    at: now(),
    runId,
    planHash: plan.hash,
    waves: waves.map((w) => ({ number: w.number, sites: [...w.sites] })),
    resumed: options.journal?.resumed ?? false,
  });

  // Keyed by site name: no prototype, so no name can reach Object.prototype.
  const results = Object.create(null) as Record<string, SiteResult>;
  const waveResults: { number: number; status: WaveStatus }[] = [];
  let heldBy: number | undefined;
  for (const wave of waves) {
    const outcome = await runWave(session, wave, heldBy, results);
    waveResults.push({ number: wave.number, status: outcome.status });
    if (outcome.holds) heldBy = wave.number;
  }

  const all = Object.values(results);
  const count = (s: SiteStatus): number => all.filter((r) => r.status === s).length;
  const journalError = events.journalError;
  const summary: RunSummary = {
    planHash: plan.hash,
    status: controller.signal.aborted
      ? 'aborted'
      : count('failed') + count('skipped') > 0
        ? 'failed'
        : 'succeeded',
    sites: results,
    waves: waveResults,
    succeeded: count('succeeded'),
    failed: count('failed'),
    aborted: count('aborted'),
    skipped: count('skipped'),
    findings: events.findings,
    durationMs: now() - startedAt,
    ...(journalError === undefined ? {} : { journalError: errorFacts(journalError) }),
  };
  unsubscribeStray?.();
  options.signal?.removeEventListener('abort', onOuterAbort);
  const finished = { type: 'run-finished', at: now(), runId, summary } as const;
  // After a failed write the journal takes nothing more: the run's end is told, not journalled.
  if (journalError === undefined) await events.commit(finished, { tellAnyway: true });
  else {
    await events.settled();
    events.publish(finished, { journal: false });
  }
  return summary;
}

function assertHandlersFor(plan: Plan, handlers: StepHandlers): void {
  for (const site of Object.values(plan.sites)) {
    for (const step of site.steps) {
      if (typeof handlers[step.kind] !== 'function') {
        throw new WpfleetError(
          'WPF_STEP_HANDLER_MISSING',
          `no handler for step \`${step.kind}\` (site \`${site.name}\`)`,
          { kind: 'bug', hint: 'the plan names a step this wpfleet cannot run' },
        );
      }
    }
  }
}
