import { describe, expect, it } from 'vitest';
import { SlotScheduler } from '@wpfleet/core';

describe('SlotScheduler', () => {
  it('admits a site only when the global cap and both of its hosts have room', async () => {
    const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
    const slots = new SlotScheduler({ global: 2, perHost: { a: 1, b: 2, c: 2 } });
    const first = await slots.acquire(['a', 'b']);
    const third = await slots.acquire(['b', 'c']);
    let second: (() => void) | undefined;
    void slots.acquire(['a', 'c']).then((release) => (second = release));
    await tick();
    expect(second).toBeUndefined(); // global cap reached and host a full
    expect(slots.inFlight('b')).toBe(2);
    third?.();
    await tick();
    expect(second).toBeUndefined(); // global has room again, host a is still full
    first?.();
    await tick();
    expect(second).toBeTypeOf('function');
    expect(slots.inFlight('a')).toBe(1);
    expect(slots.inFlight('b')).toBe(0);
  });

  it('does not deadlock when one host is the source of one site and the target of another', async () => {
    const slots = new SlotScheduler({ global: 4, perHost: { x: 1, y: 1 } });
    const order: string[] = [];
    const run = async (name: string, hosts: string[]): Promise<void> => {
      const release = await slots.acquire(hosts);
      order.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 2));
      order.push(`end ${name}`);
      release?.();
    };
    await Promise.all([run('x→y', ['x', 'y']), run('y→x', ['y', 'x']), run('x→x', ['x', 'x'])]);
    expect(order).toEqual(['start x→y', 'end x→y', 'start y→x', 'end y→x', 'start x→x', 'end x→x']);
  });

  it('lets a site on free hosts pass a site waiting for a busy host', async () => {
    const slots = new SlotScheduler({ global: 3, perHost: { busy: 1, free: 1, other: 1 } });
    await slots.acquire(['busy']);
    let waiting: (() => void) | undefined;
    void slots.acquire(['busy', 'free']).then((r) => (waiting = r));
    const passer = await slots.acquire(['other']);
    expect(passer).toBeTypeOf('function');
    expect(waiting).toBeUndefined();
  });

  it('gives up waiting when the run is aborted', async () => {
    const slots = new SlotScheduler({ global: 1, perHost: {} });
    await slots.acquire(['a']);
    const controller = new AbortController();
    const pending = slots.acquire(['b'], controller.signal);
    controller.abort();
    expect(await pending).toBeUndefined();
    expect(slots.inFlight('b')).toBe(0);
  });
});
