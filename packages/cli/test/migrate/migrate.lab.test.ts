// The product's main job against the lab's real hosts, through the BUILT binary: the whole lab fleet migrated in
// parallel with every digest equal, the targets serving the migrated content, the sources byte-identical, undo,
// and a controller killed with SIGKILL mid-run that `resume` finishes without applying any step twice.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { restrictedRsyncKeyLine } from '@wpfleet/wp';
import { parseJournal, replayJournal, STEP_KINDS, type JournalEntry, type RunEvent } from '@wpfleet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabState, writeLabFleet, type LabState } from '@wpfleet/lab';
import { fileHashes, optionRows, sql, tableDigests } from './lab-snapshot.js';
import { runCli, type CliRunOptions } from '../run-cli/run-cli.js';
import { undoLastDemoRun } from './undo-last-demo-run.js';

let lab: LabState;
let work: string;
let fleetFile: string;
let common: string[];

interface SourceSnapshot {
  options: Record<string, Record<string, string>>;
  tables: Record<string, Record<string, string>>;
  files: Record<string, Record<string, string>>;
  authorizedKeys: Record<string, string>;
}

function authorizedKeys(user: string): string {
  const home = execFileSync('getent', ['passwd', user], { encoding: 'utf8' }).split(':')[5]!;
  try {
    return readFileSync(join(home, '.ssh', 'authorized_keys'), 'utf8');
  } catch {
    return '';
  }
}

function snapshotSources(): SourceSnapshot {
  const snap: SourceSnapshot = { options: {}, tables: {}, files: {}, authorizedKeys: {} };
  for (const site of lab.sites) {
    snap.options[site.name] = optionRows(lab, site.host, site.db.name, site.prefix);
    snap.tables[site.name] = tableDigests(lab, site.host, site.db.name, { ignoreTransients: true });
    snap.files[site.name] = fileHashes(site.path);
  }
  for (const host of lab.hosts.filter((h) => h.role === 'source'))
    snap.authorizedKeys[host.name] = authorizedKeys(host.user);
  return snap;
}

function get(
  url: string,
  address: string,
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: address, port: Number(u.port || 80), path: u.pathname + u.search, headers: { host: u.host } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

const address = (host: string) => lab.hosts.find((h) => h.name === host)!.address;
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? null;

function journalOf(runDir: string): JournalEntry[] {
  return parseJournal(readFileSync(join(runDir, 'journal.jsonl'), 'utf8')).entries;
}

/** Per site and step, how many times the step finished with an effect (`succeeded`) over all runs. */
function effects(entries: readonly JournalEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries)
    if (e.type === 'step-finished' && e.status === 'succeeded')
      counts.set(`${e.site}/${e.step}`, (counts.get(`${e.site}/${e.step}`) ?? 0) + 1);
  return counts;
}

function verifyIntegrity(entries: readonly JournalEntry[], site: string) {
  const verify = entries
    .filter(
      (e): e is Extract<JournalEntry, { type: 'step-finished' }> =>
        e.type === 'step-finished' && e.site === site && e.step === 'verify',
    )
    .pop();
  return verify?.outputs['integrity'] as
    | {
        tables: { table: string; equal: boolean; sourceRows: number }[];
        files: { dir: string; equal: boolean }[];
      }
    | undefined;
}

async function migrate(runDir: string, onEvent?: CliRunOptions['onEvent']) {
  const plan = await runCli(['plan', ...common, '--run-dir', runDir], { built: true });
  expect(plan.code, plan.stderr + plan.stdout).toBe(0);
  return runCli(['migrate', ...common, '--run-dir', runDir, '--yes', '--json'], {
    built: true,
    ...(onEvent ? { onEvent } : {}),
  });
}

async function undoAll(runDir: string) {
  for (const site of lab.sites) {
    const undo = await runCli(['undo', site.name, '--run-dir', runDir, '--json'], { built: true });
    expect(undo.code, undo.stderr).toBe(0);
  }
}

