// Faults a migration must survive, on the lab's real hosts through the BUILT binary: the target's sshd killed
// during a DB import, and a corrupt serialized value on the source.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseJournal, replayJournal, type RunEvent } from '@wpfleet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { labFleet, readLabState, writeLabFleet, type LabState } from '@wpfleet/lab';
import { fileHashes, hostRoot, sql, tableDigests } from './lab-snapshot.js';
import { runCli, type CliRun } from '../run-cli/run-cli.js';
import { undoLastDemoRun } from './undo-last-demo-run.js';

let lab: LabState;
let work: string;

beforeAll(async () => {
  await undoLastDemoRun();
  lab = readLabState();
  work = mkdtempSync(join(tmpdir(), 'wpfleet-faults-'));
});

afterAll(() => {
  if (process.env['WPFLEET_TEST_KEEP'] !== '1') rmSync(work, { recursive: true, force: true });
});

function fleetFor(name: string, sites: string[]): string[] {
  const file = writeLabFleet(join(work, `${name}.yml`), lab, {
    only: sites,
    defaults: {
      concurrency: { global: 4, perHost: 2 },
      retries: { attempts: 3, baseDelayMs: 300, maxDelayMs: 1000 },
      waves: { maxSize: 10, stopOnWaveFailure: false, maxFailedFraction: 1 },
    },
  });
  return ['--fleet', file, '--ssh-config', lab.sshConfig];
}

const target = (site: string) => lab.targets.find((t) => t.site === site)!;
const liveTables = (site: string) => {
  const t = target(site);
  return Object.fromEntries(
    Object.entries(tableDigests(lab, t.host, t.db.name)).filter(([name]) => name.startsWith(t.prefix)),
  );
};

const CAP_SYS_ADMIN = 21;

/** Whether this process holds a Linux capability (its effective set, from /proc/self/status). */
function hasCapability(bit: number): boolean {
  const line = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return line !== null && (BigInt(`0x${line[1]}`) & (1n << BigInt(bit))) !== 0n;
}

