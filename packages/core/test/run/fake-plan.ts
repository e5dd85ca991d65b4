// Builds real Plans for Runner tests from a compact description, through the real fleet parser and planner.
import {
  buildPlan,
  loadFleet,
  type Plan,
  type StepHandler,
  type StepHandlers,
  type StepKind,
} from '@wpfleet/core';

export interface FakeSite {
  name: string;
  source: string;
  target: string;
  wave?: number;
}

export function fakePlan(
  sites: FakeSite[],
  options: {
    hosts?: Record<string, number>;
    global?: number;
    stopOnWaveFailure?: boolean;
    maxFailedFraction?: number;
    attempts?: number;
  } = {},
): Plan {
  const hostNames = new Set(sites.flatMap((s) => [s.source, s.target]));
  const fleet = loadFleet(
    JSON.stringify({
      version: 1,
      defaults: {
        concurrency: { global: options.global ?? 8, perHost: 2 },
        retries: { attempts: options.attempts ?? 3, baseDelayMs: 100, maxDelayMs: 1000 },
        waves: {
          maxSize: 50,
          stopOnWaveFailure: options.stopOnWaveFailure ?? true,
          maxFailedFraction: options.maxFailedFraction ?? 0,
        },
      },
      hosts: Object.fromEntries(
        [...hostNames].map((h) => [
          h,
          { transport: 'local', ...(options.hosts?.[h] ? { concurrency: options.hosts[h] } : {}) },
        ]),
      ),
      sites: Object.fromEntries(
        sites.map((s) => [
          s.name,
          {
            source: { host: s.source, path: `/src/${s.name}`, url: `http://${s.name}.test` },
            target: { host: s.target, path: `/dst/${s.name}`, url: `http://${s.name}.test` },
            wave: s.wave ?? 1,
          },
        ]),
      ),
    }),
  );
  return buildPlan({ fleet });
}

export interface Call {
  site: string;
  step: StepKind;
  attempt: number;
  inDoubt: boolean;
  prior: string[];
}

/** Handlers that record calls and delegate to `behaviour` (default: succeed after a tick). */
export function fakeHandlers(
  behaviour: (call: Call, signal: AbortSignal) => Promise<Record<string, string> | void> = async () =>
    undefined,
): {
  handlers: StepHandlers;
  calls: Call[];
} {
  const calls: Call[] = [];
  const make =
    (step: StepKind): StepHandler =>
    async (ctx) => {
      const call: Call = {
        site: ctx.site.name,
        step,
        attempt: ctx.attempt,
        inDoubt: ctx.inDoubt,
        prior: Object.keys(ctx.prior).sort(),
      };
      calls.push(call);
      await new Promise((r) => setTimeout(r, 1));
      const outputs = await behaviour(call, ctx.signal);
      return { status: 'succeeded', outputs: outputs ?? { by: `${step}@${ctx.site.name}` } };
    };
  return {
    calls,
    handlers: {
      preflight: make('preflight'),
      db: make('db'),
      files: make('files'),
      verify: make('verify'),
      swap: make('swap'),
      'http-check': make('http-check'),
    },
  };
}