beforeAll(async () => {
  await undoLastDemoRun();
  lab = readLabState();
  work = mkdtempSync(join(tmpdir(), 'wpfleet-migrate-'));
  fleetFile = writeLabFleet(join(work, 'fleet.yml'), lab, {
    defaults: {
      concurrency: { global: 6, perHost: 3 },
      retries: { attempts: 3, baseDelayMs: 500, maxDelayMs: 4000 },
      waves: { maxSize: 10, stopOnWaveFailure: false, maxFailedFraction: 1 },
    },
  });
  common = ['--fleet', fleetFile, '--ssh-config', lab.sshConfig];
});

afterAll(() => {
  if (process.env['WPFLEET_TEST_KEEP'] !== '1') rmSync(work, { recursive: true, force: true });
});

describe('wpfleet migrate on the lab fleet', () => {
  let before: SourceSnapshot;
  let runDir: string;
  let targetBefore: Record<string, { posts: string; title: string | null }>;

  it('migrates every site in parallel with all digests equal, and the targets serve the migrated content', async () => {
    // Any visit may fire WordPress's own due cron events on a source (it rewrites `cron` and update transients);
    // the HTTP check visits the sources like a reader does, so let that happen before the snapshot.
    for (const site of lab.sites) {
      for (const path of ['/', '/wp-login.php', '/wp-json/wp/v2/posts'])
        await get(new URL(path, site.url).toString(), address(site.host)).catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 3000));
    // A transient on every source: the swap's housekeeping must leave none of them on the targets.
    const transient = `_transient_wpfleet_swap_${Date.now()}`;
    // On the multisite, also in its second subsite's options table (its blog_id is 2).
    const optionTables = (site: { prefix: string; multisite: boolean }) => [
      `${site.prefix}options`,
      ...(site.multisite ? [`${site.prefix}2_options`] : []),
    ];
    for (const site of lab.sites) {
      for (const table of optionTables(site)) {
        sql(
          lab,
          site.host,
          `INSERT INTO \`${site.db.name}\`.\`${table}\` (option_name, option_value, autoload) VALUES ('${transient}', 'stale', 'no')`,
        );
      }
    }
    before = snapshotSources();
    targetBefore = {};
    for (const t of lab.targets) {
      targetBefore[t.site] = {
        posts: sql(lab, t.host, `SELECT COUNT(*) FROM \`${t.db.name}\`.\`${t.prefix}posts\``).trim(),
        title: title((await get(t.url, address(t.host))).body),
      };
    }
    runDir = join(work, 'run-1');
    const run = await migrate(runDir);
    expect(
      run.code,
      `${run.stderr}\n${run.events
        .filter((e) => e.type === 'step-failed')
        .map((e) => JSON.stringify(e))
        .join('\n')}`,
    ).toBe(0);
    const finished = run.events.find(
      (e): e is Extract<RunEvent, { type: 'run-finished' }> => e.type === 'run-finished',
    );
    expect(finished?.summary.succeeded).toBe(lab.sites.length);
    // Every copy went host to host (the target's rsync reached the source with the key the controller verified):
    // a silent fallback to the relay would hide a broken direct copy.
    expect(
      run.events
        .filter((e) => e.type === 'finding' && e.finding.code === 'files-relayed')
        .map((e) => JSON.stringify(e)),
    ).toEqual([]);

    // Sites ran side by side: some site's db step started before another site's finished.
    const dbStarts = run.events.filter((e) => e.type === 'step-started' && e.step === 'db').map((e) => e.at);
    const dbEnds = run.events.filter((e) => e.type === 'step-finished' && e.step === 'db').map((e) => e.at);
    expect(Math.max(...dbStarts.slice(0, 2))).toBeLessThan(Math.min(...dbEnds));

    const entries = journalOf(runDir);
    for (const site of lab.sites) {
      const integrity = verifyIntegrity(entries, site.name);
      expect(integrity, site.name).toBeDefined();
      expect(integrity!.tables.length).toBeGreaterThan(5);
      expect(
        integrity!.tables.filter((t) => !t.equal),
        site.name,
      ).toEqual([]);
      expect(
        integrity!.files.filter((f) => !f.equal),
        site.name,
      ).toEqual([]);
    }

    for (const site of lab.sites) {
      const target = lab.targets.find((t) => t.site === site.name)!;
      const [src, tgt] = await Promise.all([
        get(site.url, address(site.host)),
        get(target.url, address(target.host)),
      ]);
      expect(tgt.status, site.name).toBe(200);
      expect(title(tgt.body), site.name).toBe(title(src.body));
      // The target now serves the migrated site, not the empty install it had.
      expect(
        sql(lab, target.host, `SELECT COUNT(*) FROM \`${target.db.name}\`.\`${target.prefix}posts\``).trim(),
      ).not.toBe(targetBefore[site.name]!.posts);
      if (new URL(target.url).host !== new URL(site.url).host)
        expect(tgt.body).not.toContain(new URL(site.url).host);
    }
    expect(readFileSync(join(runDir, 'report.html'), 'utf8')).toContain('<html');

    // The copy carried the planted transient into staging; the swap's housekeeping deleted it from the live site.
    for (const t of lab.targets) {
      const multisite = lab.sites.find((s) => s.name === t.site)!.multisite;
      for (const table of optionTables({ prefix: t.prefix, multisite })) {
        expect(
          sql(
            lab,
            t.host,
            `SELECT COUNT(*) FROM \`${t.db.name}\`.\`${table}\` WHERE option_name = '${transient}'`,
          ).trim(),
          `${t.site} ${table}`,
        ).toBe('0');
      }
      // A subsite's rewrite rules are deleted for WordPress to rebuild with the subsite's own settings.
      if (multisite) {
        expect(
          sql(
            lab,
            t.host,
            `SELECT COUNT(*) FROM \`${t.db.name}\`.\`${t.prefix}2_options\` WHERE option_name = 'rewrite_rules' AND option_value <> ''`,
          ).trim(),
        ).toBe('0');
      }
    }
    // A network that moved domain finds its subsites by the new one (wp_blogs.domain holds it without a scheme).
    // (After the housekeeping checks: a subsite's first request rebuilds its rewrite rules.)
    for (const site of lab.sites.filter((s) => s.multisite)) {
      const target = lab.targets.find((t) => t.site === site.name)!;
      if (new URL(target.url).host === new URL(site.url).host) continue;
      expect(
        sql(
          lab,
          target.host,
          `SELECT DISTINCT domain FROM \`${target.db.name}\`.\`${target.prefix}blogs\``,
        ).trim(),
      ).toBe(new URL(target.url).host);
      for (const sub of site.subsites) {
        const page = await get(new URL(sub, target.url).toString(), address(target.host));
        expect(page.status, `${site.name}${sub}`).toBe(200);
        expect(page.body, `${site.name}${sub}`).not.toContain(new URL(site.url).host);
      }
    }
    for (const site of lab.sites) {
      for (const table of optionTables(site)) {
        sql(
          lab,
          site.host,
          `DELETE FROM \`${site.db.name}\`.\`${table}\` WHERE option_name = '${transient}'`,
        );
      }
    }
  });

  it("leaves every source byte-identical: every table (but WordPress's own transient cache) and every file, and no key left in authorized_keys", () => {
    expect(before, 'the migration test ran first').toBeDefined();
    const after = snapshotSources();
    expect(after.options).toEqual(before.options);
    expect(after.tables).toEqual(before.tables);
    expect(after.files).toEqual(before.files);
    // No temporary key of this run is left; only stale ones of earlier killed runs may have been cleaned up.
    for (const host of Object.keys(before.authorizedKeys)) {
      const lines = (text: string) => text.split('\n').filter(Boolean);
      const own = (text: string) => lines(text).filter((l) => !l.includes('wpfleet-temp-'));
      const temporary = (text: string) => lines(text).filter((l) => l.includes('wpfleet-temp-'));
      expect(own(after.authorizedKeys[host]!), host).toEqual(own(before.authorizedKeys[host]!));
      for (const line of temporary(after.authorizedKeys[host]!))
        expect(temporary(before.authorizedKeys[host]!), host).toContain(line);
    }
  });

  it('shows the run from its journal with every site done', async () => {
    const status = await runCli(['status', '--run-dir', runDir, '--json'], { built: true });
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { sites: { name: string; state: string }[] };
    expect(parsed.sites.map((s) => s.state)).toEqual(lab.sites.map(() => 'done'));
  });

  it('undo puts every target back to the site it served before', async () => {
    await undoAll(runDir);
    for (const t of lab.targets) {
      expect(
        sql(lab, t.host, `SELECT COUNT(*) FROM \`${t.db.name}\`.\`${t.prefix}posts\``).trim(),
        t.site,
      ).toBe(targetBefore[t.site]!.posts);
      expect(title((await get(t.url, address(t.host))).body), t.site).toBe(targetBefore[t.site]!.title);
    }
    // Twice is harmless.
    const again = await runCli(['undo', lab.sites[0]!.name, '--run-dir', runDir, '--json'], { built: true });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout.trim()).alreadyUndone).toBe(true);
    // The journal says so: status shows every site as swapped back.
    const status = await runCli(['status', '--run-dir', runDir, '--json'], { built: true });
    expect(status.code).toBe(0);
    const sites = (
      JSON.parse(status.stdout) as { sites: { name: string; state: string; undoneAt?: string }[] }
    ).sites;
    expect(sites.map((s) => s.state)).toEqual(lab.sites.map(() => 'undone'));
    expect(sites.every((s) => typeof s.undoneAt === 'string')).toBe(true);
  });

  it('cleanup lists, asks, then removes the migrated copies under the staging prefix and leaves the live sites untouched', async () => {
    const wpfleetTables = (t: (typeof lab.targets)[number]) =>
      sql(
        lab,
        t.host,
        `SELECT table_name FROM information_schema.tables WHERE table_schema = '${t.db.name}' AND (table_name LIKE 'wpfs\\_%' OR table_name LIKE 'wpfb\\_%')`,
      )
        .split('\n')
        .filter(Boolean);
    const liveOf = (t: (typeof lab.targets)[number]) =>
      Object.fromEntries(
        Object.entries(tableDigests(lab, t.host, t.db.name, { ignoreTransients: true })).filter(([name]) =>
          name.startsWith(t.prefix),
        ),
      );
    const stagingDir = (t: (typeof lab.targets)[number]) =>
      join(dirname(t.path), '.wpfleet', t.site, 'staging');
    // After the undo above, each target keeps the migrated copy under the staging prefix and directory.
    for (const t of lab.targets) {
      expect(wpfleetTables(t).length, t.site).toBeGreaterThan(5);
      expect(existsSync(stagingDir(t)), t.site).toBe(true);
    }
    const liveBefore = Object.fromEntries(lab.targets.map((t) => [t.site, liveOf(t)]));

    const dry = await runCli(['cleanup', '--run-dir', runDir, '--dry-run', '--json'], { built: true });
    expect(dry.code, dry.stderr).toBe(0);
    const listed = dry.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            site: string;
            removed: boolean;
            stagingTables: string[];
            dirs: { path: string }[];
          },
      );
    expect(listed.map((r) => r.site).sort()).toEqual(lab.sites.map((s) => s.name).sort());
    for (const r of listed) {
      expect(r.removed).toBe(false);
      expect(r.stagingTables.length, r.site).toBeGreaterThan(5);
      expect(
        r.dirs.map((d) => d.path),
        r.site,
      ).toContain(stagingDir(lab.targets.find((t) => t.site === r.site)!));
    }
    // Without a terminal and without --yes nothing is removed.
    const unconfirmed = await runCli(['cleanup', '--run-dir', runDir], { built: true });
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stderr).toMatch(/needs confirmation/);
    for (const t of lab.targets) expect(wpfleetTables(t).length, t.site).toBeGreaterThan(5);

    // An interrupted host-to-host copy leaves its temporary key line in the source's authorized_keys: cleanup
    // lists it and takes it out.
    const keySite = lab.sites[0]!;
    const keyUser = lab.hosts.find((h) => h.name === keySite.host)!.user;
    const keysFile = join(
      execFileSync('getent', ['passwd', keyUser], { encoding: 'utf8' }).split(':')[5]!,
      '.ssh',
      'authorized_keys',
    );
    const staleLine = restrictedRsyncKeyLine(
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHN0YWxlLWtleS1mcm9tLWEta2lsbGVkLWNvcHk=',
      join(keySite.path, 'wp-content'),
      'wpfleet-temp-stale-test',
    );
    appendFileSync(keysFile, `${staleLine}\n`);
    // ... and its private key in the site's work directory on the target.
    const keyTarget = lab.targets.find((t) => t.site === keySite.name)!;
    const staleKeyDir = join(dirname(stagingDir(keyTarget)), 'key');
    // The run removed its own key directory after each copy.
    expect(existsSync(staleKeyDir)).toBe(false);
    const owner = statSync(dirname(stagingDir(keyTarget)));
    mkdirSync(staleKeyDir, { mode: 0o700 });
    writeFileSync(join(staleKeyDir, 'id'), 'stale private key\n', { mode: 0o600 });
    chownSync(staleKeyDir, owner.uid, owner.gid);
    chownSync(join(staleKeyDir, 'id'), owner.uid, owner.gid);
    const listedKeys = await runCli(['cleanup', '--run-dir', runDir, '--dry-run', '--json'], { built: true });
    const keyRow = listedKeys.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { site: string; staleKeys: number; dirs: { path: string }[] })
      .find((r) => r.site === keySite.name);
    expect(keyRow?.staleKeys).toBe(1);
    expect(keyRow?.dirs.map((d) => d.path)).toContain(staleKeyDir);

    const done = await runCli(['cleanup', '--run-dir', runDir, '--yes', '--json'], { built: true });
    expect(done.code, done.stderr).toBe(0);
    for (const t of lab.targets) {
      expect(wpfleetTables(t), t.site).toEqual([]);
      expect(existsSync(stagingDir(t)), t.site).toBe(false);
      // Nothing of wpfleet's is left beside the docroot, not even the empty `.wpfleet/<site>` directory.
      expect(existsSync(dirname(stagingDir(t))), t.site).toBe(false);
      expect(liveOf(t), t.site).toEqual(liveBefore[t.site]);
      expect((await get(t.url, address(t.host))).status, t.site).toBe(200);
    }
    expect(authorizedKeys(keyUser)).not.toContain('wpfleet-temp-stale-test');
    expect(existsSync(staleKeyDir)).toBe(false);
    // Again: nothing left, nothing removed.
    const again = await runCli(['cleanup', '--run-dir', runDir, '--yes'], { built: true });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to remove/);
    const status = await runCli(['status', '--run-dir', runDir], { built: true });
    for (const site of lab.sites)
      expect(status.stdout).toMatch(
        new RegExp(`${site.name}: swapped back by \`wpfleet undo\` at \\S+; cleaned up at`),
      );
  });

  it('finishes after the controller is killed with SIGKILL mid-run: resume ends with all digests equal and no step applied twice', async () => {
    const run2 = join(work, 'run-2');
    let finishedDb = 0;
    const killed = await migrate(run2, (event, kill) => {
      if (event.type === 'step-finished' && event.step === 'db' && ++finishedDb === 3) kill('SIGKILL');
    });
    expect(killed.signal).toBe('SIGKILL');
    const mid = replayJournal(journalOf(run2));
    expect(
      Object.values(mid.sites).some((s) => STEP_KINDS.some((k) => s.steps[k]?.state === 'in-doubt')),
    ).toBe(true);

    const resumed = await runCli(['resume', '--run-dir', run2, '--json'], { built: true });
    expect(resumed.code, resumed.stderr).toBe(0);
    const entries = journalOf(run2);
    for (const [key, count] of effects(entries)) expect(count, key).toBe(1);
    for (const site of lab.sites) {
      const integrity = verifyIntegrity(entries, site.name);
      expect(
        integrity!.tables.filter((t) => !t.equal),
        site.name,
      ).toEqual([]);
      expect(replayJournal(entries).sites[site.name]?.steps['http-check']?.state, site.name).toBe(
        'succeeded',
      );
    }
    await undoAll(run2);
  });
});