/** The target host's sshd: the listener from its pid file plus every session it forked. */
function killSshd(host: string): void {
  const pid = Number(readFileSync(join(hostRoot(lab, host), 'run', 'sshd.pid'), 'utf8').trim());
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  process.kill(pid, 'SIGKILL');
  for (const child of children) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Starts the host's sshd again with the lab's own config (it daemonizes and writes its pid file). */
async function restartSshd(host: string): Promise<void> {
  const root = hostRoot(lab, host);
  execFileSync('/usr/sbin/sshd', [
    '-f',
    join(root, 'etc', 'sshd_config'),
    '-E',
    join(root, 'log', 'sshd.log'),
  ]);
  await new Promise((r) => setTimeout(r, 1000));
}

/** `plan`, then `migrate --yes --json`, of a fleet's sites in `runDir`. */
async function planAndMigrate(args: string[], runDir: string, planArgs: string[] = []): Promise<CliRun> {
  const plan = await runCli(['plan', ...args, '--run-dir', runDir, ...planArgs], { built: true });
  expect(plan.code, plan.stderr).toBe(0);
  return runCli(['migrate', ...args, '--run-dir', runDir, '--yes', '--json'], { built: true });
}

/** A run's stderr and failed steps, for an assertion's message. */
/** The findings a run reported, in order. */
function findingsOf(run: CliRun): Extract<RunEvent, { type: 'finding' }>['finding'][] {
  return run.events
    .filter((e): e is Extract<RunEvent, { type: 'finding' }> => e.type === 'finding')
    .map((e) => e.finding);
}

function failures(run: CliRun): string {
  return `${run.stderr}\n${run.events
    .filter((e) => e.type === 'step-failed')
    .map((e) => JSON.stringify(e))
    .join('\n')}`;
}

/** Puts the targets back: undo of each site, then cleanup of what the run left. */
async function undoAndCleanup(runDir: string, sites: readonly string[]): Promise<void> {
  for (const site of sites) await runCli(['undo', site, '--run-dir', runDir], { built: true });
  await runCli(['cleanup', '--run-dir', runDir, '--yes'], { built: true });
}

describe('faults during wpfleet migrate', () => {
  // The kill lands at a chosen point of the victim's db step, so both timings are proven every run: before the
  // import has opened its channel on the target (the host is gone when it asks), and while rows stream into it.
  const sshdKills: { when: string; at: (event: RunEvent) => boolean }[] = [
    {
      when: 'before its DB import opens a channel',
      at: (event) => event.type === 'step-started' && event.step === 'db',
    },
    {
      when: 'during its DB import',
      at: (event) => event.type === 'step-progress' && event.step === 'db' && (event.bytesDone ?? 0) > 0,
    },
  ];
  it.each(sshdKills)(
    'fails only the site whose target sshd is killed $when, leaves that target live site unchanged, and resume completes it',
    async ({ when, at }) => {
      const victim = 'archive';
      const other = 'blog';
      const args = fleetFor('sshd', [victim, other]);
      const runDir = join(work, `sshd-run-${sshdKills.findIndex((k) => k.when === when)}`);
      const liveBefore = liveTables(victim);
      expect((await runCli(['plan', ...args, '--run-dir', runDir], { built: true })).code).toBe(0);
      let killed = false;
      let restarted = false;
      let undone = false;
      try {
        const run = await runCli(['migrate', ...args, '--run-dir', runDir, '--yes', '--json'], {
          built: true,
          onEvent: (event: RunEvent) => {
            if (!killed && 'site' in event && event.site === victim && at(event)) {
              killSshd(target(victim).host);
              killed = true;
            }
          },
        });
        if (killed) {
          await restartSshd(target(victim).host);
          restarted = true;
        }
        expect(killed, `sshd was killed ${when}`).toBe(true);
        expect(run.code).toBe(1);
        const summary = run.events.find(
          (e): e is Extract<RunEvent, { type: 'run-finished' }> => e.type === 'run-finished',
        )!.summary;
        expect(summary.sites[other]?.status).toBe('succeeded');
        expect(summary.sites[victim]?.status).toBe('failed');
        expect(['db', 'files']).toContain(summary.sites[victim]?.failedStep);
        expect(summary.sites[victim]?.error?.message).toMatch(/tgt-2|127\.0\.1\.4/);
        // The host went away under the import (or before it could open its channel): said as such (transient, so
        // retried), not as a failed command.
        const failures = run.events.filter(
          (e): e is Extract<RunEvent, { type: 'step-failed' }> =>
            e.type === 'step-failed' && e.site === victim,
        );
        expect(failures[0], JSON.stringify(failures)).toMatchObject({
          code: 'WPF_SSH_DISCONNECTED',
          transient: true,
          willRetry: true,
        });
        expect(liveTables(victim)).toEqual(liveBefore);

        const resumed = await runCli(['resume', '--run-dir', runDir, '--json'], { built: true });
        expect(resumed.code, resumed.stderr).toBe(0);
        const replay = replayJournal(
          parseJournal(readFileSync(join(runDir, 'journal.jsonl'), 'utf8')).entries,
        );
        expect(replay.sites[victim]?.steps['http-check']?.state).toBe('succeeded');
        for (const site of [victim, other])
          expect((await runCli(['undo', site, '--run-dir', runDir], { built: true })).code).toBe(0);
        undone = true;
      } finally {
        // The sshd is back, and no site stays swapped or staged for the next test.
        if (killed && !restarted) await restartSshd(target(victim).host);
        if (!undone)
          for (const site of [victim, other])
            await runCli(['undo', site, '--run-dir', runDir], { built: true });
        await runCli(['cleanup', '--run-dir', runDir, '--yes', '--include-unswapped'], { built: true });
      }
    },
  );

  it('carries a corrupt serialized value over untouched and reports it', async () => {
    const site = lab.sites.find((s) => s.name === 'shop')!;
    const t = target('shop');
    expect(new URL(t.url).host, 'the shop moves to another domain in the lab').not.toBe(
      new URL(site.url).host,
    );
    // Serialized length 99 for a shorter string: PHP cannot unserialize it, and it holds the old URL.
    const corrupt = `a:1:{s:3:"url";s:99:"${site.url}/wp-content/uploads/broken.png";}`;
    const key = `wpfleet_corrupt_${Date.now()}`;
    sql(
      lab,
      site.host,
      `INSERT INTO \`${site.db.name}\`.\`${site.prefix}postmeta\` (post_id, meta_key, meta_value) VALUES (1, '${key}', '${corrupt.replace(/'/g, "''")}')`,
    );
    const args = fleetFor('corrupt', ['shop']);
    const runDir = join(work, 'corrupt-run');
    try {
      const run = await planAndMigrate(args, runDir);
      expect(run.code, failures(run)).toBe(0);
      const findings = findingsOf(run);
      expect(
        findings.some((f) => f.code === 'serialized-corrupt' && /postmeta/.test(f.where.table ?? '')),
      ).toBe(true);
      // The source was scanned during the copy (the db step's outputs), from the same moment as the dump.
      const db = run.events.find(
        (e): e is Extract<RunEvent, { type: 'step-finished' }> =>
          e.type === 'step-finished' && e.step === 'db',
      );
      const scanned = (
        db?.outputs['sourceChecks'] as
          { serialized: { tables: { suffix: string; count: number }[] } } | undefined
      )?.serialized;
      expect(
        scanned?.tables.find((t) => t.suffix === 'postmeta')?.count,
        JSON.stringify(db?.outputs['sourceChecks']),
      ).toBeGreaterThanOrEqual(1);
      const migrated = sql(
        lab,
        t.host,
        `SELECT meta_value FROM \`${t.db.name}\`.\`${t.prefix}postmeta\` WHERE meta_key = '${key}'`,
      ).trim();
      expect(migrated).toBe(corrupt);
    } finally {
      sql(
        lab,
        site.host,
        `DELETE FROM \`${site.db.name}\`.\`${site.prefix}postmeta\` WHERE meta_key = '${key}'`,
      );
      await undoAndCleanup(runDir, ['shop']);
    }
  });

  it('takes the target DB password from the environment with passwordEnv: refused while unset, migrated once set', async () => {
    const siteName = 'news';
    const variable = 'WPFLEET_TEST_TARGET_DB_PASSWORD';
    const data = labFleet(lab, {
      only: [siteName],
      defaults: {
        concurrency: { global: 2, perHost: 1 },
        waves: { maxSize: 10, stopOnWaveFailure: false, maxFailedFraction: 1 },
      },
    }) as { sites: Record<string, { target: { db: Record<string, unknown> } }> };
    const db = data.sites[siteName]!.target.db;
    delete db['passwordFrom'];
    db['passwordEnv'] = variable;
    const file = join(work, 'password-env.yml');
    writeFileSync(file, stringify(data));
    const args = ['--fleet', file, '--ssh-config', lab.sshConfig];
    const liveBefore = liveTables(siteName);
    const unsetRun = join(work, 'password-env-unset');
    const withRun = join(work, 'password-env-set');
    try {
      delete process.env[variable];
      expect((await runCli(['plan', ...args, '--run-dir', unsetRun], { built: true })).code).toBe(0);
      const refused = await runCli(['migrate', ...args, '--run-dir', unsetRun, '--yes', '--json'], {
        built: true,
      });
      expect(refused.code).toBe(1);
      const failed = refused.events.filter(
        (e): e is Extract<RunEvent, { type: 'step-failed' }> => e.type === 'step-failed',
      );
      expect(failed.map((e) => e.message).join('\n')).toMatch(new RegExp(`${variable}.*not set`));
      expect(liveTables(siteName)).toEqual(liveBefore);

      // The value reaches the Doctor from the controller's environment (it is never written anywhere).
      process.env[variable] = target(siteName).db.password;
      const run = await planAndMigrate(args, withRun);
      expect(run.code, failures(run)).toBe(0);
      expect(readFileSync(join(withRun, 'journal.jsonl'), 'utf8')).not.toContain(
        target(siteName).db.password,
      );
    } finally {
      delete process.env[variable];
      await undoAndCleanup(withRun, [siteName]);
    }
    expect(liveTables(siteName)).toEqual(liveBefore);
  });

  it("applies the plan's --map-collation in the copy: the Doctor accepts it and the staged tables get the new collation", async () => {
    const siteName = 'news';
    const t = target(siteName);
    const args = fleetFor('collation', [siteName]);
    const runDir = join(work, 'collation-run');
    const map = 'utf8mb4_unicode_520_ci=utf8mb4_unicode_ci';
    const collations = (prefix: string) =>
      sql(
        lab,
        t.host,
        `SELECT DISTINCT table_collation FROM information_schema.tables WHERE table_schema = '${t.db.name}' AND table_name LIKE '${prefix.replace(/_/g, '\\_')}%'`,
      )
        .split('\n')
        .filter(Boolean);
    try {
      const run = await planAndMigrate(args, runDir, ['--map-collation', map]);
      expect(run.code, failures(run)).toBe(0);
      const findings = findingsOf(run);
      expect(findings.some((f) => f.code === 'collation-mapped')).toBe(true);
      // Swapped in: the live tables are the copy, created with the mapped collation.
      expect(collations(t.prefix)).toEqual(['utf8mb4_unicode_ci']);
    } finally {
      await undoAndCleanup(runDir, [siteName]);
    }
  });

  it('keeps a WordPress that lives in its own directory there: siteurl keeps /wp, home is the target URL', async () => {
    const siteName = 'news';
    const source = lab.sites.find((s) => s.name === siteName)!;
    const t = target(siteName);
    const args = fleetFor('subdirectory', [siteName]);
    const runDir = join(work, 'subdirectory-run');
    const option = (host: string, db: string, prefix: string, name: string) =>
      sql(
        lab,
        host,
        `SELECT option_value FROM \`${db}\`.\`${prefix}options\` WHERE option_name = '${name}'`,
      ).trim();
    const setSiteurl = (value: string) =>
      sql(
        lab,
        source.host,
        `UPDATE \`${source.db.name}\`.\`${source.prefix}options\` SET option_value = '${value}' WHERE option_name = 'siteurl'`,
      );
    // WordPress's files answer under /wp on both sides (a symlink to the docroot stands in for the subdirectory).
    const links = [join(source.path, 'wp'), join(t.path, 'wp')];
    const siteurlBefore = option(source.host, source.db.name, source.prefix, 'siteurl');
    try {
      for (const link of links) execFileSync('ln', ['-sfn', '.', link]);
      setSiteurl(`${source.url}/wp`);
      const run = await planAndMigrate(args, runDir);
      expect(run.code, failures(run)).toBe(0);
      expect(option(t.host, t.db.name, t.prefix, 'home')).toBe(t.url.replace(/\/+$/, ''));
      expect(option(t.host, t.db.name, t.prefix, 'siteurl')).toBe(`${t.url.replace(/\/+$/, '')}/wp`);
    } finally {
      setSiteurl(siteurlBefore);
      for (const link of links) rmSync(link, { force: true });
      await undoAndCleanup(runDir, [siteName]);
    }
  });

  it('copies only its own tables when another install shares the source database under a longer prefix', async () => {
    const siteName = 'news';
    const source = lab.sites.find((s) => s.name === siteName)!;
    const t = target(siteName);
    const args = fleetFor('shared-source-db', [siteName]);
    const runDir = join(work, 'shared-source-db-run');
    const other = `${source.prefix}shop_`;
    const db = `\`${source.db.name}\``;
    const names = ['options', 'posts', 'users'];
    try {
      for (const name of names)
        sql(
          lab,
          source.host,
          `CREATE TABLE ${db}.\`${other}${name}\` LIKE ${db}.\`${source.prefix}${name}\``,
        );
      sql(
        lab,
        source.host,
        `INSERT INTO ${db}.\`${other}options\` (option_name, option_value, autoload) VALUES ('blogname', 'Another client', 'yes')`,
      );
      const run = await planAndMigrate(args, runDir);
      expect(run.code, failures(run)).toBe(0);
      const skipped = findingsOf(run).find((f) => f.code === 'other-install-tables-skipped');
      expect(skipped?.message).toContain(other);
      const onTarget = sql(lab, t.host, `SHOW TABLES FROM \`${t.db.name}\` LIKE '%shop\\_%'`)
        .split('\n')
        .filter(Boolean);
      expect(onTarget).toEqual([]);
    } finally {
      sql(
        lab,
        source.host,
        `DROP TABLE IF EXISTS ${names.map((name) => `${db}.\`${other}${name}\``).join(', ')}`,
      );
      await undoAndCleanup(runDir, [siteName]);
    }
  });

  it('copies wp-content from where WP_CONTENT_DIR puts it on each side (a renamed content directory)', async () => {
    const siteName = 'news';
    const source = lab.sites.find((s) => s.name === siteName)!;
    const t = target(siteName);
    const args = fleetFor('content-dir', [siteName]);
    const runDir = join(work, 'content-dir-run');
    const sides = [source.path, t.path].map((path) => ({
      path,
      config: join(path, 'wp-config.php'),
      original: readFileSync(join(path, 'wp-config.php'), 'utf8'),
    }));
    const uploads = (path: string) =>
      execFileSync('find', ['.', '-type', 'f'], { cwd: join(path, 'content', 'uploads'), encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .sort();
    try {
      for (const side of sides)
        execFileSync('mv', ['--', join(side.path, 'wp-content'), join(side.path, 'content')]);
      // Without WP_CONTENT_DIR the default wp-content is missing: a clear error, not an empty copy.
      const missingRun = join(work, 'content-dir-missing-run');
      expect((await runCli(['plan', ...args, '--run-dir', missingRun], { built: true })).code).toBe(0);
      const missing = await runCli(['migrate', ...args, '--run-dir', missingRun, '--yes', '--json'], {
        built: true,
      });
      expect(missing.code).toBe(1);
      const failed = missing.events.find(
        (e): e is Extract<RunEvent, { type: 'step-failed' }> => e.type === 'step-failed',
      );
      expect(failed?.step).toBe('files');
      expect(failed?.code).toBe('WPF_CONTENT_DIR_MISSING');
      expect(failed?.message).toContain(join(source.path, 'wp-content'));
      await runCli(['cleanup', '--run-dir', missingRun, '--yes', '--include-unswapped'], { built: true });

      for (const side of sides)
        writeFileSync(
          side.config,
          side.original.replace('<?php\n', "<?php\ndefine('WP_CONTENT_DIR', __DIR__ . '/content');\n"),
        );
      const run = await planAndMigrate(args, runDir);
      expect(run.code, failures(run)).toBe(0);
      const sourceUploads = uploads(source.path);
      expect(sourceUploads.length).toBeGreaterThan(0);
      expect(uploads(t.path)).toEqual(sourceUploads);
      expect(existsSync(join(t.path, 'wp-content'))).toBe(false);
    } finally {
      await undoAndCleanup(runDir, [siteName]);
      for (const side of sides) {
        writeFileSync(side.config, side.original);
        if (existsSync(join(side.path, 'content')))
          execFileSync('mv', ['--', join(side.path, 'content'), join(side.path, 'wp-content')]);
      }
    }
  });

  it('loads a table whose foreign key name the target database already uses, under a generated name, and reports it', async () => {
    const siteName = 'news';
    const source = lab.sites.find((s) => s.name === siteName)!;
    const t = target(siteName);
    const args = fleetFor('constraint-name', [siteName]);
    const runDir = join(work, 'constraint-name-run');
    const [sdb, tdb] = [`\`${source.db.name}\``, `\`${t.db.name}\``];
    const fk = 'fk_wpfleet_test_parent';
    const pair = (db: string, prefix: string, parent: string, child: string) =>
      `CREATE TABLE ${db}.\`${prefix}${parent}\` (id INT PRIMARY KEY) ENGINE=InnoDB; ` +
      `CREATE TABLE ${db}.\`${prefix}${child}\` (id INT PRIMARY KEY, pid INT, CONSTRAINT \`${fk}\` FOREIGN KEY (pid) REFERENCES ${db}.\`${prefix}${parent}\` (id)) ENGINE=InnoDB;`;
    const drop = (host: string, db: string, prefix: string, parent: string, child: string) =>
      sql(
        lab,
        host,
        `DROP TABLE IF EXISTS ${db}.\`${prefix}${child}\`; DROP TABLE IF EXISTS ${db}.\`${prefix}${parent}\`;`,
      );
    try {
      sql(
        lab,
        source.host,
        `${pair(sdb, source.prefix, 'fkparent', 'fkchild')} INSERT INTO ${sdb}.\`${source.prefix}fkparent\` VALUES (1), (2); INSERT INTO ${sdb}.\`${source.prefix}fkchild\` VALUES (10, 1), (11, 2);`,
      );
      // The target's live database already holds a constraint of that name, as after an earlier migration.
      sql(lab, t.host, pair(tdb, t.prefix, 'fkholderparent', 'fkholder'));
      const run = await planAndMigrate(args, runDir);
      expect(run.code, failures(run)).toBe(0);
      const finding = findingsOf(run).find((f) => f.code === 'constraint-name-generated');
      expect(finding?.message).toContain(fk);
      // The live copy has its rows and still enforces the key, under the name the server gave it.
      expect(sql(lab, t.host, `SELECT COUNT(*) FROM ${tdb}.\`${t.prefix}fkchild\``).trim()).toBe('2');
      expect(
        sql(
          lab,
          t.host,
          `SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '${t.db.name}' AND TABLE_NAME = '${t.prefix}fkchild'`,
        ).trim(),
      ).toBe(`${t.prefix}fkchild_ibfk_1`);
    } finally {
      await undoAndCleanup(runDir, [siteName]);
      drop(source.host, sdb, source.prefix, 'fkparent', 'fkchild');
      drop(t.host, tdb, t.prefix, 'fkholderparent', 'fkholder');
    }
    expect(sql(lab, t.host, `SHOW TABLES FROM ${tdb} LIKE 'wpf%fk%'`).trim()).toBe('');
  });

  it('fails only the site whose source dump holds a statement a dump never needs, before it reaches the target', async () => {
    const victim = 'news';
    const other = 'blog';
    const source = lab.sites.find((s) => s.name === victim)!;
    const db = `\`${source.db.name}\``;
    const args = fleetFor('firewall', [victim, other]);
    const runDir = join(work, 'firewall-run');
    const liveBefore = liveTables(victim);
    // mysqldump copies triggers: this one would empty another install's users on the target whenever an option is added.
    sql(
      lab,
      source.host,
      `USE ${db}; CREATE TRIGGER \`wpf_hostile\` AFTER INSERT ON \`${source.prefix}options\` FOR EACH ROW DELETE FROM \`other_users\`;`,
    );
    try {
      const run = await planAndMigrate(args, runDir);
      expect(run.code, failures(run)).toBe(1);
      const summary = run.events.find(
        (e): e is Extract<RunEvent, { type: 'run-finished' }> => e.type === 'run-finished',
      )!.summary;
      expect(summary.sites[other]?.status).toBe('succeeded');
      expect(summary.sites[victim]?.status).toBe('failed');
      expect(summary.sites[victim]?.failedStep).toBe('db');
      expect(summary.sites[victim]?.error?.code).toBe('WPF_SQL_REFUSED');
      expect(summary.sites[victim]?.error?.message).toMatch(
        /^SQL dump refused at byte \d+: CREATE TRIGGER \(its body\) names table `other_users`, which is not under the prefix/,
      );
      const t = target(victim);
      expect(
        sql(
          lab,
          t.host,
          `SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_name LIKE '%hostile%'`,
        ).trim(),
      ).toBe('0');
      expect(liveTables(victim)).toEqual(liveBefore);
    } finally {
      sql(lab, source.host, `DROP TRIGGER IF EXISTS ${db}.\`wpf_hostile\``);
      await undoAndCleanup(runDir, [victim, other]);
    }
  });

  it('fails the site whose wp-config.php echoes text ahead of the dump, naming what it printed', async () => {
    const siteName = 'news';
    const source = lab.sites.find((s) => s.name === siteName)!;
    const args = fleetFor('echo', [siteName]);
    const runDir = join(work, 'echo-run');
    const config = join(source.path, 'wp-config.php');
    const original = readFileSync(config, 'utf8');
    const liveBefore = liveTables(siteName);
    try {
      const plan = await runCli(['plan', ...args, '--run-dir', runDir], { built: true });
      expect(plan.code, plan.stderr).toBe(0);
      // Not a PHP diagnostic, so the leading-message filter lets it through; an apostrophe would open a string.
      writeFileSync(config, original.replace('<?php\n', '<?php\necho "It\'s the staging box\\n";\n'));
      const run = await runCli(['migrate', ...args, '--run-dir', runDir, '--yes', '--json'], { built: true });
      expect(run.code, failures(run)).toBe(1);
      const summary = run.events.find(
        (e): e is Extract<RunEvent, { type: 'run-finished' }> => e.type === 'run-finished',
      )!.summary;
      expect(summary.sites[siteName]?.failedStep).toBe('db');
      expect(summary.sites[siteName]?.error?.code).toBe('WPF_SQL_REFUSED');
      expect(summary.sites[siteName]?.error?.message).toBe(
        "SQL dump refused at byte 0: the export does not start like a mysqldump/mariadb-dump dump (it starts with `It's the staging box?`)",
      );
      expect(liveTables(siteName)).toEqual(liveBefore);
    } finally {
      writeFileSync(config, original);
      await undoAndCleanup(runDir, [siteName]);
    }
  });

  it('migrates a source whose wp-config.php prints a PHP warning on stdout, and reports it', async () => {
    const siteName = 'news';
    const source = lab.sites.find((s) => s.name === siteName)!;
    const args = fleetFor('php-noise', [siteName]);
    const runDir = join(work, 'php-noise-run');
    const config = join(source.path, 'wp-config.php');
    const original = readFileSync(config, 'utf8');
    try {
      // display_errors on (as php.ini-development has it) and a constant defined twice: WordPress's classic notice.
      writeFileSync(
        config,
        original.replace('<?php\n', "<?php\nini_set('display_errors', '1');\ndefine('WP_DEBUG', false);\n"),
      );
      const run = await planAndMigrate(args, runDir);
      expect(run.code, failures(run)).toBe(0);
      const noise = findingsOf(run).find((f) => f.code === 'php-messages-before-dump');
      expect(noise?.message).toMatch(/Constant WP_DEBUG already defined/);
    } finally {
      writeFileSync(config, original);
      await undoAndCleanup(runDir, [siteName]);
    }
  });

  it('migrates two sites whose targets share one database side by side, each under staging and backup prefixes of its own', async () => {
    const [docs, shop] = [target('docs'), target('shop')];
    expect(docs.host).toBe(shop.host);
    const shared = `\`${shop.db.name}\``;
    const docsConfig = join(docs.path, 'wp-config.php');
    const original = readFileSync(docsConfig, 'utf8');
    const docsTables = sql(lab, docs.host, `SHOW TABLES FROM \`${docs.db.name}\``)
      .split('\n')
      .filter(Boolean);
    // The docs target becomes a second install in the shop target's database, under its own table prefix.
    const moved = (table: string) => `docs_${table.slice(docs.prefix.length)}`;
    for (const table of docsTables) {
      sql(
        lab,
        docs.host,
        `CREATE TABLE ${shared}.\`${moved(table)}\` LIKE \`${docs.db.name}\`.\`${table}\`; INSERT INTO ${shared}.\`${moved(table)}\` SELECT * FROM \`${docs.db.name}\`.\`${table}\`;`,
      );
    }
    const data = labFleet(lab, {
      only: ['docs', 'shop'],
      defaults: {
        concurrency: { global: 4, perHost: 2 },
        waves: { maxSize: 10, stopOnWaveFailure: false, maxFailedFraction: 1 },
      },
    }) as {
      sites: Record<string, { target: { db: Record<string, unknown> } }>;
    };
    data.sites['docs']!.target.db['name'] = shop.db.name;
    const file = join(work, 'shared-target-db.yml');
    writeFileSync(file, stringify(data));
    const args = ['--fleet', file, '--ssh-config', lab.sshConfig];
    const runDir = join(work, 'shared-target-db-run');
    const option = (prefix: string, name: string) =>
      sql(
        lab,
        shop.host,
        `SELECT option_value FROM ${shared}.\`${prefix}options\` WHERE option_name = '${name}'`,
      ).trim();
    try {
      writeFileSync(
        docsConfig,
        original
          .replace(/define\('DB_NAME', '[^']*'\);/, `define('DB_NAME', '${shop.db.name}');`)
          .replace(/\$table_prefix = '[^']*';/, "$table_prefix = 'docs_';"),
      );
      const plan = await runCli(['plan', ...args, '--run-dir', runDir, '--json'], { built: true });
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toContain('target-database-shared');
      const run = await runCli(['migrate', ...args, '--run-dir', runDir, '--yes', '--json'], { built: true });
      expect(run.code, failures(run)).toBe(0);
      // Both live installs in the one database now hold their own migrated site.
      expect(option('docs_', 'home')).toBe(docs.url.replace(/\/+$/, ''));
      expect(option(shop.prefix, 'home')).toBe(shop.url.replace(/\/+$/, ''));
      const tables = sql(lab, shop.host, `SHOW TABLES FROM ${shared}`).split('\n').filter(Boolean);
      expect(tables.filter((t) => t.startsWith('wpfb1_')).length).toBeGreaterThan(5);
      expect(tables.filter((t) => t.startsWith('wpfb2_')).length).toBeGreaterThan(5);
      expect(tables.filter((t) => t.startsWith('wpfs'))).toEqual([]);
    } finally {
      await undoAndCleanup(runDir, ['docs', 'shop']);
      writeFileSync(docsConfig, original);
      const left = sql(lab, shop.host, `SHOW TABLES FROM ${shared} LIKE 'docs\\_%'`)
        .split('\n')
        .filter(Boolean);
      if (left.length > 0)
        sql(lab, shop.host, `DROP TABLE ${left.map((t) => `${shared}.\`${t}\``).join(', ')}`);
    }
    expect(
      sql(lab, shop.host, `SHOW TABLES FROM ${shared}`)
        .split('\n')
        .filter((t) => /^(wpf|docs_)/.test(t)),
    ).toEqual([]);
  });

  it('moves a trigger with its table: refused while the target may not create triggers, then created on the staged table with a body writing to live tables, renamed when its name is taken', async () => {
    const siteName = 'news';
    const source = lab.sites.find((s) => s.name === siteName)!;
    const t = target(siteName);
    const args = fleetFor('trigger', [siteName]);
    const [refusedRun, runDir] = [join(work, 'trigger-refused-run'), join(work, 'trigger-run')];
    const [sdb, tdb] = [`\`${source.db.name}\``, `\`${t.db.name}\``];
    const trigger = 'wpfleet_log_update';
    const grant = (verb: 'GRANT' | 'REVOKE') =>
      sql(lab, t.host, `${verb} TRIGGER ON ${tdb}.* ${verb === 'GRANT' ? 'TO' : 'FROM'} '${t.db.user}'@'%'`);
    try {
      sql(
        lab,
        source.host,
        `USE ${sdb}; CREATE TABLE \`${source.prefix}wpfleet_log\` (post_id BIGINT) ENGINE=InnoDB; CREATE TRIGGER \`${trigger}\` AFTER UPDATE ON \`${source.prefix}posts\` FOR EACH ROW INSERT INTO \`${source.prefix}wpfleet_log\` VALUES (NEW.ID);`,
      );
      // The target's live tables already have a trigger of that name, as after an earlier migration.
      sql(
        lab,
        t.host,
        `USE ${tdb}; CREATE TABLE \`${t.prefix}wpfleet_other\` (id INT) ENGINE=InnoDB; CREATE TRIGGER \`${trigger}\` BEFORE INSERT ON \`${t.prefix}wpfleet_other\` FOR EACH ROW SET NEW.id = NEW.id;`,
      );
      // Without the TRIGGER privilege on the target, the preflight says so before anything is copied.
      grant('REVOKE');
      const refused = await planAndMigrate(args, refusedRun);
      expect(refused.code).toBe(1);
      const failed = refused.events.find(
        (e): e is Extract<RunEvent, { type: 'step-failed' }> => e.type === 'step-failed',
      );
      expect(failed?.step).toBe('preflight');
      expect(failed?.message).toMatch(/lacks TRIGGER/);
      grant('GRANT');
      const run = await planAndMigrate(args, runDir);
      expect(run.code, failures(run)).toBe(0);
      const renamed = findingsOf(run).find((f) => f.code === 'trigger-renamed');
      expect(renamed?.message).toContain(trigger);
      // The live posts table now carries the trigger, and it writes to the live log table.
      const onPosts = sql(
        lab,
        t.host,
        `SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '${t.db.name}' AND EVENT_OBJECT_TABLE = '${t.prefix}posts'`,
      ).trim();
      expect(onPosts).toBe(`wpfs_${trigger}`);
      sql(
        lab,
        t.host,
        `UPDATE ${tdb}.\`${t.prefix}posts\` SET post_title = post_title WHERE ID = (SELECT MIN(ID) FROM (SELECT ID FROM ${tdb}.\`${t.prefix}posts\`) p)`,
      );
      expect(Number(sql(lab, t.host, `SELECT COUNT(*) FROM ${tdb}.\`${t.prefix}wpfleet_log\``).trim())).toBe(
        1,
      );
    } finally {
      await undoAndCleanup(runDir, [siteName]);
      await undoAndCleanup(refusedRun, [siteName]);
      grant('GRANT');
      sql(
        lab,
        source.host,
        `DROP TRIGGER IF EXISTS ${sdb}.\`${trigger}\`; DROP TABLE IF EXISTS ${sdb}.\`${source.prefix}wpfleet_log\`;`,
      );
      sql(lab, t.host, `DROP TABLE IF EXISTS ${tdb}.\`${t.prefix}wpfleet_other\`;`);
    }
    expect(
      sql(
        lab,
        t.host,
        `SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '${t.db.name}'`,
      ).trim(),
    ).toBe('0');
  });

  it('defines a view again over the live tables after the swap (it was loaded over the staged ones)', async () => {
    const siteName = 'news';
    const source = lab.sites.find((s) => s.name === siteName)!;
    const t = target(siteName);
    const args = fleetFor('view', [siteName]);
    const runDir = join(work, 'view-run');
    const [sdb, tdb] = [`\`${source.db.name}\``, `\`${t.db.name}\``];
    const view = `${source.prefix}wpfleet_titles`;
    try {
      sql(
        lab,
        source.host,
        `USE ${sdb}; CREATE VIEW \`${view}\` AS SELECT ID, post_title FROM \`${source.prefix}posts\`;`,
      );
      const run = await planAndMigrate(args, runDir);
      expect(run.code, failures(run)).toBe(0);
      const live = `${t.prefix}${view.slice(source.prefix.length)}`;
      const definition = sql(
        lab,
        t.host,
        `SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '${t.db.name}' AND TABLE_NAME = '${live}'`,
      );
      expect(definition).toContain(`\`${t.prefix}posts\``);
      expect(definition).not.toContain('wpfs_');
      expect(sql(lab, t.host, `SELECT COUNT(*) FROM ${tdb}.\`${live}\``).trim()).toBe(
        sql(lab, t.host, `SELECT COUNT(*) FROM ${tdb}.\`${t.prefix}posts\``).trim(),
      );
    } finally {
      await undoAndCleanup(runDir, [siteName]);
      sql(lab, source.host, `DROP VIEW IF EXISTS ${sdb}.\`${view}\`;`);
    }
    // Cleanup dropped the staged view too (DROP TABLE passes over views).
    expect(sql(lab, t.host, `SHOW FULL TABLES FROM ${tdb} WHERE Table_type = 'VIEW'`).trim()).toBe('');
  });

  it('names the first differing row when a resumed run (a new controller process) finds a staged row changed', async () => {
    const siteName = 'news';
    const t = target(siteName);
    const args = fleetFor('resume-row', [siteName]);
    const runDir = join(work, 'resume-row-run');
    const staging = `\`${t.db.name}\`.\`wpfs_posts\``;
    try {
      expect((await runCli(['plan', ...args, '--run-dir', runDir], { built: true })).code).toBe(0);
      // The controller dies right after the copy; its row hashes live on only in the run directory.
      const killed = await runCli(['migrate', ...args, '--run-dir', runDir, '--yes', '--json'], {
        built: true,
        killAt: (event) => event.type === 'step-finished' && event.step === 'db',
      });
      expect(killed.signal).toBe('SIGKILL');
      const id = sql(lab, t.host, `SELECT MIN(ID) FROM ${staging} WHERE post_status = 'publish'`).trim();
      sql(lab, t.host, `UPDATE ${staging} SET post_title = CONCAT(post_title, '!') WHERE ID = ${id}`);
      const resumed = await runCli(['resume', '--run-dir', runDir, '--json'], { built: true });
      expect(resumed.code).toBe(1);
      const failed = resumed.events.find(
        (e): e is Extract<RunEvent, { type: 'step-failed' }> =>
          e.type === 'step-failed' && e.step === 'verify',
      );
      expect(failed?.code).toBe('WPF_VERIFY_FAILED');
      expect(failed?.message).toMatch(new RegExp(`${t.prefix}posts.*ID=${id}\\b`));
    } finally {
      await runCli(['cleanup', '--run-dir', runDir, '--yes', '--include-unswapped'], { built: true });
    }
  });

  it("fails verify when a plugin the source's probe listed is missing from the staged copy, naming it", async () => {
    const siteName = 'news';
    const t = target(siteName);
    const args = fleetFor('parity', [siteName]);
    const runDir = join(work, 'parity-run');
    const stagedPlugins = join(dirname(t.path), '.wpfleet', siteName, 'staging', 'plugins');
    try {
      expect((await runCli(['plan', ...args, '--run-dir', runDir], { built: true })).code).toBe(0);
      // Stop the controller as verify starts (the copy is staged), take a plugin out of staging, and resume.
      const killed = await runCli(['migrate', ...args, '--run-dir', runDir, '--yes', '--json'], {
        built: true,
        killAt: (event) => event.type === 'step-started' && event.step === 'verify',
      });
      expect(killed.signal).toBe('SIGKILL');
      const journal = replayJournal(
        parseJournal(readFileSync(join(runDir, 'journal.jsonl'), 'utf8')).entries,
      );
      const probed = journal.sites[siteName]?.steps.preflight?.outputs?.['sourcePlugins'] as
        { name: string }[] | undefined;
      expect(probed?.length, "the preflight kept the probe's plugin list").toBeGreaterThan(0);
      const plugin = probed!.map((p) => p.name).find((name) => existsSync(join(stagedPlugins, name)));
      expect(plugin, 'a probed plugin directory is staged').toBeDefined();
      rmSync(join(stagedPlugins, plugin!), { recursive: true, force: true });
      const resumed = await runCli(['resume', '--run-dir', runDir, '--json'], { built: true });
      expect(resumed.code).toBe(1);
      const failed = resumed.events.find(
        (e): e is Extract<RunEvent, { type: 'step-failed' }> =>
          e.type === 'step-failed' && e.step === 'verify',
      );
      expect(failed?.message).toMatch(new RegExp(`plugin ${plugin} \\S+ is not in the staged plugins`));
    } finally {
      await runCli(['cleanup', '--run-dir', runDir, '--yes', '--include-unswapped'], { built: true });
    }
  });

  it('stops a site with a clear error when the target disk fills, and leaves its live site unchanged', async (ctx) => {
    // The site's work area goes on a tmpfs of its own: mounting one takes CAP_SYS_ADMIN, which a container drops.
    ctx.skip(
      !hasCapability(CAP_SYS_ADMIN),
      'mounting the 1 MiB tmpfs needs CAP_SYS_ADMIN, which this process lacks (e.g. in a container)',
    );
    const siteName = 'docs';
    const source = lab.sites.find((s) => s.name === siteName)!;
    const t = target(siteName);
    const user = lab.hosts.find((h) => h.name === t.host)!.user;
    const uid = execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim();
    // The site's work area on the target (staging and backup of wp-content) on a 1 MiB filesystem.
    const base = join(t.path, '..', '.wpfleet', siteName);
    // Made as the target's user, as wpfleet makes them: directories this test (root) left behind would stop every
    // later copy of the site with "Permission denied".
    const made: string[] = [];
    for (const dir of [join(base, '..'), base]) {
      if (!existsSync(dir)) {
        mkdirSync(dir);
        chownSync(dir, Number(uid), Number(gid));
        made.unshift(dir);
      }
    }
    // The copy overflows 1 MiB whatever the lab's seed made of the site: 2 MiB of incompressible upload, owned by
    // the source's user like the rest of its wp-content.
    const upload = join(source.path, 'wp-content', 'uploads', 'wpfleet-disk-full.bin');
    const sourceUser = lab.hosts.find((h) => h.name === source.host)!.user;
    writeFileSync(upload, randomBytes(2 << 20));
    execFileSync('chown', [`${sourceUser}:`, upload]);
    const liveBefore = liveTables(siteName);
    const filesBefore = fileHashes(join(t.path, 'wp-content'));
    const args = fleetFor('full', [siteName]);
    const runDir = join(work, 'full-run');
    let mounted = false;
    try {
      execFileSync('mount', [
        '-t',
        'tmpfs',
        '-o',
        `size=1m,uid=${uid},gid=${gid},mode=0755`,
        'wpfleet-test-full',
        base,
      ]);
      mounted = true;
      expect((await runCli(['plan', ...args, '--run-dir', runDir], { built: true })).code).toBe(0);
      const run = await runCli(
        ['migrate', ...args, '--run-dir', runDir, '--yes', '--json', '--skip-doctor'],
        { built: true },
      );
      expect(run.code, failures(run)).toBe(1);
      const failed = run.events.filter(
        (e): e is Extract<RunEvent, { type: 'step-failed' }> => e.type === 'step-failed' && !e.willRetry,
      );
      expect(failed.map((e) => e.code)).toContain('WPF_TARGET_DISK_FULL');
      expect(failed.find((e) => e.code === 'WPF_TARGET_DISK_FULL')!.message).toMatch(/ran out of disk space/);
      // The failed site's copy is what `resume` continues from: cleanup leaves it alone unless told otherwise.
      const cleanup = await runCli(['cleanup', '--run-dir', runDir, '--yes'], { built: true });
      expect(cleanup.code, cleanup.stderr).toBe(0);
      expect(cleanup.stdout).toMatch(new RegExp(`${siteName}: skipped, its copy is staged but not swapped`));
    } finally {
      if (mounted) execFileSync('umount', [base]);
      rmSync(upload, { force: true });
      // Whatever the run got to: a swap is undone, and its staged copy and backups go, so the next test (and the
      // next test file) meet the site as the lab made it.
      if (existsSync(join(runDir, 'journal.jsonl'))) {
        await runCli(['undo', siteName, '--run-dir', runDir], { built: true });
        await runCli(['cleanup', '--run-dir', runDir, '--yes', '--include-unswapped'], { built: true });
      }
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
    }
    expect(liveTables(siteName)).toEqual(liveBefore);
    expect(fileHashes(join(t.path, 'wp-content'))).toEqual(filesBefore);
  });

  it('stops cleanly on Ctrl-C with exit code 130, and resume finishes the run', async () => {
    const sites = ['docs', 'news'];
    const args = fleetFor('sigint', sites);
    const runDir = join(work, 'sigint-run');
    expect((await runCli(['plan', ...args, '--run-dir', runDir], { built: true })).code).toBe(0);
    let interrupted = false;
    const run = await runCli(['migrate', ...args, '--run-dir', runDir, '--yes', '--json'], {
      built: true,
      onEvent: (event, kill) => {
        if (!interrupted && event.type === 'step-started' && event.step === 'db') {
          interrupted = true;
          kill('SIGINT');
        }
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/wpfleet resume --run-dir/);
    const finished = run.events.find(
      (e): e is Extract<RunEvent, { type: 'run-finished' }> => e.type === 'run-finished',
    );
    expect(finished?.summary.status).toBe('aborted');
    for (const site of sites)
      expect(
        sql(
          lab,
          target(site).host,
          `SHOW TABLES FROM \`${target(site).db.name}\` LIKE '${target(site).prefix}posts'`,
        ).trim(),
      ).not.toBe('');

    let undone = false;
    try {
      const resumed = await runCli(['resume', '--run-dir', runDir, '--json'], { built: true });
      expect(resumed.code, failures(resumed)).toBe(0);
      const replay = replayJournal(parseJournal(readFileSync(join(runDir, 'journal.jsonl'), 'utf8')).entries);
      for (const site of sites) {
        expect(replay.sites[site]?.steps['http-check']?.state, site).toBe('succeeded');
        expect((await runCli(['undo', site, '--run-dir', runDir], { built: true })).code).toBe(0);
      }
      undone = true;
    } finally {
      // A failure above must not leave a site swapped for the next test file to trip over, nor its copies behind.
      if (!undone)
        for (const site of sites) await runCli(['undo', site, '--run-dir', runDir], { built: true });
      await runCli(['cleanup', '--run-dir', runDir, '--yes', '--include-unswapped'], { built: true });
    }
  });
});
