// The swap step when the journal says "started, never finished": the controller died right after the RENAME TABLE.
// Run against a lab site with the real handlers: the re-run must see the rename already happened, not rename
// again, still move the files and report what undo needs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseFleet,
  STEP_KINDS,
  type Fleet,
  type JsonObject,
  type Plan,
  type StepContext,
  type StepKind,
} from '@wpfleet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabState, type LabState } from '@wpfleet/lab';
import { HostPool } from '../../src/fleet-hosts/host-pool.js';
import { planSwap } from '../../src/db/table-swap.js';
import { createStepHandlers } from '../../src/steps/create-step-handlers.js';
import { hostStepEnvironment } from '../../src/step-environment/host-step-environment.js';
import { undoSite } from '../../src/undo/undo-site.js';
import type { SwapOutputs } from '../../src/step-outputs/swap-outputs.js';

const BIN = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));
const SITE = 'docs';

let lab: LabState;
let work: string;
let plan: Plan;
let pool: HostPool;
let fleetParsed: Fleet;

const rootSql = (host: string, query: string) =>
  execFileSync(
    'mariadb',
    ['--no-defaults', `--socket=${lab.hosts.find((h) => h.name === host)!.dbSocket}`, '-uroot', '-N', '-B'],
    { input: query, encoding: 'utf8' },
  );

beforeAll(() => {
  lab = readLabState();
  work = mkdtempSync(join(tmpdir(), 'wpfleet-swap-doubt-'));
  const s = lab.sites.find((x) => x.name === SITE)!;
  const t = lab.targets.find((x) => x.site === SITE)!;
  const fleet = {
    version: 1,
    hosts: Object.fromEntries(lab.hosts.map((h) => [h.name, { sshAlias: h.name }])),
    sites: {
      [SITE]: {
        source: { host: s.host, path: s.path, url: s.url },
        target: { host: t.host, path: t.path, url: t.url },
      },
    },
  };
  writeFileSync(join(work, 'fleet.yml'), JSON.stringify(fleet));
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
  plan = JSON.parse(readFileSync(join(work, 'plan.json'), 'utf8')) as Plan;
  const parsed = parseFleet(JSON.stringify(fleet), {});
  if (!parsed.ok) throw new Error('fleet');
  fleetParsed = parsed.fleet;
  pool = new HostPool(parsed.fleet, {
    home: process.env['HOME'] ?? '/root',
    user: 'root',
    sshConfigText: readFileSync(lab.sshConfig, 'utf8'),
  });
});

afterAll(async () => {
  await pool?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('swap in doubt', () => {
  it('finds the tables already renamed, does not rename twice, still moves the files and reports what undo needs', async () => {
    const env = hostStepEnvironment(pool, fleetParsed);
    const handlers = createStepHandlers(env);
    const site = plan.sites[SITE]!;
    const prior: Partial<Record<StepKind, JsonObject>> = {};
    const ctx = (step: StepKind, inDoubt = false): StepContext => ({
      site,
      plan,
      step,
      signal: new AbortController().signal,
      attempt: 1,
      inDoubt,
      prior,
      emit: () => {},
      finding: () => {},
    });
    for (const step of STEP_KINDS.slice(0, STEP_KINDS.indexOf('swap')))
      prior[step] = (await handlers[step](ctx(step))).outputs ?? {};

    // The controller's last act before dying: the RENAME TABLE, with nothing journalled after it.
    const t = lab.targets.find((x) => x.site === SITE)!;
    const tables = rootSql(t.host, `SHOW TABLES FROM \`${t.db.name}\``).split('\n').filter(Boolean);
    const copied = prior.db!['copied'] as string[];
    const renamed = planSwap({
      live: t.prefix,
      staging: site.stagingPrefix,
      backup: site.backupPrefix,
      tables,
      copied,
    });
    rootSql(t.host, `USE \`${t.db.name}\`; ${renamed.sql}`);

    const outcome = await handlers.swap(ctx('swap', true));
    const outputs = outcome.outputs as SwapOutputs;
    try {
      expect(outcome.status).toBe('skipped');
      expect(outputs.promotedTables).toEqual([...copied].sort());
      expect(outputs.backedUpTables.sort()).toEqual([...renamed.backedUp].sort());
      expect(outputs.promotedDirs.length).toBeGreaterThan(0);
      const after = rootSql(t.host, `SHOW TABLES FROM \`${t.db.name}\``).split('\n').filter(Boolean);
      expect(after.filter((n) => n.startsWith(site.stagingPrefix))).toEqual([]);
      expect(after.filter((n) => n.startsWith(site.backupPrefix)).length).toBe(renamed.backedUp.length);
    } finally {
      const undone = await undoSite(env, site, outputs);
      expect(undone.alreadyUndone).toBe(false);
    }
  });
});
