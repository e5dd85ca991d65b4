// The wave gate: runs one wave's sites side by side within the slot limits, then judges the wave against the plan's
// gate. A wave that fails its gate (with stopOnWaveFailure) holds every later wave; a held wave runs no site.
import type { SiteStatus, WaveStatus } from './run-event.js';
import { runSite, type SiteResult } from './run-site.js';
import type { RunSession } from './run-session.js';

interface WaveToRun {
  number: number;
  sites: readonly string[];
}

interface WaveOutcome {
  status: WaveStatus;
  /** Set when this wave failed its gate and later waves must be held. */
  holds: boolean;
}

/** Runs `wave` (or holds it when `heldBy` names an earlier wave that failed its gate), filling in `results`. */
export async function runWave(
  session: RunSession,
  wave: WaveToRun,
  heldBy: number | undefined,
  results: Record<string, SiteResult>,
): Promise<WaveOutcome> {
  if (heldBy !== undefined || session.signal.aborted) return holdWave(session, wave, heldBy, results);
  const { plan, runId, now, events, signal } = session;
  const waveStart = now();
  events.publish({ type: 'wave-started', at: waveStart, runId, wave: wave.number, sites: [...wave.sites] });
  await Promise.all(
    wave.sites.map(async (name) => (results[name] = await admitSite(session, name, wave.number))),
  );

  const members = wave.sites.map((n) => results[n]).filter((r): r is SiteResult => r !== undefined);
  const succeeded = members.filter((r) => r.status === 'succeeded').length;
  const failed = members.filter((r) => r.status === 'failed').length;
  const attempted = succeeded + failed;
  const passed = failed === 0 || (attempted > 0 && failed / attempted <= plan.gate.maxFailedFraction);
  const status: WaveStatus = signal.aborted ? 'aborted' : passed ? 'passed' : 'failed';
  let gateMessage: string | undefined;
  const holds = status === 'failed' && plan.gate.stopOnWaveFailure;
  if (status === 'failed') {
    gateMessage = `${failed} of ${attempted} sites failed (gate allows ${Math.round(plan.gate.maxFailedFraction * 100)}%)`;
    if (holds) gateMessage += '; later waves are held';
  }
  await events.commit(
    {
      type: 'wave-finished',
      at: now(),
      runId,
      wave: wave.number,
      status,
      succeeded,
      failed,
      durationMs: now() - waveStart,
      ...(gateMessage === undefined ? {} : { gateMessage }),
    },
    { tellAnyway: true },
  );
  return { status, holds };
}

/** A site of a running wave: it starts once the plan describes it, nothing blocks it and its slots are free. */
async function admitSite(session: RunSession, name: string, waveNumber: number): Promise<SiteResult> {
  const { plan, runId, now, events } = session;
  const site = plan.sites[name];
  if (!site)
    return {
      status: 'skipped',
      wave: waveNumber,
      error: {
        code: 'WPF_PLAN_INVALID',
        message: `the plan's wave ${waveNumber} names site \`${name}\`, which the plan does not describe`,
      },
    };
  const finishedEarly = (status: SiteStatus): void =>
    events.publish({
      type: 'site-finished',
      at: now(),
      runId,
      wave: waveNumber,
      site: name,
      status,
      durationMs: 0,
    });
  if (site.blockers.length > 0) {
    finishedEarly('skipped');
    return {
      status: 'skipped',
      wave: waveNumber,
      error: { code: 'WPF_SITE_BLOCKED', message: site.blockers.map((b) => b.message).join('; ') },
    };
  }
  const release = await session.scheduler.acquire([site.source.host, site.target.host], session.signal);
  if (!release) {
    finishedEarly('aborted');
    return { status: 'aborted', wave: waveNumber };
  }
  try {
    return await runSite(session, site, waveNumber);
  } finally {
    release();
  }
}

/** A wave after a held or aborted one: its sites are skipped (held) or aborted, and none of them starts. */
async function holdWave(
  session: RunSession,
  wave: WaveToRun,
  heldBy: number | undefined,
  results: Record<string, SiteResult>,
): Promise<WaveOutcome> {
  const { runId, now, events, signal } = session;
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
    events.publish({
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
  await events.commit(
    {
      type: 'wave-finished',
      at: now(),
      runId,
      wave: wave.number,
      status: waveStatus,
      succeeded: 0,
      failed: 0,
      durationMs: 0,
      ...(heldBy === undefined ? {} : { gateMessage: `held because wave ${heldBy} did not pass its gate` }),
    },
    { tellAnyway: true },
  );
  return { status: waveStatus, holds: false };
}
