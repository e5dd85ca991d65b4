import { describe, expect, it } from 'vitest';
import {
  Journal,
  journalledStepEvents,
  MemoryJournalStore,
  parseJournal,
  REDACTED_SECRET,
  runPlan,
  WpfleetError,
  type OpenedJournal,
  type Plan,
  type RunEvent,
  type StepHandlers,
  type StepScope,
  type StrayErrors,
} from '@wpfleet/core';
import { fakeHandlers, fakePlan, type FakeSite } from './fake-plan.js';

const noSleep = async (): Promise<void> => undefined;
const fail = (message: string, transient = false): WpfleetError =>
  new WpfleetError('WPF_TEST_FAILURE', message, { kind: 'environment', transient });

function sites(
  n: number,
  source: (i: number) => string,
  target: (i: number) => string,
  wave?: (i: number) => number,
): FakeSite[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `s${i}`,
    source: source(i),
    target: target(i),
    ...(wave ? { wave: wave(i) } : {}),
  }));
}

/** `n` sites all moving from host `old` to host `new`. */
const movingSites = (n: number): FakeSite[] =>
  sites(
    n,
    () => 'old',
    () => 'new',
  );

/** A fresh in-memory journal for `plan`, run `r1`, its clock stopped at 1. */
async function openJournal(plan: Plan): Promise<{ store: MemoryJournalStore; opened: OpenedJournal }> {
  const store = new MemoryJournalStore();
  const opened = await Journal.open(store, { planHash: plan.hash, runId: 'r1', now: () => 1 });
  return { store, opened };
}

