// Doctor verdicts for a target that cannot take its site, on scripted hosts (the lab's MariaDB knows every
// collation and its disks are large, so these cases cannot be staged there): unknown collation, too little disk,
// missing DB rights, clashing table prefixes — each a failed check with a hint, and no secret in any of them.
import { describe, expect, it } from 'vitest';
import { parseFleet, type Fleet } from '@wpfleet/core';
import { HostPool } from '../../src/fleet-hosts/host-pool.js';
import { createSiteDoctor, runDoctor } from '../../src/doctor/run-doctor.js';
import type { ProbeFacts } from '../../src/probe/probe-facts.js';
import { probeFacts } from './rules/rule-context.js';
import { ScriptedTransport, type Answer } from './scripted-transport.js';

const HASH = '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9';
const DB_PASSWORD = 'hunter2-secret';

const probeOutput = (f: ProbeFacts): string =>
  `--WPFLEET-PROBE-BEGIN--\n${JSON.stringify(f)}\n--WPFLEET-PROBE-END--\n`;

function host(
  name: string,
  probe: ProbeFacts,
  extra: (argv: readonly string[]) => Answer | undefined = () => undefined,
): ScriptedTransport {
  return new ScriptedTransport(name, (argv) => {
    const answer = extra(argv);
    if (answer) return answer;
    const line = argv.join(' ');
    if (line === 'id -u') return { stdout: '1000\n' };
    if (line === 'wp cli version') return { stdout: 'WP-CLI 2.12.0\n' };
    if (argv[0] === 'php') return { stdout: '8.2.7' };
    if (argv[0] === 'sh' && argv[3] === 'wpfleet-tools')
      return {
        stdout:
          'mariadb-dump=/usr/bin/mariadb-dump\nmariadb=/usr/bin/mariadb\nrsync=/usr/bin/rsync\nrrsync=/usr/bin/rrsync\n',
      };
    if (argv[0] === 'test') return {};
    if (line.endsWith('core is-installed')) return {};
    if (line.endsWith('eval-file -')) return { stdout: probeOutput(probe) };
    return undefined;
  });
}

/** A HostPool over `fleet` whose hosts answer through the given scripted transports. */
function scriptedPool(
  fleet: Fleet,
  transports: Record<string, ScriptedTransport>,
  { home, user }: { home: string; user: string } = { home: '/h', user: 'u' },
): HostPool {
  return new HostPool(fleet, { home, user, sshConfigText: '', transportFor: (name) => transports[name] });
}

const fleetText = `version: 1
defaults: { stagingPrefix: w, backupPrefix: bk_ }
hosts:
  old-1: { address: 10.0.0.1 }
  new-1: { address: 10.0.0.2 }
sites:
  acme:
    source: { host: old-1, path: /srv/acme, url: "https://acme.test" }
    target: { host: new-1, path: /var/www/acme, url: "https://acme.test" }
`;

