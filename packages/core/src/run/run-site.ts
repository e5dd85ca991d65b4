// The per-site runner: a site's step DAG, each step started as soon as the steps it depends on are done (db and
// files side by side), skipping what the journal says is done, and stopping at the first step that fails for good.
import { isStepDone, priorOutputs } from '../journal/replay-journal.js';
import type { PlannedSite } from '../plan/plan.js';
import type { RunSummary, SiteStatus } from './run-event.js';
import type { RunSession } from './run-session.js';
import { runStep } from './run-step.js';
import type { StepKind } from './step-kind.js';

export type SiteResult = RunSummary['sites'][string];

export async function runSite(
  session: RunSession,
  site: PlannedSite,
  waveNumber: number,
): Promise<SiteResult> {
  const { runId, now, events, signal, replay } = session;
  const siteStart = now();
  const siteReplay = replay.sites[site.name];
  const prior = priorOutputs(replay, site.name);
  const state = new Map<StepKind, 'pending' | 'done' | 'failed'>();
  for (const step of site.steps)
    state.set(step.kind, isStepDone(siteReplay?.steps[step.kind]) ? 'done' : 'pending');
  const alreadyDone = site.steps.filter((s) => state.get(s.kind) === 'done').map((s) => s.kind);
  events.publish({
    type: 'site-started',
    at: siteStart,
    runId,
    wave: waveNumber,
    site: site.name,
    alreadyDone,
  });

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
          runStep(session, site, kind, prior, siteReplay?.steps[kind]).then((result) => {
            inflight.delete(kind);
            state.set(kind, result.ok ? 'done' : 'failed');
            if (result.ok) prior[kind] = result.outputs;
            else if (!result.aborted) failure ??= { step: kind, error: result.error };
          }),
        );
      }
    }
    if (inflight.size === 0) break;
    await Promise.race(inflight.values());
  }

  const done = [...state.values()].every((s) => s === 'done');
  const status: SiteStatus = done ? 'succeeded' : failure ? 'failed' : 'aborted';
  events.publish({
    type: 'site-finished',
    at: now(),
    runId,
    wave: waveNumber,
    site: site.name,
    status,
    durationMs: now() - siteStart,
    ...(failure ? { failedStep: failure.step } : {}),
  });
  return { status, wave: waveNumber, ...(failure ? { failedStep: failure.step, error: failure.error } : {}) };
}
