// The Runner: executes a Plan wave by wave, each site's step DAG with bounded concurrency per host and overall,
// retries transient failures with backoff, journals every step before and after it runs, and emits RunEvents.
// Failures are values: it returns a RunSummary and throws only for setup problems.
import { WpfleetError, isTransientError } from '../errors/wpfleet-error.js';
import { isStepDone, priorOutputs, replayJournal, type JournalReplay } from '../journal/replay-journal.js';
import type { OpenedJournal } from '../journal/journal.js';
import type { JournalEntry } from '../journal/journal-record.js';
import { safeForJournal } from '../journal/journal.js';
import { redactFinding } from './redact-finding.js';
import { redactText } from '../journal/redact-secret-values.js';
import type { JsonObject } from '../plan/json-value.js';
import type { Plan, PlannedSite } from '../plan/plan.js';
import type { RunEvent, RunEventListener, RunSummary, SiteStatus, WaveStatus } from './run-event.js';
import { SlotScheduler } from './slot-scheduler.js';
import type { StepContext, StepHandlers } from './step-handler.js';
import type { StepFinding } from './finding.js';
import type { StepKind } from './step-kind.js';
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

/** Delay before retry `attempt + 1`: base × 2^(attempt-1), capped. No jitter: sites already spread over hosts. */
function retryDelayMs(attempt: number, retry: { baseDelayMs: number; maxDelayMs: number }): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
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

/** An error as plain facts; its message may quote the site (a PHP notice), so secret-looking parts are redacted. */
function errorFacts(error: unknown): { code: string; message: string; hint?: string } {
  if (error instanceof WpfleetError)
    return {
      code: error.code,
      message: redactText(error.message),
      ...(error.hint === undefined ? {} : { hint: redactText(error.hint) }),
    };
  if (error instanceof Error) return { code: 'WPF_STEP_FAILED', message: redactText(error.message) };
  return { code: 'WPF_STEP_FAILED', message: redactText(String(error)) };
}

const EMPTY_REPLAY: JournalReplay = replayJournal([]);

type SiteResult = RunSummary['sites'][string];