describe('Doctor on a target that cannot take the site', () => {
  it('fails collations, disk, DB rights and prefixes, each with a hint, and prints no grant hash or password', async () => {
    const parsed = parseFleet(fleetText);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const fleet: Fleet = parsed.fleet;
    const source = host(
      'old-1',
      probeFacts({
        collations: ['utf8mb4_0900_ai_ci'],
        supported: ['utf8mb4_0900_ai_ci', 'utf8mb4_unicode_ci'],
        prefix: 'wp_',
        flavour: 'mysql',
      }),
    );
    const target = host(
      'new-1',
      probeFacts({
        collations: ['utf8mb4_unicode_ci'],
        supported: ['utf8mb4_unicode_ci', 'utf8mb4_general_ci'],
        prefix: 'wp_',
      }),
      (argv) => {
        const line = argv.join(' ');
        if (line.includes('SHOW GRANTS')) {
          return {
            stdout: `GRANT USAGE ON *.* TO \`wpapp\`@\`%\` IDENTIFIED BY PASSWORD '${HASH}'\nGRANT SELECT, INSERT, UPDATE, DELETE ON \`acme\`.* TO \`wpapp\`@\`%\`\n`,
          };
        }
        if (line.includes('SELECT CURRENT_USER()')) return { stdout: 'wpapp@%\n\n' };
        if (argv[0] === 'df')
          return {
            stdout:
              'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda1 10485760 10383360 102400 99% /\n',
          };
        if (line.includes('config get --format=json')) {
          return {
            stdout:
              JSON.stringify([
                { name: 'table_prefix', value: 'wp_', type: 'variable' },
                { name: 'DB_NAME', value: 'acme', type: 'constant' },
                { name: 'DB_USER', value: 'wpapp', type: 'constant' },
                { name: 'DB_PASSWORD', value: DB_PASSWORD, type: 'constant' },
                { name: 'DB_HOST', value: '127.0.0.1:3306', type: 'constant' },
              ]) + '\n',
          };
        }
        return undefined;
      },
    );
    const transports: Record<string, ScriptedTransport> = { 'old-1': source, 'new-1': target };
    const pool = scriptedPool(fleet, transports, { home: '/home/ops', user: 'ops' });
    const checks = await runDoctor({ fleet, pool, sites: ['acme'] });
    await pool.close();
    const byId = (id: string) => checks.find((c) => c.where.site === 'acme' && c.code === id)!;

    expect(byId('collations')).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('does not know utf8mb4_0900_ai_ci'),
    });
    expect(byId('collations').hint).toContain('--map-collation utf8mb4_0900_ai_ci=utf8mb4_unicode_ci');
    expect(byId('disk-free')).toMatchObject({
      severity: 'error',
      message: expect.stringMatching(/^100\.0 MiB free on the target, the copy needs about 6\.9 GiB$/),
    });
    expect(byId('db-grants')).toMatchObject({
      severity: 'error',
      message: 'the target DB user lacks CREATE, DROP, ALTER, INDEX, LOCK TABLES on acme',
    });
    expect(byId('db-grants').hint).toContain(
      "GRANT CREATE, DROP, ALTER, INDEX, LOCK TABLES ON `acme`.* TO 'wpapp'@'%';",
    );
    expect(byId('db-grants').fix).toMatchObject({
      kind: 'db-grants',
      account: 'wpapp@%',
      dbHost: '127.0.0.1:3306',
      database: 'acme',
    });
    expect(byId('prefixes')).toMatchObject({ severity: 'error' });
    expect(byId('prefixes').message).toMatch(/live prefix "wp_" starts with the staging prefix "w"/);
    expect(byId('prefixes').hint).toContain('defaults.stagingPrefix');
    expect(byId('db-password')).toMatchObject({
      severity: 'info',
      message: "from the target's wp-config.php",
    });

    const all = JSON.stringify(checks);
    expect(all).not.toContain(HASH);
    expect(all).not.toContain(DB_PASSWORD);
    // Read-only: nothing but reads was asked of either host.
    const verbs = [...source.commands, ...target.commands].map((a) => a.join(' '));
    expect(
      verbs.filter(
        (v) =>
          /\b(rm|mv|cp|mkdir|DROP|CREATE|RENAME|ALTER|INSERT|UPDATE|DELETE)\b/.test(v) &&
          !v.startsWith('sh -c for t in'),
      ),
    ).toEqual([]);
  });

  it('reports an unset passwordEnv without touching the target DB', async () => {
    const withEnv = fleetText.replace(
      'target: { host: new-1, path: /var/www/acme, url: "https://acme.test" }',
      'target: { host: new-1, path: /var/www/acme, url: "https://acme.test", db: { name: acme, user: wpapp, passwordEnv: ACME_DB_PASSWORD } }',
    );
    const parsed = parseFleet(withEnv);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const fleet = parsed.fleet;
    const ok = probeFacts({
      collations: ['utf8mb4_unicode_ci'],
      supported: ['utf8mb4_unicode_ci'],
      prefix: 'wp_',
    });
    const transports: Record<string, ScriptedTransport> = {
      'old-1': host('old-1', ok),
      'new-1': host('new-1', ok, (argv) =>
        argv.join(' ').includes('SHOW GRANTS')
          ? { stdout: 'GRANT ALL PRIVILEGES ON `acme`.* TO `wpapp`@`%`\n' }
          : argv[0] === 'df'
            ? { stdout: 'F 1 2 3 4 5\n/dev/x 1 1 999999999 1% /\n' }
            : undefined,
      ),
    };
    const pool = scriptedPool(fleet, transports);
    const checks = await runDoctor({ fleet, pool, sites: ['acme'], env: {} });
    expect(checks.find((c) => c.code === 'db-password')).toMatchObject({
      severity: 'error',
      message:
        'sites.acme.target.db.passwordEnv names ACME_DB_PASSWORD, which is not set in this environment',
    });
  });
});

