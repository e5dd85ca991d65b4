// End to end: the BUILT wpfleet binary (run `pnpm build` first) runs doctor, inventory and plan against the lab
// fleet the way a user would, and exits 0.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLabState, writeLabFleet, type LabState } from '@wpfleet/lab';
import { runCli, type CliRun } from './run-cli/run-cli.js';

let lab: LabState;
let work: string;
let fleet: string;

beforeAll(() => {
  lab = readLabState();
  work = mkdtempSync(join(tmpdir(), 'wpfleet-e2e-'));
  fleet = writeLabFleet(join(work, 'fleet.yml'), lab);
});

function wpfleet(args: string[]): Promise<CliRun> {
  return runCli([...args, '--ssh-config', lab.sshConfig], {
    built: true,
    cwd: work,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_COLOR: '1' },
  });
}

describe('the built wpfleet binary on the lab fleet', () => {
  it('doctor exits 0 and reports no failed check', async () => {
    const r = await wpfleet(['doctor', '--fleet', fleet]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ ok, \d+ warnings?, 0 failed/);
  });

  it('inventory exits 0 and caches inventory.json in a new run directory under .wpfleet/runs', async () => {
    const r = await wpfleet(['inventory']);
    expect(r.code).toBe(0);
    const saved = /inventory saved to (\S+)/.exec(r.stdout)?.[1];
    expect(saved).toMatch(/\.wpfleet\/runs\/[^/]+\/inventory\.json$/);
    const inventory = JSON.parse(readFileSync(saved!, 'utf8')) as { sites: Record<string, unknown> };
    expect(Object.keys(inventory.sites)).toHaveLength(lab.sites.length);
  });

  it('plan (default fleet.yml) reuses that inventory, writes plan.json next to it and prints its hash', async () => {
    const r = await wpfleet(['plan']);
    expect([0, 3]).toContain(r.code);
    expect(r.stderr).toContain('using the inventory in');
    const hash = /plan hash ([0-9a-f]{64})/.exec(r.stdout)?.[1];
    const saved = /plan saved to (\S+)/.exec(r.stdout)?.[1];
    const plan = JSON.parse(readFileSync(saved!, 'utf8')) as { hash: string; blocked: string[] };
    expect(plan.hash).toBe(hash);
    expect(r.code).toBe(plan.blocked.length > 0 ? 3 : 0);
  });

  it('plan --json prints the same stable plan', async () => {
    const first = await wpfleet(['plan', '--json']);
    const second = await wpfleet(['plan', '--json']);
    expect(first.stdout).toBe(second.stdout);
    expect(JSON.parse(first.stdout)).toHaveProperty('hash');
  });
});
