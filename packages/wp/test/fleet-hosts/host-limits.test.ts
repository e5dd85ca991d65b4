// Sites fan out over hosts, but never more at once on one host than its `concurrency` allows, nor more across
// the fleet than the global limit.
import { describe, expect, it } from 'vitest';
import { HostLimits } from '../../src/fleet-hosts/host-limits.js';

const host = { transport: 'ssh' as const, tags: [], address: '10.0.0.1' };
const fleet = {
  hosts: { 'old-1': host, 'old-2': { ...host, concurrency: 3 } },
  defaults: { concurrency: { global: 4, perHost: 2 } },
} as unknown as ConstructorParameters<typeof HostLimits>[0];

async function peaks(
  limits: HostLimits,
  jobs: string[],
): Promise<{ perHost: Record<string, number>; global: number }> {
  const running: Record<string, number> = {};
  const perHost: Record<string, number> = {};
  let now = 0;
  let global = 0;
  await Promise.all(
    jobs.map((h) =>
      limits.run(h, async () => {
        running[h] = (running[h] ?? 0) + 1;
        now += 1;
        perHost[h] = Math.max(perHost[h] ?? 0, running[h]!);
        global = Math.max(global, now);
        await new Promise((r) => setTimeout(r, 5));
        running[h]! -= 1;
        now -= 1;
      }),
    ),
  );
  return { perHost, global };
}

describe('HostLimits', () => {
  it('holds each host to its own concurrency (else the fleet default) and the fleet to its global limit', async () => {
    const result = await peaks(new HostLimits(fleet), [...Array(6).fill('old-1'), ...Array(6).fill('old-2')]);
    expect(result.perHost).toEqual({ 'old-1': 2, 'old-2': 3 });
    // 2 + 3 host slots, but only 4 fleet-wide.
    expect(result.global).toBe(4);
  });

  it("runs one site at a time when told to (the benchmark's serial mode)", async () => {
    const result = await peaks(new HostLimits(fleet, { perHost: 1, global: 1 }), [
      'old-1',
      'old-2',
      'old-1',
      'old-2',
    ]);
    expect(result.global).toBe(1);
  });
});
