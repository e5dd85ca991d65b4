// doctor, inventory and plan against the lab's real hosts: real facts (seeded plugin versions, exact row counts,
// the multisite's subsites), and bad input refused with a clear message before anything runs.
import { mkdtempSync, readFileSync, existsSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFleet, type Plan } from '@wpfleet/core';
import { HostPool, siteWpCli, type DoctorCheck, type Inventory } from '@wpfleet/wp';
import { labFleet, readLabState, writeLabFleet, type LabState } from '@wpfleet/lab';
import { runCli } from './run-cli/run-cli.js';

const fixturesDir = new URL('../../../fixtures/lab/', import.meta.url).pathname;

/** Plugin versions as the lab seeds them: the `Version:` header of each fixture plugin. */
function seededPluginVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const slug of readdirSync(join(fixturesDir, 'plugins'))) {
    const main = join(fixturesDir, 'plugins', slug, `${slug}.php`);
    if (!existsSync(main)) continue;
    const version = /^\s*\*\s*Version:\s*(\S+)/m.exec(readFileSync(main, 'utf8'))?.[1];
    if (version) out[slug] = version;
  }
  return out;
}

let lab: LabState;
let work: string;
let fleetPath: string;
let pool: HostPool;

function fleetOf(file: string) {
  const r = parseFleet(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.fleet;
}

const labArgs = (): string[] => ['--ssh-config', lab.sshConfig];

beforeAll(() => {
  lab = readLabState();
  work = mkdtempSync(join(tmpdir(), 'wpfleet-dip-'));
  fleetPath = writeLabFleet(join(work, 'lab.yml'), lab);
  pool = new HostPool(fleetOf(fleetPath), {
    home: process.env['HOME'] ?? '/root',
    user: 'root',
    sshConfigText: readFileSync(lab.sshConfig, 'utf8'),
  });
});

afterAll(async () => {
  await pool?.close();
});

/** `SELECT COUNT(*)` straight through the site's DB client (wp db query), not through the probe. */
async function directCount(site: string, table: string): Promise<number> {
  const s = lab.sites.find((x) => x.name === site)!;
  const cli = siteWpCli(pool, fleetOf(fleetPath), {
    site,
    side: 'source',
    host: s.host,
    path: s.path,
    url: s.url,
  });
  const r = await cli.dbQuery(`SELECT COUNT(*) FROM \`${table}\``, { header: false });
  return Number(r.rows[0]?.[0]);
}

describe('against the lab fleet', () => {
  let inventory: Inventory;

  it('doctor passes every check on the lab and exits 0', async () => {
    const {
      code,
      stdout: out,
      stderr: err,
    } = await runCli(['doctor', '--fleet', fleetPath, ...labArgs(), '--json'], { cwd: work });
    expect(err).toBe('');
    const report = JSON.parse(out) as { status: string; checks: DoctorCheck[] };
    const failed = report.checks.filter((c) => c.severity === 'error');
    expect(failed).toEqual([]);
    expect(code).toBe(0);
    for (const host of lab.hosts) {
      expect(report.checks.find((c) => c.where.host === host.name && c.code === 'ssh')?.severity).toBe(
        'info',
      );
      expect(report.checks.find((c) => c.where.host === host.name && c.code === 'wp-cli')?.message).toMatch(
        /^WP-CLI \d/,
      );
    }
    const grants = report.checks.filter((c) => c.code === 'db-grants');
    expect(grants).toHaveLength(lab.sites.length);
    // The grant lines carry password hashes; only the verdict may be printed.
    expect(out).not.toMatch(/IDENTIFIED BY|PASSWORD '\*|\*[0-9A-F]{40}/);
  });

  it('inventory reports the seeded plugin versions, exact row counts and the multisite subsites', async () => {
    const runDir = join(work, 'run-inventory');
    const { code, stdout: out } = await runCli(
      ['inventory', '--fleet', fleetPath, ...labArgs(), '--run-dir', runDir, '--json'],
      { cwd: work },
    );
    expect(code).toBe(0);
    inventory = JSON.parse(out) as Inventory;
    expect(JSON.parse(readFileSync(join(runDir, 'inventory.json'), 'utf8'))).toEqual(inventory);
    expect(Object.keys(inventory.sites).sort()).toEqual(lab.sites.map((s) => s.name).sort());

    const seeded = seededPluginVersions();
    expect(Object.keys(seeded).length).toBeGreaterThan(0);
    for (const site of Object.values(inventory.sites)) {
      const facts = site.source.facts!;
      expect(facts, `${site.name} source facts`).toBeDefined();
      for (const [slug, version] of Object.entries(seeded)) {
        expect(facts.plugins.find((p) => p.name === slug)?.version, `${site.name} ${slug}`).toBe(version);
      }
    }

    for (const name of ['blog', 'network']) {
      const facts = inventory.sites[name]!.source.facts!;
      const prefix = facts.wordpress.tablePrefix;
      for (const table of [`${prefix}posts`, `${prefix}postmeta`, `${prefix}options`, `${prefix}comments`]) {
        const probed = facts.database.tables.find((t) => t.name === table)?.rows;
        expect(probed, `${name} ${table}`).toBe(await directCount(name, table));
      }
    }

    const network = lab.sites.find((s) => s.multisite)!;
    const facts = inventory.sites[network.name]!.source.facts!;
    expect(facts.wordpress.multisite).toBe(true);
    const paths = facts.sites.map((s) => new URL(s.url).pathname.replace(/\/?$/, '/')).sort();
    expect(paths).toEqual(['/', ...network.subsites].sort());
  });

  it('inventory prints a readable table with drift and the subsites', async () => {
    const { code, stdout: out } = await runCli(
      ['inventory', '--fleet', fleetPath, ...labArgs(), '--run-dir', join(work, 'run-table')],
      { cwd: work },
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^SITE\s+SIDE\s+HOST\s+WP\s+PHP\s+DB/m);
    const network = lab.sites.find((s) => s.multisite)!;
    expect(out).toMatch(new RegExp(`${network.name}\\s+source\\s+${network.host}\\s+\\d+\\.\\d`));
    expect(out).toContain('subsites:');
    expect(out).toContain('inventory saved to');
  });

  it('plan reuses the cached inventory, writes plan.json and prints its hash', async () => {
    const runDir = join(work, 'run-inventory');
    const {
      code,
      stdout: out,
      stderr: err,
    } = await runCli(['plan', '--fleet', fleetPath, ...labArgs(), '--run-dir', runDir], { cwd: work });
    expect(err).toContain('using the inventory in');
    const plan = JSON.parse(readFileSync(join(runDir, 'plan.json'), 'utf8')) as Plan;
    expect(out).toContain(`plan hash ${plan.hash}`);
    expect(code).toBe(plan.blocked.length > 0 ? 3 : 0);
    expect(Object.keys(plan.sites).sort()).toEqual(lab.sites.map((s) => s.name).sort());
    expect(plan.waves.flatMap((w) => w.sites).sort()).toEqual(Object.keys(plan.sites).sort());
    for (const site of Object.values(plan.sites)) {
      expect(site.factsKnown).toBe(true);
      expect(site.estimate.dbRows).toBe(
        inventory.sites[site.name]!.source.facts!.database.tables.reduce((n, t) => n + t.rows, 0),
      );
      // The files step copies plugins and themes too: a lab site with next to no uploads still has bytes to copy.
      const content = inventory.sites[site.name]!.source.facts!.content!;
      expect(site.estimate.fileBytes).toBe(content.bytes);
      expect(content.bytes).toBeGreaterThan(inventory.sites[site.name]!.source.facts!.uploads.bytes);
    }
    expect(out).toMatch(/^Wave 1/m);
    expect(out).toMatch(/ESTIMATE/);

    const again = await runCli(['plan', '--fleet', fleetPath, ...labArgs(), '--run-dir', runDir, '--json'], {
      cwd: work,
    });
    expect((JSON.parse(again.stdout) as Plan).hash).toBe(plan.hash);
  });
});

describe('selection and the inventory cache', () => {
  it('plan collects the inventory itself when the run directory has none, for the selected sites only', async () => {
    const runDir = join(work, 'run-fresh-plan');
    const {
      code,
      stdout: out,
      stderr: err,
    } = await runCli(
      ['plan', '--fleet', fleetPath, ...labArgs(), '--run-dir', runDir, '--tags', 'multisite'],
      { cwd: work },
    );
    const network = lab.sites.find((s) => s.multisite)!;
    expect(err).toContain(`probed ${network.name} (source)`);
    expect(err).not.toContain('using the inventory');
    const inventory = JSON.parse(readFileSync(join(runDir, 'inventory.json'), 'utf8')) as Inventory;
    expect(Object.keys(inventory.sites)).toEqual([network.name]);
    const plan = JSON.parse(readFileSync(join(runDir, 'plan.json'), 'utf8')) as Plan;
    expect(Object.keys(plan.sites)).toEqual([network.name]);
    expect(plan.sites[network.name]!.multisite).toBe(true);
    expect(code).toBe(plan.blocked.length > 0 ? 3 : 0);
    expect(out).toContain(`plan hash ${plan.hash}`);
  });

  it('plan --refresh probes again even when an inventory is cached', async () => {
    const runDir = join(work, 'run-fresh-plan');
    const before = (JSON.parse(readFileSync(join(runDir, 'inventory.json'), 'utf8')) as Inventory)
      .collectedAt;
    const { stderr: err } = await runCli(
      ['plan', '--fleet', fleetPath, ...labArgs(), '--run-dir', runDir, '--tags', 'multisite', '--refresh'],
      { cwd: work },
    );
    expect(err).toContain('probed');
    expect(
      (JSON.parse(readFileSync(join(runDir, 'inventory.json'), 'utf8')) as Inventory).collectedAt,
    ).not.toBe(before);
  });
});

describe('bad input is refused before anything runs', () => {
  /** A fleet with one site whose source is `source` (host/path) and the lab's blog target. */
  function oneSiteFleet(
    name: string,
    source: { host: string; path: string },
    extraHosts: Record<string, unknown> = {},
  ): string {
    const blog = lab.sites.find((s) => s.name === 'blog')!;
    const base = labFleet(lab, { only: ['blog'] }) as {
      hosts: Record<string, unknown>;
      sites: Record<string, { source: object }>;
    };
    const site = base.sites['blog']!;
    const fleet = {
      ...base,
      hosts: { ...base.hosts, ...extraHosts },
      sites: { [name]: { ...site, source: { ...source, url: blog.url } } },
    };
    const file = join(work, `${name}.json`);
    writeFileSync(file, JSON.stringify(fleet));
    return file;
  }

  async function doctorChecks(
    file: string,
    extra: string[] = [],
  ): Promise<{ code: number | null; checks: DoctorCheck[]; out: string }> {
    const { code, stdout: out } = await runCli(
      ['doctor', '--fleet', file, ...labArgs(), ...extra, '--json'],
      { cwd: work },
    );
    return { code, out, checks: (JSON.parse(out) as { checks: DoctorCheck[] }).checks };
  }

  it('an unreachable host fails the ssh check with the address and a hint, exit code 3', async () => {
    const file = oneSiteFleet(
      'gone',
      { host: 'gone-1', path: '/srv/www/blog' },
      { 'gone-1': { address: '127.0.1.99', port: 2222, user: 'nobody' } },
    );
    const { code, checks } = await doctorChecks(file);
    expect(code).toBe(3);
    const ssh = checks.find((c) => c.where.host === 'gone-1' && c.code === 'ssh')!;
    expect(ssh.severity).toBe('error');
    expect(ssh.message).toContain('Cannot reach 127.0.1.99:2222');
    expect(ssh.hint).toContain('ssh -p 2222');
    expect(checks.find((c) => c.where.site === 'gone' && c.where.side === 'source')?.message).toContain(
      'not checked: host gone-1 could not be reached',
    );
  });

  it('an unknown host key fails with its fingerprint and the explicit way to trust it', async () => {
    const empty = join(work, 'empty_known_hosts');
    writeFileSync(empty, '');
    const { code, checks } = await doctorChecks(fleetPath, ['--known-hosts', empty, '--sites', 'blog']);
    expect(code).toBe(3);
    const src = lab.hosts.find((h) => h.name === lab.sites.find((s) => s.name === 'blog')!.host)!;
    const ssh = checks.find((c) => c.where.host === src.name && c.code === 'ssh')!;
    expect(ssh.severity).toBe('error');
    expect(ssh.message).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    expect(ssh.message).toContain('did not connect');
    expect(ssh.hint).toContain(`ssh-keyscan -p ${src.sshPort} ${src.address} >> ${empty}`);
  });

  it('a wrong WordPress path fails the site-path check naming the fleet key', async () => {
    const blog = lab.sites.find((s) => s.name === 'blog')!;
    const { code, checks } = await doctorChecks(
      oneSiteFleet('typo', { host: blog.host, path: `${blog.path}-typo` }),
    );
    expect(code).toBe(3);
    const check = checks.find((c) => c.where.site === 'typo' && c.code === 'site-path')!;
    expect(check.severity).toBe('error');
    expect(check.message).toContain(`${blog.path}-typo`);
    expect(check.hint).toContain('sites.typo.source.path');
  });

  describe('with prepared directories on a lab host', () => {
    const blog = () => lab.sites.find((s) => s.name === 'blog')!;
    let scratch: string;
    let marker: string;
    let oddPath: string;

    beforeAll(async () => {
      const t = pool.get(blog().host);
      scratch = join(blog().path, '..', `wpfleet-test-${process.pid}`);
      await t.exec(['mkdir', '-p', `${scratch}/not-wp`, `${scratch}/bad-db`]);
      // A WordPress whose wp-config has the wrong DB password; the rest links to the real site.
      await t.exec(['cp', '-rs', `${blog().path}/.`, `${scratch}/bad-db/`]);
      await t.exec(['rm', '-f', `${scratch}/bad-db/wp-config.php`]);
      await t.exec([
        'sh',
        '-c',
        'sed "s/define( *.DB_PASSWORD.*/define(\'DB_PASSWORD\', \'wrong-password\');/" "$1" > "$2"',
        'sh',
        `${blog().path}/wp-config.php`,
        `${scratch}/bad-db/wp-config.php`,
      ]);
      // Spaces, quotes, a command substitution and a leading dash: a correct copy of the site at a hostile path.
      marker = `/tmp/wpfleet-injected-${process.pid}`;
      oddPath = `${scratch}/odd it's "q" $(touch ${marker}) \`touch ${marker}\`/-leading dash`;
      await t.exec(['mkdir', '-p', '--', oddPath]);
      await t.exec(['cp', '-rs', '--', `${blog().path}/.`, `${oddPath}/`]);
    });

    afterAll(async () => {
      if (scratch) await pool.get(blog().host).exec(['rm', '-rf', '--', scratch]);
    });

    it("a directory that is not WordPress fails with WP-CLI's own message and a hint", async () => {
      const { code, checks } = await doctorChecks(
        oneSiteFleet('empty', { host: blog().host, path: `${scratch}/not-wp` }),
      );
      expect(code).toBe(3);
      const wp = checks.find(
        (c) => c.where.site === 'empty' && c.where.side === 'source' && c.code === 'wordpress',
      )!;
      expect(wp.severity).toBe('error');
      expect(wp.message).toContain('does not seem to be a WordPress installation');
      expect(wp.hint).toMatch(/path/);
    });

    it('wrong DB credentials fail with the database error, and the password is not printed', async () => {
      const { code, checks, out } = await doctorChecks(
        oneSiteFleet('baddb', { host: blog().host, path: `${scratch}/bad-db` }),
      );
      expect(code).toBe(3);
      const wp = checks.find(
        (c) => c.where.site === 'baddb' && c.where.side === 'source' && c.code === 'wordpress',
      )!;
      expect(wp.severity).toBe('error');
      expect(wp.message).toMatch(/Error establishing a database connection|Access denied/);
      expect(wp.hint).toMatch(/DB_PASSWORD/);
      expect(out).not.toContain('wrong-password');
    });

    it('a path with spaces, quotes, $(...) and a leading dash is passed intact and nothing is injected', async () => {
      const file = oneSiteFleet('odd', { host: blog().host, path: oddPath });
      const doctor = await doctorChecks(file);
      const source = doctor.checks.filter((c) => c.where.site === 'odd' && c.where.side === 'source');
      expect(source.find((c) => c.code === 'site-path')).toMatchObject({
        severity: 'info',
        message: oddPath,
      });
      expect(source.find((c) => c.code === 'wordpress')?.severity).toBe('info');
      const inv = await runCli(
        ['inventory', '--fleet', file, ...labArgs(), '--run-dir', join(work, 'run-odd'), '--json'],
        { cwd: work },
      );
      expect(inv.code).toBe(0);
      const facts = (JSON.parse(inv.stdout) as Inventory).sites['odd']!.source;
      expect(facts.path).toBe(oddPath);
      expect(facts.facts?.wordpress.siteurl).toBe(blog().url);
      const t = pool.get(blog().host);
      expect((await t.exec(['test', '-e', marker], { reject: false })).exitCode).toBe(1);
      expect(existsSync(marker)).toBe(false);
    });
  });
});

describe('jump hosts', () => {
  function jumpFleet(name: string, jump: string, extraHosts: Record<string, unknown> = {}): string {
    const shop = lab.sites.find((s) => s.name === 'shop') ?? lab.sites[0]!;
    const base = labFleet(lab, { only: [shop.name] }) as {
      hosts: Record<string, Record<string, unknown>>;
      sites: Record<string, unknown>;
    };
    const target = lab.targets.find((t) => t.site === shop.name)!;
    const hosts = {
      ...base.hosts,
      ...extraHosts,
      [target.host]: { ...base.hosts[target.host], proxyJump: jump },
    };
    const file = join(work, `${name}.json`);
    writeFileSync(file, JSON.stringify({ ...base, hosts }));
    return file;
  }

  it('reaches a target through a fleet jump host and probes it', async () => {
    const jump = lab.hosts.find((h) => h.role === 'source')!.name;
    const { code, stdout: out } = await runCli(
      [
        'inventory',
        '--fleet',
        jumpFleet('via-jump', jump),
        ...labArgs(),
        '--run-dir',
        join(work, 'run-jump'),
        '--json',
      ],
      { cwd: work },
    );
    expect(code).toBe(0);
    const site = Object.values((JSON.parse(out) as Inventory).sites)[0]!;
    expect(site.target.error).toBeUndefined();
    expect(site.target.facts?.wordpress.version).toMatch(/^\d+\.\d+/);
  });

  it('honours a ProxyJump written in the ssh config of a host alias', async () => {
    const shop = lab.sites.find((s) => s.name === 'shop') ?? lab.sites[0]!;
    const target = lab.targets.find((t) => t.site === shop.name)!;
    const jump = lab.hosts.find((h) => h.role === 'source')!.name;
    // The lab's own aliases plus one that reaches the target only through a jump host that does not exist.
    const config = `${readFileSync(lab.sshConfig, 'utf8')}\nHost ${target.host}-via-dead\n  HostName 127.0.1.4\n  ProxyJump nobody@127.0.1.99:2222\n\nHost ${target.host}-via-jump\n  ProxyJump ${jump}\n`;
    const sshConfig = join(work, 'ssh_config_jumps');
    writeFileSync(sshConfig, config);
    const base = labFleet(lab, { only: [shop.name] }) as { hosts: Record<string, Record<string, unknown>> };
    for (const [alias, expectOk] of [
      [`${target.host}-via-jump`, true],
      [`${target.host}-via-dead`, false],
    ] as const) {
      // `-via-jump` has no HostName, Port or User of its own: the fleet host's address, port and user fill them in
      // (fleet values win over the ssh config's), while the ProxyJump comes from the ssh config.
      const t = lab.hosts.find((h) => h.name === target.host)!;
      const file = join(work, `${alias}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          ...base,
          hosts: {
            ...base.hosts,
            [target.host]: {
              sshAlias: alias,
              address: t.address,
              port: t.sshPort,
              user: t.user,
              identityFile: lab.clientKey,
              knownHostsFile: lab.knownHosts,
            },
          },
        }),
      );
      const { code, stdout: out } = await runCli(
        ['doctor', '--fleet', file, '--ssh-config', sshConfig, '--sites', shop.name, '--json'],
        { cwd: work },
      );
      const ssh = (JSON.parse(out) as { checks: DoctorCheck[] }).checks.find(
        (c) => c.where.host === target.host && c.code === 'ssh',
      )!;
      if (expectOk) {
        expect(ssh.severity, ssh.message).toBe('info');
        expect(code).toBe(0);
      } else {
        expect(ssh.severity).toBe('error');
        expect(ssh.message).toContain('Cannot reach 127.0.1.99:2222');
      }
    }
  });

  it('goes through the jump host for real: an unreachable jump host fails the target, not the direct route', async () => {
    const file = jumpFleet('dead-jump', 'gone-1', {
      'gone-1': { address: '127.0.1.99', port: 2222, user: 'nobody' },
    });
    const { code, stdout: out } = await runCli(['doctor', '--fleet', file, ...labArgs(), '--json'], {
      cwd: work,
    });
    expect(code).toBe(3);
    const checks = (JSON.parse(out) as { checks: DoctorCheck[] }).checks;
    const target = lab.targets.find(
      (t) => t.site === (lab.sites.find((s) => s.name === 'shop') ?? lab.sites[0]!).name,
    )!;
    const ssh = checks.find((c) => c.where.host === target.host && c.code === 'ssh')!;
    expect(ssh.severity).toBe('error');
    expect(ssh.message).toContain('Cannot reach 127.0.1.99:2222');
  });
});
