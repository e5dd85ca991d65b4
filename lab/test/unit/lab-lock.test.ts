// Sharing one lab: up/down serialize on a lock, and the last test run's lease decides teardown.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { dropLease, takeLease, withLabLock } from '../../src/index.js';

const labDir = () => join(mkdtempSync(join(tmpdir(), 'wpflab-lock-')), 'lab');

describe('lab lock and leases', () => {
  it('runs one holder at a time', async () => {
    const dir = labDir();
    const order: string[] = [];
    const job = (name: string) =>
      withLabLock(dir, async () => {
        order.push(`${name} in`);
        await sleep(300);
        order.push(`${name} out`);
      });
    await Promise.all([job('a'), job('b')]);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  it('counts only the leases of live processes besides its own', () => {
    const dir = labDir();
    takeLease(dir);
    takeLease(dir, 1); // init: alive
    takeLease(dir, 2 ** 22 + 12345); // no such pid
    expect(dropLease(dir)).toBe(1);
    expect(dropLease(dir, 1)).toBe(0);
  });
});