describe('runPlan', () => {
  it('runs every step of every site in DAG order and reports success', async () => {
    const plan = fakePlan(movingSites(3));
    const { handlers, calls } = fakeHandlers();
    const events: RunEvent[] = [];
    const summary = await runPlan({ plan, handlers, onEvent: (e) => events.push(e), sleep: noSleep });
    expect(summary.status).toBe('succeeded');
    expect(summary.succeeded).toBe(3);
    for (const site of ['s0', 's1', 's2']) {
      const order = calls.filter((c) => c.site === site).map((c) => c.step);
      expect(order.slice(0, 1)).toEqual(['preflight']);
      expect(order.slice(1, 3).sort()).toEqual(['db', 'files']);
      expect(order.slice(3)).toEqual(['verify', 'swap', 'http-check']);
      expect(calls.find((c) => c.site === site && c.step === 'verify')?.prior).toEqual([
        'db',
        'files',
        'preflight',
      ]);
    }
    expect(events[0]?.type).toBe('run-started');
    expect(events.at(-1)?.type).toBe('run-finished');
    expect(events.filter((e) => e.type === 'step-finished')).toHaveLength(18);
  });

  it('never exceeds the per-host and global caps', async () => {
    // 12 sites over 3 source and 2 target hosts; host a is both a source and a target.
    const plan = fakePlan(
      sites(
        12,
        (i) => ['a', 'b', 'c'][i % 3] ?? 'a',
        (i) => ['a', 'd'][i % 2] ?? 'd',
      ),
      {
        hosts: { a: 2, b: 1, c: 3, d: 2 },
        global: 3,
      },
    );
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    const bump = (host: string, by: number): void => {
      const n = (active.get(host) ?? 0) + by;
      active.set(host, n);
      peak.set(host, Math.max(peak.get(host) ?? 0, n));
    };
    const hostsOf = (site: string): string[] => {
      const s = plan.sites[site];
      return [...new Set([s?.source.host ?? '', s?.target.host ?? '', '*'])];
    };
    const { handlers } = fakeHandlers(async (call) => {
      if (call.step === 'preflight') for (const h of hostsOf(call.site)) bump(h, 1);
      await new Promise((r) => setTimeout(r, 3));
      if (call.step === 'http-check') for (const h of hostsOf(call.site)) bump(h, -1);
    });
    const summary = await runPlan({ plan, handlers, sleep: noSleep });
    expect(summary.succeeded).toBe(12);
    expect(peak.get('*')).toBe(3);
    expect(peak.get('a')).toBeLessThanOrEqual(2);
    expect(peak.get('b')).toBe(1);
    expect(peak.get('c')).toBeLessThanOrEqual(3);
    expect(peak.get('d')).toBeLessThanOrEqual(2);
  });

  it('lets the other sites finish when one site fails, and stops that site at the failed step', async () => {
    const plan = fakePlan(movingSites(3));
    const { handlers, calls } = fakeHandlers(async (call) => {
      if (call.site === 's1' && call.step === 'db') throw fail('import failed: Unknown collation');
    });
    const summary = await runPlan({ plan, handlers, sleep: noSleep });
    expect(summary.sites['s0']?.status).toBe('succeeded');
    expect(summary.sites['s2']?.status).toBe('succeeded');
    expect(summary.sites['s1']).toMatchObject({
      status: 'failed',
      failedStep: 'db',
      error: { code: 'WPF_TEST_FAILURE' },
    });
    expect(
      calls
        .filter((c) => c.site === 's1')
        .map((c) => c.step)
        .sort(),
    ).toEqual(['db', 'files', 'preflight']);
    expect(summary.status).toBe('failed');
  });

  it('retries transient failures with exponential backoff, and only those', async () => {
    const plan = fakePlan(movingSites(2), { attempts: 4 });
    const delays: number[] = [];
    const { handlers, calls } = fakeHandlers(async (call) => {
      if (call.site === 's0' && call.step === 'db' && call.attempt < 3) throw fail('connection reset', true);
      if (call.site === 's1' && call.step === 'files') throw fail('permission denied', false);
    });
    const events: RunEvent[] = [];
    const summary = await runPlan({
      plan,
      handlers,
      onEvent: (e) => events.push(e),
      sleep: async (ms) => void delays.push(ms),
    });
    expect(summary.sites['s0']?.status).toBe('succeeded');
    expect(
      calls.filter((c) => c.site === 's0' && c.step === 'db').map((c) => [c.attempt, c.inDoubt]),
    ).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
    expect(delays).toEqual([100, 200]);
    expect(calls.filter((c) => c.site === 's1' && c.step === 'files')).toHaveLength(1);
    const failures = events
      .filter((e) => e.type === 'step-failed')
      .map((e) => [e.site, e.step, e.attempt, e.transient, e.willRetry, e.retryInMs ?? null].join(' '))
      .sort();
    expect(failures).toEqual(['s0 db 1 true true 100', 's0 db 2 true true 200', 's1 files 1 false false ']);
  });

  it('journals every step transition exactly as the reporters heard it, so a later report can replay it', async () => {
    const plan = fakePlan(movingSites(1), { attempts: 2 });
    const { handlers } = fakeHandlers(async (call) => {
      if (call.step === 'db' && call.attempt === 1) throw fail('connection reset', true);
    });
    const { store, opened } = await openJournal(plan);
    const events: RunEvent[] = [];
    await runPlan({ plan, handlers, journal: opened, onEvent: (e) => events.push(e), sleep: noSleep });
    const stepTypes = new Set(['step-started', 'step-finished', 'step-failed', 'finding']);
    const heard = events.filter((e) => stepTypes.has(e.type));
    expect(heard.some((e) => e.type === 'step-failed' && e.willRetry)).toBe(true);
    expect(journalledStepEvents(parseJournal(store.text).entries, 'r1')).toEqual(heard);
  });

  it('gives up on a transient failure after the configured attempts', async () => {
    const plan = fakePlan(movingSites(1), { attempts: 2 });
    const { handlers, calls } = fakeHandlers(async (call) => {
      if (call.step === 'swap') throw fail('lock wait timeout', true);
    });
    const summary = await runPlan({ plan, handlers, sleep: noSleep });
    expect(calls.filter((c) => c.step === 'swap')).toHaveLength(2);
    expect(summary.sites['s0']).toMatchObject({ status: 'failed', failedStep: 'swap' });
  });

  it('stops cleanly on abort: no new step starts, the running step sees the signal, and resume finishes the rest', async () => {
    const plan = fakePlan(movingSites(2), { global: 1 });
    const controller = new AbortController();
    const store = new MemoryJournalStore();
    let sawAbort = false;
    const first = fakeHandlers(async (call, signal) => {
      if (call.site === 's0' && call.step === 'db') {
        controller.abort();
        await new Promise((r) => setTimeout(r, 5));
        sawAbort = signal.aborted;
        throw fail('aborted by the user');
      }
    });
    const opened = await Journal.open(store, { planHash: plan.hash, runId: 'r1', now: () => 1 });
    const summary = await runPlan({
      plan,
      handlers: first.handlers,
      signal: controller.signal,
      journal: opened,
      sleep: noSleep,
    });
    expect(sawAbort).toBe(true);
    expect(summary.status).toBe('aborted');
    expect(summary.sites['s0']?.status).toBe('aborted');
    expect(summary.sites['s1']?.status).toBe('aborted');
    const startedAfterAbort = first.calls.filter((c) => c.step === 'verify' || c.site === 's1');
    expect(startedAfterAbort).toEqual([]);

    const resumed = await Journal.open(store, { planHash: plan.hash, runId: 'r2', now: () => 2 });
    expect(resumed.resumed).toBe(true);
    const second = fakeHandlers();
    const again = await runPlan({ plan, handlers: second.handlers, journal: resumed, sleep: noSleep });
    expect(again.status).toBe('succeeded');
    expect(second.calls.filter((c) => c.site === 's0').map((c) => c.step)).not.toContain('preflight');
    expect(second.calls.find((c) => c.site === 's0' && c.step === 'db')?.prior).toContain('preflight');
    expect(second.calls.filter((c) => c.site === 's1')).toHaveLength(6);
  });

  it('tells a handler when its step is in doubt after a crash, and skips steps the journal shows done', async () => {
    const plan = fakePlan(movingSites(1));
    const header = { type: 'journal', version: 1, planHash: plan.hash, runId: 'r1', at: 0 };
    const lines = [
      header,
      { type: 'step-started', at: 1, site: 's0', step: 'preflight', attempt: 1, inDoubt: false },
      {
        type: 'step-finished',
        at: 2,
        site: 's0',
        step: 'preflight',
        status: 'succeeded',
        attempt: 1,
        durationMs: 1,
        outputs: { ok: true },
      },
      { type: 'step-started', at: 3, site: 's0', step: 'db', attempt: 1, inDoubt: false },
    ];
    // kill -9 during the db step: its start is journalled, its end is not, and the last line is torn.
    const store = new MemoryJournalStore(
      `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"type":"step-sta`,
    );
    const opened = await Journal.open(store, { planHash: plan.hash, runId: 'r2', now: () => 5 });
    expect(opened.tornLine).toBe(5);
    const { handlers, calls } = fakeHandlers();
    const summary = await runPlan({ plan, handlers, journal: opened, sleep: noSleep });
    expect(summary.status).toBe('succeeded');
    expect(calls.map((c) => c.step)).not.toContain('preflight');
    expect(calls.find((c) => c.step === 'db')).toMatchObject({ inDoubt: true, prior: ['preflight'] });
    expect(calls.find((c) => c.step === 'files')?.inDoubt).toBe(false);
    // the journal reads back cleanly after the repair
    const reopened = await Journal.open(store, { planHash: plan.hash, runId: 'r3', now: () => 9 });
    expect(reopened.replay.finished).toBe('succeeded');
  });

  it('holds later waves when a wave fails its gate', async () => {
    const plan = fakePlan(
      sites(
        4,
        () => 'old',
        () => 'new',
        (i) => (i < 2 ? 1 : 2),
      ),
    );
    const { handlers, calls } = fakeHandlers(async (call) => {
      if (call.site === 's0' && call.step === 'verify') throw fail('digest mismatch');
    });
    const events: RunEvent[] = [];
    const summary = await runPlan({ plan, handlers, onEvent: (e) => events.push(e), sleep: noSleep });
    expect(summary.waves).toEqual([
      { number: 1, status: 'failed' },
      { number: 2, status: 'held' },
    ]);
    expect(summary.sites['s1']?.status).toBe('succeeded');
    expect(summary.sites['s2']).toMatchObject({ status: 'skipped', error: { code: 'WPF_WAVE_HELD' } });
    expect(calls.some((c) => c.site === 's2' || c.site === 's3')).toBe(false);
    const gate = events.find((e) => e.type === 'wave-finished' && e.wave === 1);
    expect(gate?.type === 'wave-finished' && gate.gateMessage).toBe(
      '1 of 2 sites failed (gate allows 0%); later waves are held',
    );
  });

  it('runs later waves after a failure when stopOnWaveFailure is off, or when the failure is within the gate', async () => {
    for (const options of [{ stopOnWaveFailure: false }, { maxFailedFraction: 0.5 }]) {
      const plan = fakePlan(
        sites(
          4,
          () => 'old',
          () => 'new',
          (i) => (i < 2 ? 1 : 2),
        ),
        options,
      );
      const { handlers } = fakeHandlers(async (call) => {
        if (call.site === 's0' && call.step === 'db') throw fail('boom');
      });
      const summary = await runPlan({ plan, handlers, sleep: noSleep });
      expect(summary.sites['s3']?.status).toBe('succeeded');
      expect(summary.succeeded).toBe(3);
    }
  });

  it('skips blocked sites without running any of their steps', async () => {
    const plan = fakePlan(movingSites(2));
    const blocked = {
      ...plan,
      sites: {
        ...plan.sites,
        s1: {
          ...plan.sites['s1']!,
          blockers: [
            {
              code: 'target-disk-low',
              severity: 'error' as const,
              message: 'not enough disk',
              where: { site: 's1' },
            },
          ],
        },
      },
    };
    const { handlers, calls } = fakeHandlers();
    const summary = await runPlan({ plan: blocked, handlers, sleep: noSleep });
    expect(summary.sites['s1']).toMatchObject({
      status: 'skipped',
      error: { code: 'WPF_SITE_BLOCKED', message: 'not enough disk' },
    });
    expect(calls.some((c) => c.site === 's1')).toBe(false);
    expect(summary.sites['s0']?.status).toBe('succeeded');
  });

  it('fails a step that tries to journal a secret, and writes no secret', async () => {
    const plan = fakePlan(movingSites(1));
    const { store, opened } = await openJournal(plan);
    const { handlers } = fakeHandlers(async (call) =>
      call.step === 'db' ? { password: 'hunter2' } : undefined,
    );
    const summary = await runPlan({ plan, handlers, journal: opened, sleep: noSleep });
    expect(summary.sites['s0']).toMatchObject({
      status: 'failed',
      failedStep: 'db',
      error: { code: 'WPF_SECRET_IN_JOURNAL' },
    });
    expect(store.text).not.toContain('hunter2');
  });
});