describe('Doctor with what the run will do', () => {
  const grantsAndDisk = (argv: readonly string[]): Answer | undefined => {
    const line = argv.join(' ');
    if (line.includes('SHOW GRANTS')) return { stdout: 'GRANT ALL PRIVILEGES ON `acme`.* TO `wpapp`@`%`\n' };
    if (argv[0] === 'df') return { stdout: 'F 1 2 3 4 5\n/dev/x 1 1 999999999 1% /\n' };
    if (line.includes('config get --format=json'))
      return {
        stdout:
          JSON.stringify([
            { name: 'table_prefix', value: 'wp_', type: 'variable' },
            { name: 'DB_USER', value: 'wpapp', type: 'constant' },
            { name: 'DB_PASSWORD', value: DB_PASSWORD, type: 'constant' },
          ]) + '\n',
      };
    return undefined;
  };
  const prefixed = fleetText.replace('defaults: { stagingPrefix: w, backupPrefix: bk_ }', 'defaults: {}');

  it('explains its disk figure: a 1.5 MiB site needs about 258 MiB because of a fixed 256 MiB headroom', async () => {
    const parsed = parseFleet(prefixed);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const small = probeFacts({
      collations: ['utf8mb4_unicode_ci'],
      supported: ['utf8mb4_unicode_ci'],
      prefix: 'wp_',
    });
    small.database.tables[0]!.bytes = 1.5 * 1024 * 1024;
    small.uploads.bytes = 0;
    const transports: Record<string, ScriptedTransport> = {
      'old-1': host('old-1', small),
      'new-1': host(
        'new-1',
        probeFacts({ collations: ['utf8mb4_unicode_ci'], supported: ['utf8mb4_unicode_ci'], prefix: 'wp_' }),
        grantsAndDisk,
      ),
    };
    const pool = scriptedPool(parsed.fleet, transports);
    const checks = await runDoctor({ fleet: parsed.fleet, pool, sites: ['acme'], env: {} });
    await pool.close();
    expect(checks.find((c) => c.code === 'disk-free')).toMatchObject({
      severity: 'info',
      message: expect.stringMatching(
        /free, about 258\.5 MiB needed \(1\.5 MiB of tables ×1\.5 for the staging copy \+ 0 B of wp-content, \+10%, \+ 256\.0 MiB kept free for the import's temporary files and logs\)$/,
      ),
    });
  });

  it('accepts a collation the target does not know when --map-collation rewrites it, and says so', async () => {
    const parsed = parseFleet(prefixed);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const transports: Record<string, ScriptedTransport> = {
      'old-1': host(
        'old-1',
        probeFacts({
          collations: ['utf8mb4_0900_ai_ci'],
          supported: ['utf8mb4_0900_ai_ci'],
          prefix: 'wp_',
          flavour: 'mysql',
        }),
      ),
      'new-1': host(
        'new-1',
        probeFacts({ collations: ['utf8mb4_unicode_ci'], supported: ['utf8mb4_unicode_ci'], prefix: 'wp_' }),
        grantsAndDisk,
      ),
    };
    const pool = scriptedPool(parsed.fleet, transports);
    const unmapped = await runDoctor({ fleet: parsed.fleet, pool, sites: ['acme'], env: {} });
    expect(unmapped.find((c) => c.code === 'collations')).toMatchObject({ severity: 'error' });
    const mapped = await runDoctor({
      fleet: parsed.fleet,
      pool,
      sites: ['acme'],
      env: {},
      collationMap: { utf8mb4_0900_ai_ci: 'utf8mb4_unicode_ci' },
    });
    expect(mapped.find((c) => c.code === 'collations')).toMatchObject({
      severity: 'info',
      message: expect.stringContaining('the dump maps utf8mb4_0900_ai_ci → utf8mb4_unicode_ci'),
    });
    await pool.close();
  });

  it('per site (createSiteDoctor): checks each host once for all sites, and boots WordPress once per side', async () => {
    const two = `${prefixed}  beta:
    source: { host: old-1, path: /srv/beta, url: "https://beta.test" }
    target: { host: new-1, path: /var/www/beta, url: "https://beta.test" }
`;
    const parsed = parseFleet(two);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const ok = probeFacts({
      collations: ['utf8mb4_unicode_ci'],
      supported: ['utf8mb4_unicode_ci'],
      prefix: 'wp_',
    });
    const transports: Record<string, ScriptedTransport> = {
      'old-1': host('old-1', ok),
      'new-1': host('new-1', ok, grantsAndDisk),
    };
    const pool = scriptedPool(parsed.fleet, transports);
    const doctor = createSiteDoctor({ fleet: parsed.fleet, pool, sites: ['acme', 'beta'], env: {} });
    const { checks: acme, facts: probed } = await doctor('acme');
    const { checks: beta } = await doctor('beta');
    // What the probes found comes back with the checks (the preflight hands the source's plugins to verify).
    expect(probed.source?.plugins).toEqual(ok.plugins);
    await pool.close();
    for (const checks of [acme, beta]) expect(checks.filter((c) => c.severity === 'error')).toEqual([]);
    // Host checks are shared by the two sites' results, but ran once per host.
    expect(beta.find((c) => c.code === 'wp-cli' && c.where.host === 'old-1')).toMatchObject({
      severity: 'info',
    });
    const commands = (t: ScriptedTransport) => t.commands.map((a) => a.join(' '));
    for (const t of Object.values(transports)) {
      expect(commands(t).filter((c) => c === 'wp cli version')).toHaveLength(1);
      // Each site's checks are its own: only the site's paths were probed, once each, and the probe's success
      // made `wp core is-installed` unnecessary.
      expect(commands(t).filter((c) => c.endsWith('eval-file -'))).toHaveLength(2);
      expect(commands(t).filter((c) => c.endsWith('core is-installed'))).toEqual([]);
    }
    expect(acme.every((c) => c.where.site === undefined || c.where.site === 'acme')).toBe(true);
  });

  it('asks `wp core is-installed` only when the probe fails, to say why', async () => {
    const parsed = parseFleet(prefixed);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const ok = probeFacts({
      collations: ['utf8mb4_unicode_ci'],
      supported: ['utf8mb4_unicode_ci'],
      prefix: 'wp_',
    });
    // The source's WordPress files are there but its tables are not: the probe fails, is-installed says no.
    const transports: Record<string, ScriptedTransport> = {
      'old-1': host('old-1', ok, (argv) => {
        const line = argv.join(' ');
        if (line.endsWith('eval-file -'))
          return { exitCode: 1, stderr: 'Error: The site you have requested is not installed.\n' };
        if (line.endsWith('core is-installed')) return { exitCode: 1 };
        return undefined;
      }),
      'new-1': host('new-1', ok, grantsAndDisk),
    };
    const pool = scriptedPool(parsed.fleet, transports);
    const checks = await runDoctor({ fleet: parsed.fleet, pool, sites: ['acme'], env: {} });
    await pool.close();
    expect(checks.find((c) => c.code === 'wordpress' && c.where.side === 'source')).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('not installed in its database'),
    });
    expect(
      transports['old-1']!.commands.map((a) => a.join(' ')).filter((c) => c.endsWith('core is-installed')),
    ).toHaveLength(1);
  });

  it('warns when the fleet names a target DB user other than the one wp-config.php connects as (the one wpfleet uses)', async () => {
    const ok = probeFacts({
      collations: ['utf8mb4_unicode_ci'],
      supported: ['utf8mb4_unicode_ci'],
      prefix: 'wp_',
    });
    const run = async (user: string) => {
      const parsed = parseFleet(
        prefixed.replace(
          'target: { host: new-1, path: /var/www/acme, url: "https://acme.test" }',
          `target: { host: new-1, path: /var/www/acme, url: "https://acme.test", db: { name: acme, user: ${user}, passwordFrom: wp-config } }`,
        ),
      );
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const transports: Record<string, ScriptedTransport> = {
        'old-1': host('old-1', ok),
        'new-1': host('new-1', ok, grantsAndDisk),
      };
      const pool = scriptedPool(parsed.fleet, transports);
      const checks = await runDoctor({ fleet: parsed.fleet, pool, sites: ['acme'], env: {} });
      await pool.close();
      return checks.find((c) => c.code === 'db-user');
    };
    expect(await run('deploy')).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('connects as wpapp'),
    });
    expect(await run('wpapp')).toBeUndefined();
  });
});

