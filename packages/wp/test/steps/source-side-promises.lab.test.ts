// What a migration promises the source and the target's live site, checked against the lab with the real step
// handlers: a source table whose name a comma list would split is refused before anything reaches the target, and
// the host-to-host copy's temporary key leaves the operator's authorized_keys as it found it.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject, StepKind } from '@wpfleet/core';
import { describe, expect, it } from 'vitest';
import { createStepHandlers } from '../../src/steps/create-step-handlers.js';
import { hostStepEnvironment } from '../../src/step-environment/host-step-environment.js';
import { targetWorkBase } from '../../src/step-environment/site-sides.js';
import { labPlanFixture, labRootSql } from './lab-plan-fixture.js';
import { stepContext } from './step-context.js';

const SITE = 'docs';

const fx = labPlanFixture(SITE, 'wpfleet-source-side-');
const rootSql = (host: string, query: string) => labRootSql(fx.lab, host, query);

/** Every table of the target's database with its CHECKSUM: what "the live tables are unchanged" means. */
function targetSnapshot(): string {
  const t = fx.lab.targets.find((x) => x.site === SITE)!;
  const tables = rootSql(t.host, `SHOW TABLES FROM \`${t.db.name}\``).split('\n').filter(Boolean);
  return rootSql(t.host, `CHECKSUM TABLE ${tables.map((n) => `\`${t.db.name}\`.\`${n}\``).join(', ')}`);
}

function stepRunner() {
  const handlers = createStepHandlers(hostStepEnvironment(fx.pool, fx.fleet));
  const site = fx.plan.sites[SITE]!;
  const prior: Partial<Record<StepKind, JsonObject>> = {};
  const run = async (step: StepKind) => {
    const outcome = await handlers[step](stepContext(site, step, prior, { plan: fx.plan }));
    prior[step] = outcome.outputs ?? {};
    return prior[step];
  };
  return { site, run };
}

describe('a source table whose name a comma list would split', () => {
  it('refuses the site before the export, names the table, and leaves every target table as it was', async () => {
    const s = fx.lab.sites.find((x) => x.name === SITE)!;
    const hostile = 'wp_x,wp2_users';
    const before = targetSnapshot();
    rootSql(s.host, `CREATE TABLE \`${s.db.name}\`.\`${hostile}\` (id INT PRIMARY KEY)`);
    try {
      const { run } = stepRunner();
      await run('preflight');
      const failure = await run('db').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).toMatchObject({ code: 'WPF_TABLE_NAME_UNLISTABLE' });
      expect((failure as Error).message).toContain(JSON.stringify(hostile));
      expect(targetSnapshot()).toBe(before);
    } finally {
      rootSql(s.host, `DROP TABLE IF EXISTS \`${s.db.name}\`.\`${hostile}\``);
    }
  });
});

describe("the host-to-host copy's temporary key", () => {
  it('leaves the last line of an authorized_keys without a final newline byte for byte', async () => {
    const s = fx.lab.sites.find((x) => x.name === SITE)!;
    const home = join(fx.lab.hosts.find((h) => h.name === s.host)!.root, 'home');
    const sshDir = join(home, '.ssh');
    const file = join(sshDir, 'authorized_keys');
    const hadDir = existsSync(sshDir);
    const original = existsSync(file) ? readFileSync(file) : undefined;
    const owner = statSync(home);
    const operatorLine =
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOperatorOwnKeyForThisLabTestOnly0000000000000 operator@laptop';
    const { site, run } = stepRunner();
    const base = targetWorkBase(site);
    const workParentExisted = existsSync(join(base, '..'));
    const baseExisted = existsSync(base);
    try {
      if (!hadDir)
        execFileSync('install', [
          '-d',
          '-m',
          '700',
          '-o',
          String(owner.uid),
          '-g',
          String(owner.gid),
          sshDir,
        ]);
      writeFileSync(file, operatorLine, { mode: 0o600 });
      chownSync(file, owner.uid, owner.gid);
      await run('preflight');
      const files = await run('files');
      expect(files['mode']).toBe('host-to-host');
      expect(readFileSync(file, 'utf8')).toBe(`${operatorLine}\n`);
    } finally {
      if (original !== undefined) writeFileSync(file, original);
      else rmSync(hadDir ? file : sshDir, { recursive: true, force: true });
      // The staging copy the files step made on the target, and `.wpfleet` itself when this test made it (an
      // earlier run's work directory is left as it was found, with the same copy in it).
      if (!baseExisted) rmSync(workParentExisted ? base : join(base, '..'), { recursive: true, force: true });
    }
  });
});
