// The step runner: one step of one site, attempt after attempt. Each attempt is journalled before it starts and
// after it ends (write-ahead), transient failures are retried with backoff, and the outcome is a value.
import { WpfleetError, isTransientError } from '../errors/wpfleet-error.js';
import { redactText } from '../journal/redact-secret-values.js';
import type { StepReplay } from '../journal/replay-journal.js';
import type { JsonObject } from '../plan/json-value.js';
import type { PlannedSite } from '../plan/plan.js';
import { redactFinding } from './redact-finding.js';
import type { RunSession } from './run-session.js';
import type { StepContext } from './step-handler.js';
import type { StepKind } from './step-kind.js';

type StepResult =
  | { ok: true; outputs: JsonObject }
  | { ok: false; aborted: boolean; error: { code: string; message: string } };

/** Delay before retry `attempt + 1`: base × 2^(attempt-1), capped. No jitter: sites already spread over hosts. */
function retryDelayMs(attempt: number, retry: { baseDelayMs: number; maxDelayMs: number }): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** An error as plain facts; its message may quote the site (a PHP notice), so secret-looking parts are redacted. */
export function errorFacts(error: unknown): { code: string; message: string; hint?: string } {
  if (error instanceof WpfleetError)
    return {
      code: error.code,
      message: redactText(error.message),
      ...(error.hint === undefined ? {} : { hint: redactText(error.hint) }),
    };
  if (error instanceof Error) return { code: 'WPF_STEP_FAILED', message: redactText(error.message) };
  return { code: 'WPF_STEP_FAILED', message: redactText(String(error)) };
}

/**
 * Runs `kind` for `site` until it succeeds, fails for good or the run stops. `prior` holds the outputs of the site's
 * steps done so far; `previous` is what the journal said of this step before this run.
 */
export async function runStep(
  session: RunSession,
  site: PlannedSite,
  kind: StepKind,
  prior: Readonly<Partial<Record<StepKind, JsonObject>>>,
  previous: StepReplay | undefined,
): Promise<StepResult> {
  const { plan, runId, signal, now, events } = session;
  const handler = session.handlers[kind];
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted)
      return { ok: false, aborted: true, error: { code: 'WPF_ABORTED', message: 'the run was stopped' } };
    // Any earlier attempt that did not end in success may have left part of its effect behind.
    const inDoubt = attempt > 1 || previous?.state === 'in-doubt' || previous?.state === 'failed';
    const started = now();
    try {
      await events.commit({
        type: 'step-started',
        at: started,
        runId,
        site: site.name,
        step: kind,
        attempt,
        inDoubt,
      });
      const context: StepContext = {
        site,
        plan,
        step: kind,
        signal,
        attempt,
        inDoubt,
        prior: { ...prior },
        emit: (progress) =>
          events.publish({
            type: 'step-progress',
            at: now(),
            runId,
            site: site.name,
            step: kind,
            ...progress,
          }),
        finding: (f) => {
          // Redacted before reporters see it too: a report is as durable as the journal.
          const finding = redactFinding({ ...f, where: { ...f.where, site: site.name, step: kind } });
          events.publish({ type: 'finding', at: now(), runId, site: site.name, step: kind, finding });
        },
      };
      const outcome = await session.steps.watch(context, session.strayErrors, () => handler(context));
      const outputs = outcome.outputs ?? {};
      await events.commit({
        type: 'step-finished',
        at: now(),
        runId,
        site: site.name,
        step: kind,
        status: outcome.status,
        durationMs: now() - started,
        attempt,
        outputs,
      });
      return { ok: true, outputs };
    } catch (error) {
      const aborted = signal.aborted;
      const facts = errorFacts(error);
      const transient = !aborted && isTransientError(error);
      const willRetry = transient && attempt < plan.retry.attempts;
      const retryInMs = willRetry ? retryDelayMs(attempt, plan.retry) : undefined;
      await events.commit(
        {
          type: 'step-failed',
          at: now(),
          runId,
          site: site.name,
          step: kind,
          ...facts,
          transient,
          aborted,
          attempt,
          willRetry,
          durationMs: now() - started,
          ...(retryInMs === undefined ? {} : { retryInMs }),
        },
        { tellAnyway: true },
      );
      if (!willRetry) return { ok: false, aborted, error: { code: facts.code, message: facts.message } };
      await session.sleep(retryInMs ?? 0, signal);
    }
  }
}