describe('runPlan with sites named like Object members', () => {
  it('runs sites named `constructor` and `toString` like any other, with and without a journal', async () => {
    const plan = fakePlan([
      { name: 'constructor', source: 'old', target: 'new' },
      { name: 'toString', source: 'old', target: 'new' },
    ]);
    const plain = await runPlan({ plan, handlers: fakeHandlers().handlers, sleep: noSleep });
    expect(plain.status).toBe('succeeded');
    const opened = await Journal.open(new MemoryJournalStore(), {
      planHash: plan.hash,
      runId: 'r1',
      now: () => 1,
    });
    const journalled = await runPlan({
      plan,
      handlers: fakeHandlers().handlers,
      journal: opened,
      sleep: noSleep,
    });
    expect(journalled.succeeded).toBe(2);
    expect(Object.keys(journalled.sites).sort()).toEqual(['constructor', 'toString']);
  });
});

describe('runPlan with site data that looks secret', () => {
  const token = `sk_live_${'a1B2'.repeat(6)}`;
  const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';

  it('keeps running when a finding holds a token or a PEM block, and journals it redacted with a marker', async () => {
    const plan = fakePlan(movingSites(2));
    const { store, opened } = await openJournal(plan);
    const { handlers: fake } = fakeHandlers();
    const db = fake.db;
    const handlers: StepHandlers = {
      ...fake,
      db: async (ctx) => {
        ctx.finding({
          severity: 'warning',
          code: 'serialized-corrupt',
          where: { table: 'wp_oauth_token' },
          message: `column ${token} holds a broken value`,
          details: { notice: `PHP Notice: ${pem} in wp-config.php`, wp_oauth_token: 3 },
        });
        return db(ctx);
      },
    };
    const events: RunEvent[] = [];
    const summary = await runPlan({
      plan,
      handlers,
      journal: opened,
      sleep: noSleep,
      onEvent: (e) => events.push(e),
    });
    expect(summary.status).toBe('succeeded');
    expect(summary.succeeded).toBe(2);
    expect(store.text).not.toContain(token);
    expect(store.text).not.toContain('MIIEow');
    const journalled = parseJournal(store.text).entries.find((e) => e.type === 'finding');
    expect(journalled).toMatchObject({
      finding: {
        message: `column ${REDACTED_SECRET} holds a broken value`,
        details: { notice: `PHP Notice: ${REDACTED_SECRET} in wp-config.php`, wp_oauth_token: 3 },
        redacted: ['message', 'details.notice'],
      },
    });
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('fails only the step whose error message quotes a PEM block, and journals the message redacted', async () => {
    const plan = fakePlan(movingSites(2), { stopOnWaveFailure: false, maxFailedFraction: 1 });
    const { store, opened } = await openJournal(plan);
    const { handlers } = fakeHandlers(async (call) => {
      if (call.step === 'db' && call.site === 's0') throw fail(`wp db export failed: PHP Warning: ${pem}`);
    });
    const summary = await runPlan({ plan, handlers, journal: opened, sleep: noSleep });
    expect(summary.sites['s0']).toMatchObject({ status: 'failed', failedStep: 'db' });
    expect(summary.sites['s1']?.status).toBe('succeeded');
    expect(store.text).not.toContain('MIIEow');
    expect(store.text).toContain(REDACTED_SECRET);
  });
});

describe('runPlan after an earlier failure', () => {
  it('tells the handler of a step that failed in an earlier run to check its effect first', async () => {
    const plan = fakePlan([{ name: 's0', source: 'old', target: 'new' }]);
    const store = new MemoryJournalStore();
    const first = fakeHandlers(async (call) => {
      if (call.step === 'swap')
        throw new WpfleetError('WPF_SWAP_INCOMPLETE', 'lost the connection mid-swap', {
          kind: 'environment',
        });
    });
    await runPlan({
      plan,
      handlers: first.handlers,
      journal: await Journal.open(store, { planHash: plan.hash, runId: 'r1', now: () => 1 }),
      sleep: noSleep,
    });
    const second = fakeHandlers();
    const summary = await runPlan({
      plan,
      handlers: second.handlers,
      journal: await Journal.open(store, { planHash: plan.hash, runId: 'r2', now: () => 2 }),
      sleep: noSleep,
    });
    expect(summary.status).toBe('succeeded');
    expect(second.calls.map((c) => [c.step, c.inDoubt])).toEqual([
      ['swap', true],
      ['http-check', false],
    ]);
  });
});

describe('runPlan with errors no step awaited', () => {
  // Stands in for the process-wide catcher the CLI passes: a test raises what Node would report as uncaught.
  function strayCatcher() {
    let listener: ((error: unknown, scope: StepScope | undefined) => void) | undefined;
    const port: StrayErrors = {
      run: (_scope, fn) => fn(),
      subscribe(l) {
        listener = l;
        return () => (listener = undefined);
      },
    };
    return {
      port,
      raise: (error: unknown, scope?: StepScope) => listener?.(error, scope),
      subscribed: () => listener !== undefined,
    };
  }

  it('fails only the site whose step left an error unhandled, and the other sites finish', async () => {
    const plan = fakePlan(movingSites(3));
    const stray = strayCatcher();
    const { handlers } = fakeHandlers(async (call) => {
      if (call.site === 's1' && call.step === 'db') {
        // A socket's 'error' with no listener: it surfaces outside the handler, which itself never settles.
        setTimeout(() => stray.raise(new Error('read ECONNRESET'), { site: 's1', step: 'db' }), 5);
        await new Promise(() => undefined);
      }
    });
    const events: RunEvent[] = [];
    const summary = await runPlan({
      plan,
      handlers,
      sleep: noSleep,
      strayErrors: stray.port,
      onEvent: (e) => events.push(e),
    });
    expect(summary.sites['s0']?.status).toBe('succeeded');
    expect(summary.sites['s2']?.status).toBe('succeeded');
    expect(summary.sites['s1']).toMatchObject({
      status: 'failed',
      failedStep: 'db',
      error: { code: 'WPF_STRAY_ERROR' },
    });
    expect(summary.sites['s1']?.error?.message).toContain('read ECONNRESET');
    expect(stray.subscribed()).toBe(false);
  });

  it("reports an error a finished step's leftovers raise as a warning on that step, and fails nothing", async () => {
    const plan = fakePlan(movingSites(1));
    const stray = strayCatcher();
    const { handlers } = fakeHandlers(async (call) => {
      if (call.step === 'verify') stray.raise(new Error('socket hang up'), { site: 's0', step: 'preflight' });
    });
    const events: RunEvent[] = [];
    const summary = await runPlan({
      plan,
      handlers,
      sleep: noSleep,
      strayErrors: stray.port,
      onEvent: (e) => events.push(e),
    });
    expect(summary.status).toBe('succeeded');
    expect(events.filter((e) => e.type === 'finding')).toMatchObject([
      {
        site: 's0',
        step: 'preflight',
        finding: {
          severity: 'warning',
          code: 'stray-error',
          message: 'an error raised after the step had finished: socket hang up',
        },
      },
    ]);
  });

  it('warns the running steps about a stray error it cannot tie to one of them, and fails none', async () => {
    const plan = fakePlan(movingSites(2));
    const stray = strayCatcher();
    const { handlers } = fakeHandlers(async (call) => {
      if (call.site === 's0' && call.step === 'verify') stray.raise(new Error('write EPIPE'));
    });
    const events: RunEvent[] = [];
    const summary = await runPlan({
      plan,
      handlers,
      sleep: noSleep,
      strayErrors: stray.port,
      onEvent: (e) => events.push(e),
    });
    expect(summary.status).toBe('succeeded');
    const warnings = events.filter((e) => e.type === 'finding' && e.finding.code === 'stray-error');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatchObject({
      finding: { severity: 'warning', message: expect.stringContaining('write EPIPE') },
    });
  });
});