describe("Doctor with a plan's own prefixes for a site", () => {
  it('looks for leftovers under the staging and backup prefixes the plan gave the site (a shared target database)', async () => {
    const parsed = parseFleet(fleetText.replace('defaults: { stagingPrefix: w, backupPrefix: bk_ }\n', ''));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const fleet: Fleet = parsed.fleet;
    const targetFacts = probeFacts({
      collations: ['utf8mb4_unicode_ci'],
      supported: ['utf8mb4_unicode_ci'],
      prefix: 'wp_',
    });
    targetFacts.database.tables.push({
      name: 'wpfs1_posts',
      engine: 'InnoDB',
      collation: 'utf8mb4_unicode_ci',
      rows: 1,
      bytes: 1024,
    });
    const run = async (prefixes?: Record<string, { stagingPrefix: string; backupPrefix: string }>) => {
      const transports: Record<string, ScriptedTransport> = {
        'old-1': host(
          'old-1',
          probeFacts({
            collations: ['utf8mb4_unicode_ci'],
            supported: ['utf8mb4_unicode_ci'],
            prefix: 'wp_',
          }),
        ),
        'new-1': host('new-1', targetFacts),
      };
      const pool = scriptedPool(fleet, transports, { home: '/home/ops', user: 'ops' });
      const checks = await runDoctor({ fleet, pool, sites: ['acme'], ...(prefixes ? { prefixes } : {}) });
      await pool.close();
      return checks.find((c) => c.where.site === 'acme' && c.code === 'prefixes')!;
    };
    expect(await run()).toMatchObject({
      severity: 'info',
      message: expect.stringContaining('staging wpfs_ and backup wpfb_'),
    });
    const own = await run({ acme: { stagingPrefix: 'wpfs1_', backupPrefix: 'wpfb1_' } });
    expect(own).toMatchObject({
      severity: 'warning',
      message: expect.stringMatching(/^1 tables with the staging\/backup prefixes already exist/),
    });
  });
});
