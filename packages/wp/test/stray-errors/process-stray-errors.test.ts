import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPlan, loadFleet, runPlan, type StepHandler, type StepHandlers } from '@wpfleet/core';
import { processStrayErrors } from '@wpfleet/wp';

// Vitest reports any uncaught error as a failed run; its own listeners step aside for these tests, so that what
// the process sees is what a wpfleet run would see.
const events = ['uncaughtException', 'unhandledRejection'] as const;
let saved: Record<string, ((...args: unknown[]) => void)[]> = {};
beforeEach(() => {
  saved = Object.fromEntries(events.map((e) => [e, process.rawListeners(e) as (() => void)[]]));
  for (const e of events) process.removeAllListeners(e);
});
afterEach(() => {
  for (const e of events) {
    process.removeAllListeners(e);
    for (const listener of saved[e] ?? []) process.on(e, listener);
  }
});

function twoSitePlan() {
  const site = (name: string) => ({
    source: { host: 'old', path: `/src/${name}`, url: `http://${name}.test` },
    target: { host: 'new', path: `/dst/${name}`, url: `http://${name}.test` },
  });
  const fleet = loadFleet(
    JSON.stringify({
      version: 1,
      defaults: { retries: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } },
      hosts: { old: { transport: 'local', concurrency: 2 }, new: { transport: 'local', concurrency: 2 } },
      sites: { broken: site('broken'), fine: site('fine') },
    }),
  );
  return buildPlan({ fleet });
}

function handlers(db: StepHandler): StepHandlers {
  const ok: StepHandler = async () => {
    await new Promise((r) => setTimeout(r, 5));
    return { status: 'succeeded' };
  };
  return { preflight: ok, db, files: ok, verify: ok, swap: ok, 'http-check': ok };
}

describe('errors no step handled, during a real run', () => {
  it("fails the site whose emitter raised an 'error' nobody listened to, and the other site finishes", async () => {
    const summary = await runPlan({
      plan: twoSitePlan(),
      strayErrors: processStrayErrors(),
      handlers: handlers(async (ctx) => {
        if (ctx.site.name === 'broken') {
          const socketLike = new EventEmitter();
          setTimeout(() => socketLike.emit('error', new Error('read ECONNRESET')), 5);
          await new Promise((resolve) => socketLike.once('close', resolve));
        }
        return { status: 'succeeded' };
      }),
    });
    expect(summary.sites['fine']?.status).toBe('succeeded');
    expect(summary.sites['broken']).toMatchObject({
      status: 'failed',
      failedStep: 'db',
      error: { code: 'WPF_STRAY_ERROR' },
    });
    expect(process.listenerCount('uncaughtException')).toBe(0);
  });

  it('fails the site whose step left a rejected promise nobody awaited', async () => {
    const summary = await runPlan({
      plan: twoSitePlan(),
      strayErrors: processStrayErrors(),
      handlers: handlers(async (ctx) => {
        if (ctx.site.name === 'broken') {
          void Promise.reject(new Error('stream destroyed'));
          await new Promise(() => undefined);
        }
        return { status: 'succeeded' };
      }),
    });
    expect(summary.sites['fine']?.status).toBe('succeeded');
    expect(summary.sites['broken']?.error?.message).toContain('stream destroyed');
  });
});
