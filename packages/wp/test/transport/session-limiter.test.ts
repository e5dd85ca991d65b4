// The per-Host session bound: never more than N at once, waiting callers served in order, abort leaves the queue.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '@wpfleet/core';
import { ShellError } from '../../src/transport/shell-error.js';
import { SessionLimiter } from '../../src/transport/session-limiter.js';

describe('SessionLimiter', () => {
  it('grants at most max slots and serves waiters in arrival order', async () => {
    const limiter = new SessionLimiter(2);
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    const order: string[] = [];
    const c = limiter.acquire().then((r) => (order.push('c'), r));
    const d = limiter.acquire().then((r) => (order.push('d'), r));
    await Promise.resolve();
    expect(limiter.running).toBe(2);
    expect(order).toEqual([]);
    a();
    a(); // releasing twice must not free a second slot
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(limiter.running).toBe(2);
    b();
    (await d)();
    releaseC();
    expect(limiter.running).toBe(0);
  });

  it('drops a waiter whose signal aborts, without losing a slot', async () => {
    const limiter = new SessionLimiter(1);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held();
    expect(limiter.running).toBe(0);
    (await limiter.acquire())();
  });

  it('keeps one abort listener per signal however many commands wait on it, and removes it when the queue drains', async () => {
    const limiter = new SessionLimiter(1);
    const held = await limiter.acquire();
    const run = new AbortController();
    const other = new AbortController();
    const waiters = Array.from({ length: 30 }, (_, i) =>
      limiter.acquire(i === 5 ? other.signal : run.signal),
    );
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(1);
    other.abort(new Error('only this one'));
    await expect(waiters[5]).rejects.toThrow('only this one');
    held();
    for (const [i, waiter] of waiters.entries()) if (i !== 5) (await waiter)();
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
    expect(limiter.running).toBe(0);
  });

  it('rejects every waiter of an aborted signal and keeps serving the others in order', async () => {
    const limiter = new SessionLimiter(1);
    const held = await limiter.acquire();
    const a = new AbortController();
    const order: string[] = [];
    const first = limiter.acquire(a.signal);
    const kept = limiter.acquire().then((r) => (order.push('kept'), r));
    const second = limiter.acquire(a.signal);
    a.abort(new Error('run stopped'));
    await expect(first).rejects.toThrow('run stopped');
    await expect(second).rejects.toThrow('run stopped');
    held();
    (await kept)();
    expect(order).toEqual(['kept']);
    expect(limiter.running).toBe(0);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new SessionLimiter(0)).toThrow(RangeError);
  });
});

describe('redaction', () => {
  it('replaces every occurrence of every secret, longest first', () => {
    expect(redactSecrets('pw=abc123 again abc123 and abc', ['abc', 'abc123'])).toBe(
      'pw=*** again *** and ***',
    );
    expect(redactSecrets('nothing', [])).toBe('nothing');
    expect(redactSecrets('empty secret stays', [''])).toBe('empty secret stays');
  });

  it('builds a ShellError with a short and a long message and the result fields', () => {
    const e = new ShellError(
      {
        command: "mariadb -p'***'",
        exitCode: 1,
        stdout: '',
        stderr: 'ERROR 1045 (28000): Access denied\n',
        failed: true,
        timedOut: false,
        isCanceled: false,
        durationMs: 12,
      },
      'deploy@old-1',
      { where: { host: 'old-1', site: 'blog' } },
    );
    expect(e.code).toBe('WPF_COMMAND_FAILED');
    expect(e.shortMessage).toBe("Command failed with exit code 1 on deploy@old-1: mariadb -p'***'");
    expect(e.message).toBe(`${e.shortMessage}\nERROR 1045 (28000): Access denied`);
    expect(e).toMatchObject({ exitCode: 1, failed: true, where: { host: 'old-1', site: 'blog' } });
  });
});