export async function runPlan(options: RunPlanOptions): Promise<RunSummary> {
  const { plan, handlers } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const runId = options.journal?.header.runId ?? options.runId ?? `run-${now()}`;
  const replay = options.journal?.replay ?? EMPTY_REPLAY;
  const journal = options.journal?.journal;
  const startedAt = now();

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

  // One controller for the run: the caller's signal and an internal stop (journal write failure) both abort it.
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = controller.signal;

  const emit = (event: RunEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A broken reporter must not break a migration; reporters are documented not to throw.
    }
  };

  let journalError: unknown;
  let chain: Promise<void> = Promise.resolve();
  /**
   * Serialised, write-ahead journal appends; a write failure stops the run (it could no longer resume safely).
   * A refused record (a secret in a step's outputs) only rejects its own promise: the step fails, the run goes on.
   */
  const write = (entry: JournalEntry): Promise<void> => {
    if (!journal) return Promise.resolve();
    let safe: JournalEntry;
    try {
      safe = safeForJournal(entry);
    } catch (error) {
      return Promise.reject(error);
    }
    const pending = chain.then(() => journal.record(safe));
    chain = pending.catch((error: unknown) => {
      journalError ??= error;
      controller.abort(error);
    });
    return pending;
  };

  const selected = (name: string): boolean => options.sites === undefined || options.sites.includes(name);
  const waves = plan.waves
    .map((w) => ({ ...w, sites: w.sites.filter(selected) }))
    .filter((w) => w.sites.length > 0);
  const scheduler = new SlotScheduler({
    global: plan.limits.global,
    perHost: plan.limits.perHost,
    defaultPerHost: 1,
  });
  // Keyed by site name: no prototype, so no name can reach Object.prototype.
  const results = Object.create(null) as Record<string, SiteResult>;
  const waveResults: { number: number; status: WaveStatus }[] = [];
  let findings = 0;
  let heldBy: number | undefined;
  // The step attempts running now, each with a way to fail it from outside its own promise chain; and the latest
  // context of every step that ran, for an error its leftovers raise after it finished.
  const running = new Map<string, (error: unknown) => void>();
  const contexts = new Map<string, { finding: (f: StepFinding) => void }>();
  const unsubscribeStray = options.strayErrors?.subscribe((error, scope) => {
    const message = error instanceof Error ? error.message : String(error);
    const key = scope && `${scope.site}\0${scope.step}`;
    const fail = key && running.get(key);
    if (fail) {
      fail(
        new WpfleetError(
          'WPF_STRAY_ERROR',
          `an error no code of the ${scope.step} step handled: ${message}`,
          {
            kind: 'bug',
            where: { site: scope.site, step: scope.step },
            hint: 'the step was failed and the other sites carried on; please report this with the run directory',
            cause: error,
          },
        ),
      );
      return;
    }
    const finished = key && contexts.get(key);
    if (finished) {
      finished.finding({
        severity: 'warning',
        code: 'stray-error',
        message: `an error raised after the step had finished: ${message}`,
      });
      return;
    }
    // No scope: every step running now gets a warning, since one of them may be the cause; none is failed on a guess.
    for (const other of running.keys())
      contexts
        .get(other)
        ?.finding({
          severity: 'warning',
          code: 'stray-error',
          message: `an error no step handled: ${message}`,
        });
  });

  emit({
    type: 'run-started',
    at: now(),
    runId,
    planHash: plan.hash,
    waves: waves.map((w) => ({ number: w.number, sites: [...w.sites] })),
    resumed: options.journal?.resumed ?? false,
  });

  for (const wave of waves) {
    if (heldBy !== undefined || signal.aborted) {
      const status: SiteStatus = signal.aborted ? 'aborted' : 'skipped';
      for (const name of wave.sites) {
        results[name] = {
          status,
          wave: wave.number,
          ...(heldBy === undefined || signal.aborted
            ? {}
            : {
                error: {
                  code: 'WPF_WAVE_HELD',
                  message: `wave ${heldBy} did not pass its gate, so wave ${wave.number} was held`,
                },
              }),
        };
        emit({
          type: 'site-finished',
          at: now(),
          runId,
          wave: wave.number,
          site: name,
          status,
          durationMs: 0,
        });
      }
      const waveStatus: WaveStatus = signal.aborted ? 'aborted' : 'held';
      waveResults.push({ number: wave.number, status: waveStatus });
      emit({
        type: 'wave-finished',
        at: now(),
        runId,
        wave: wave.number,
        status: waveStatus,
        succeeded: 0,
        failed: 0,
        durationMs: 0,
        ...(heldBy === undefined ? {} : { gateMessage: `held because wave ${heldBy} did not pass its gate` }),
      });
      if (!signal.aborted)
        await write({ type: 'wave-finished', at: now(), wave: wave.number, status: waveStatus }).catch(
          () => undefined,
        );
      continue;
    }

    const waveStart = now();
    emit({ type: 'wave-started', at: waveStart, runId, wave: wave.number, sites: [...wave.sites] });
    await Promise.all(
      wave.sites.map(async (name) => {
        const site = plan.sites[name];
        if (!site) {
          results[name] = {
            status: 'skipped',
            wave: wave.number,
            error: {
              code: 'WPF_PLAN_INVALID',
              message: `the plan's wave ${wave.number} names site \`${name}\`, which the plan does not describe`,
            },
          };
          return;
        }
        if (site.blockers.length > 0) {
          results[name] = {
            status: 'skipped',
            wave: wave.number,
            error: { code: 'WPF_SITE_BLOCKED', message: site.blockers.map((b) => b.message).join('; ') },
          };
          emit({
            type: 'site-finished',
            at: now(),
            runId,
            wave: wave.number,
            site: name,
            status: 'skipped',
            durationMs: 0,
          });
          return;
        }
        const release = await scheduler.acquire([site.source.host, site.target.host], signal);
        if (!release) {
          results[name] = { status: 'aborted', wave: wave.number };
          emit({
            type: 'site-finished',
            at: now(),
            runId,
            wave: wave.number,
            site: name,
            status: 'aborted',
            durationMs: 0,
          });
          return;
        }
        try {
          results[name] = await runSite(site, wave.number);
        } finally {
          release();
        }
      }),
    );

    const members = wave.sites.map((n) => results[n]).filter((r): r is SiteResult => r !== undefined);
    const succeeded = members.filter((r) => r.status === 'succeeded').length;
    const failed = members.filter((r) => r.status === 'failed').length;
    const attempted = succeeded + failed;
    const passed = failed === 0 || (attempted > 0 && failed / attempted <= plan.gate.maxFailedFraction);
    const status: WaveStatus = signal.aborted ? 'aborted' : passed ? 'passed' : 'failed';
    let gateMessage: string | undefined;
    if (status === 'failed') {
      gateMessage = `${failed} of ${attempted} sites failed (gate allows ${Math.round(plan.gate.maxFailedFraction * 100)}%)`;
      if (plan.gate.stopOnWaveFailure) {
        heldBy = wave.number;
        gateMessage += '; later waves are held';
      }
    }
    waveResults.push({ number: wave.number, status });
    emit({
      type: 'wave-finished',
      at: now(),
      runId,
      wave: wave.number,
      status,
      succeeded,
      failed,
      durationMs: now() - waveStart,
      ...(gateMessage === undefined ? {} : { gateMessage }),
    });
    if (status !== 'aborted')
      await write({ type: 'wave-finished', at: now(), wave: wave.number, status }).catch(() => undefined);
  }

  const all = Object.values(results);
  const count = (s: SiteStatus): number => all.filter((r) => r.status === s).length;
  const aborted = signal.aborted;
  const summary: RunSummary = {
    planHash: plan.hash,
    status: aborted ? 'aborted' : count('failed') + count('skipped') > 0 ? 'failed' : 'succeeded',
    sites: results,
    waves: waveResults,
    succeeded: count('succeeded'),
    failed: count('failed'),
    aborted: count('aborted'),
    skipped: count('skipped'),
    findings,
    durationMs: now() - startedAt,
    ...(journalError === undefined ? {} : { journalError: errorFacts(journalError) }),
  };
  if (journalError === undefined)
    await write({ type: 'run-finished', at: now(), status: summary.status }).catch(() => undefined);
  await chain;
  unsubscribeStray?.();
  options.signal?.removeEventListener('abort', onOuterAbort);
  emit({ type: 'run-finished', at: now(), runId, summary });
  return summary;

  async function runSite(site: PlannedSite, waveNumber: number): Promise<SiteResult> {
    const siteStart = now();
    const siteReplay = replay.sites[site.name];
    const prior: Partial<Record<StepKind, JsonObject>> = priorOutputs(replay, site.name);
    const state = new Map<StepKind, 'pending' | 'done' | 'failed'>();
    for (const step of site.steps)
      state.set(step.kind, isStepDone(siteReplay?.steps[step.kind]) ? 'done' : 'pending');
    const alreadyDone = site.steps.filter((s) => state.get(s.kind) === 'done').map((s) => s.kind);
    emit({ type: 'site-started', at: siteStart, runId, wave: waveNumber, site: site.name, alreadyDone });

    const inflight = new Map<StepKind, Promise<void>>();
    let failure: { step: StepKind; error: { code: string; message: string } } | undefined;
    const ready = (kind: StepKind, dependsOn: readonly StepKind[]): boolean =>
      state.get(kind) === 'pending' &&
      !inflight.has(kind) &&
      dependsOn.every((d) => !state.has(d) || state.get(d) === 'done');

    for (;;) {
      if (failure === undefined && !signal.aborted) {
        for (const step of site.steps) {
          if (!ready(step.kind, step.dependsOn)) continue;
          const kind = step.kind;
          inflight.set(
            kind,
            runStep(site, kind).then((result) => {
              inflight.delete(kind);
              state.set(kind, result.ok ? 'done' : 'failed');
              if (!result.ok && !result.aborted) failure ??= { step: kind, error: result.error };
            }),
          );
        }
      }
      if (inflight.size === 0) break;
      await Promise.race(inflight.values());
    }

    const done = [...state.values()].every((s) => s === 'done');
    const status: SiteStatus = done ? 'succeeded' : failure ? 'failed' : 'aborted';
    const durationMs = now() - siteStart;
    emit({
      type: 'site-finished',
      at: now(),
      runId,
      wave: waveNumber,
      site: site.name,
      status,
      durationMs,
      ...(failure ? { failedStep: failure.step } : {}),
    });
    return {
      status,
      wave: waveNumber,
      ...(failure ? { failedStep: failure.step, error: failure.error } : {}),
    };

    async function runStep(
      planned: PlannedSite,
      kind: StepKind,
    ): Promise<{ ok: true } | { ok: false; aborted: boolean; error: { code: string; message: string } }> {
      const handler = handlers[kind];
      const previous = siteReplay?.steps[kind];
      for (let attempt = 1; ; attempt++) {
        if (signal.aborted)
          return { ok: false, aborted: true, error: { code: 'WPF_ABORTED', message: 'the run was stopped' } };
        // Any earlier attempt that did not end in success may have left part of its effect behind.
        const inDoubt = attempt > 1 || previous?.state === 'in-doubt' || previous?.state === 'failed';
        const started = now();
        try {
          await write({
            type: 'step-started',
            at: started,
            site: planned.name,
            step: kind,
            attempt,
            inDoubt,
          });
          emit({
            type: 'step-started',
            at: started,
            runId,
            site: planned.name,
            step: kind,
            attempt,
            inDoubt,
          });
          const context: StepContext = {
            site: planned,
            plan,
            step: kind,
            signal,
            attempt,
            inDoubt,
            prior: { ...prior },
            emit: (progress) =>
              emit({ type: 'step-progress', at: now(), runId, site: planned.name, step: kind, ...progress }),
            finding: (f) => {
              // Redacted before reporters see it too: a report is as durable as the journal.
              const finding = redactFinding({ ...f, where: { ...f.where, site: planned.name, step: kind } });
              findings++;
              emit({ type: 'finding', at: now(), runId, site: planned.name, step: kind, finding });
              write({ type: 'finding', at: now(), site: planned.name, step: kind, finding }).catch(
                () => undefined,
              );
            },
          };
          const key = `${planned.name}\0${kind}`;
          contexts.set(key, context);
          const stray = new Promise<never>((_, reject) => running.set(key, reject));
          const outcome = await Promise.race([
            options.strayErrors
              ? options.strayErrors.run({ site: planned.name, step: kind }, () => handler(context))
              : handler(context),
            stray,
          ]).finally(() => running.delete(key));
          const outputs = outcome.outputs ?? {};
          const durationMs = now() - started;
          await write({
            type: 'step-finished',
            at: now(),
            site: planned.name,
            step: kind,
            status: outcome.status,
            attempt,
            durationMs,
            outputs,
          });
          prior[kind] = outputs;
          emit({
            type: 'step-finished',
            at: now(),
            runId,
            site: planned.name,
            step: kind,
            status: outcome.status,
            durationMs,
            attempt,
            outputs,
          });
          return { ok: true };
        } catch (error) {
          const aborted = signal.aborted;
          const facts = errorFacts(error);
          const transient = !aborted && isTransientError(error);
          const willRetry = transient && attempt < plan.retry.attempts;
          const retryInMs = willRetry ? retryDelayMs(attempt, plan.retry) : undefined;
          const durationMs = now() - started;
          await write({
            type: 'step-failed',
            at: now(),
            site: planned.name,
            step: kind,
            attempt,
            durationMs,
            code: facts.code,
            message: facts.message,
            transient,
            aborted,
          }).catch(() => undefined);
          emit({
            type: 'step-failed',
            at: now(),
            runId,
            site: planned.name,
            step: kind,
            ...facts,
            transient,
            attempt,
            willRetry,
            durationMs,
            ...(retryInMs === undefined ? {} : { retryInMs }),
          });
          if (!willRetry) return { ok: false, aborted, error: { code: facts.code, message: facts.message } };
          await sleep(retryInMs ?? 0, signal);
        }
      }
    }
  }
}
