// A step's concurrent remote work: the first failure stops the siblings and is the error the step reports.
import { describe, expect, it } from 'vitest';
import { allOrAbort } from '../../src/step-environment/all-or-abort.js';

/** Work that runs until its signal aborts (like a remote command killed through its transport). */
function untilAborted(signal: AbortSignal, seen: string[], name: string): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener(
      'abort',
      () => {
        seen.push(name);
        reject(new Error(`${name} killed`));
      },
      { once: true },
    );
  });
}

describe('allOrAbort', () => {
  it('resolves with every result in order when nothing fails, and leaves the signal alone', async () => {
    const stop = new AbortController();
    const result = await allOrAbort(stop, [
      Promise.resolve(1),
      new Promise<string>((r) => setTimeout(() => r('two'), 5)),
    ]);
    expect(result).toEqual([1, 'two']);
    expect(stop.signal.aborted).toBe(false);
  });

  it('aborts the siblings at the first failure and rejects with that failure, not with a sibling killed by it', async () => {
    const stop = new AbortController();
    const seen: string[] = [];
    const failure = new Error('relation query failed');
    const run = allOrAbort(stop, [
      untilAborted(stop.signal, seen, 'redump'),
      new Promise<never>((_, reject) => setTimeout(() => reject(failure), 5)),
      untilAborted(stop.signal, seen, 'manifest'),
    ]);
    await expect(run).rejects.toBe(failure);
    expect(stop.signal.aborted).toBe(true);
    expect(stop.signal.reason).toBe(failure);
    expect(seen.sort()).toEqual(['manifest', 'redump']);
  });
});
