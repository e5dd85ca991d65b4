// One lab site planned through the built CLI, with the host pool and parsed fleet the real step handlers need: the
// setup the lab tests that drive step handlers against the lab share.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFleet, type Fleet, type Plan } from '@wpfleet/core';
import { afterAll, beforeAll } from 'vitest';
import { readLabState, type LabState } from '@wpfleet/lab';
import { HostPool } from '../../src/fleet-hosts/host-pool.js';

const BIN = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));

export interface LabPlanFixture {
  lab: LabState;
  /** The temporary run directory holding fleet.yml and plan.json. */
  work: string;
  plan: Plan;
  pool: HostPool;
  fleet: Fleet;
}

/**
 * Registers the suite's beforeAll and afterAll: a fleet of the lab's hosts with the one `site`, planned with
 * `wpfleet plan` into a fresh `<tmpdir>/<workPrefix>XXXXXX`, and a HostPool over it (closed, and the directory
 * removed, after the suite). The fields are filled in by the beforeAll.
 */
export function labPlanFixture(site: string, workPrefix: string): LabPlanFixture {
  const fx = {} as LabPlanFixture;
  beforeAll(() => {
    const lab = readLabState();
    const work = mkdtempSync(join(tmpdir(), workPrefix));
    fx.lab = lab;
    fx.work = work;
    const s = lab.sites.find((x) => x.name === site)!;
    const t = lab.targets.find((x) => x.site === site)!;
    const file = {
      version: 1,
      hosts: Object.fromEntries(lab.hosts.map((h) => [h.name, { sshAlias: h.name }])),
      sites: {
        [site]: {
          source: { host: s.host, path: s.path, url: s.url },
          target: { host: t.host, path: t.path, url: t.url },
        },
      },
    };
    writeFileSync(join(work, 'fleet.yml'), JSON.stringify(file));
    execFileSync(process.execPath, [
      BIN,
      'plan',
      '--fleet',
      join(work, 'fleet.yml'),
      '--ssh-config',
      lab.sshConfig,
      '--run-dir',
      work,
      '--quiet',
    ]);
    fx.plan = JSON.parse(readFileSync(join(work, 'plan.json'), 'utf8')) as Plan;
    const parsed = parseFleet(JSON.stringify(file), {});
    if (!parsed.ok) throw new Error('fleet');
    fx.fleet = parsed.fleet;
    fx.pool = new HostPool(parsed.fleet, {
      home: process.env['HOME'] ?? '/root',
      user: 'root',
      sshConfigText: readFileSync(lab.sshConfig, 'utf8'),
    });
  });
  afterAll(async () => {
    await fx.pool?.close();
    rmSync(fx.work, { recursive: true, force: true });
  });
  return fx;
}

/** A query as the lab host's MariaDB root over its socket, tab-separated without column names. */
export function labRootSql(lab: LabState, host: string, query: string): string {
  return execFileSync(
    'mariadb',
    ['--no-defaults', `--socket=${lab.hosts.find((h) => h.name === host)!.dbSocket}`, '-uroot', '-N', '-B'],
    { input: query, encoding: 'utf8' },
  );
}
