// The Doctor: read-only preflight of every Host and Site a command would touch. Hosts are checked in parallel
// (bounded), then Sites (bounded per Host); every problem becomes a DoctorCheck instead of stopping the others.
import {
  WpfleetError,
  judgeTargetDisk,
  unknownCollations,
  type Fleet,
  type Transport,
} from '@wpfleet/core';
import { assertPrefixes } from '../db/table-swap.js';
import { dbPasswordProblem, resolveDbPassword } from '../fleet-hosts/db-password.js';
import { HostLimits, type HostLimitsOverride } from '../fleet-hosts/host-limits.js';
import type { HostPool } from '../fleet-hosts/host-pool.js';
import {
  probeSite,
  siteSide,
  siteWpCli,
  wpCliCommand,
  type SideName,
  type SiteSide,
} from '../fleet-hosts/site-side.js';
import type { ProbeFacts } from '../probe/probe-facts.js';
import { runsAsRoot, type WpCli } from '../wp-cli/wp-cli.js';
import { likePrefix, sqlString } from '../steps/sql-string.js';
import { checkGrants, MIGRATION_PRIVILEGES } from './db-grants.js';
import type { DoctorCheck, DoctorStatus } from './doctor-check.js';
import { dfArgv, parseDfFreeBytes } from './disk-free.js';

export interface DoctorOptions {
  fleet: Fleet;
  pool: HostPool;
  /** Site names to check (their hosts are checked too). */
  sites: readonly string[];
  limits?: HostLimitsOverride;
  /** Hosts checked at once. Default 8. */
  hostConcurrency?: number;
  signal?: AbortSignal;
  /** The controller's environment, for `passwordEnv` (values are never printed). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Collations the dump will rewrite (`--map-collation`): a mapped collation is not one the target must know. */
  collationMap?: Readonly<Record<string, string>>;
  /** Called with each check as it is decided (progress output). */
  onCheck?: (check: DoctorCheck) => void;
  /**
   * Staging and backup prefixes per site, when a plan gave a site its own (sites sharing a target database, DC2b);
   * other sites use the fleet's defaults.
   */
  prefixes?: Readonly<Record<string, { stagingPrefix: string; backupPrefix: string }>>;
}

const TOOL_TIMEOUT_MS = 30_000;
const OLDEST_PHP = [7, 4] as const;

/** Runs every check; resolves with all of them (never rejects for a host or site problem). */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const { fleet, pool, sites } = options;
  const checks: DoctorCheck[] = [];
  const add = (check: DoctorCheck): void => {
    checks.push(check);
    options.onCheck?.(check);
  };
  const roles = hostRoles(fleet, sites);
  const reachable = new Set<string>();
  await mapBounded([...roles.keys()], options.hostConcurrency ?? 8, async (host) => {
    if (await checkHost(fleet, pool, host, roles.get(host)!, add)) reachable.add(host);
  });

  const limits = new HostLimits(fleet, options.limits);
  await Promise.all(
    sites.map((name) =>
      limits.run(
        fleet.sites[name]!.target.host,
        () => checkSite(fleet, pool, name, reachable, add, options),
        options.signal,
      ),
    ),
  );
  return sortChecks(checks);
}

/**
 * The Doctor one site at a time, for a run's preflights: each site's checks run when that site is about to be
 * copied, not all of them before the first copy, and each host is checked once (on first use) for all the run's
 * sites. The caller bounds concurrency (the Runner's per-host slots). Also returns what the site's probes found.
 */
export function createSiteDoctor(
  options: Pick<DoctorOptions, 'fleet' | 'pool' | 'sites' | 'env' | 'collationMap' | 'prefixes'>,
): (site: string) => Promise<{ checks: DoctorCheck[]; facts: Partial<Record<SideName, ProbeFacts>> }> {
  const { fleet, pool } = options;
  const roles = hostRoles(fleet, options.sites);
  const hosts = new Map<string, Promise<{ checks: DoctorCheck[]; reachable: boolean }>>();
  const checkHostOnce = (host: string) => {
    let checked = hosts.get(host);
    if (!checked) {
      const checks: DoctorCheck[] = [];
      checked = checkHost(fleet, pool, host, roles.get(host) ?? new Set(), (c) => checks.push(c)).then(
        (reachable) => ({ checks, reachable }),
      );
      hosts.set(host, checked);
      // A host check that threw (not one that failed) is tried again by the next site.
      checked.catch(() => hosts.delete(host));
    }
    return checked;
  };
  return async (name) => {
    const site = fleet.sites[name]!;
    const hostNames = [...new Set([site.source.host, site.target.host])];
    const hostResults = await Promise.all(hostNames.map(checkHostOnce));
    const checks = hostResults.flatMap((r) => r.checks);
    const reachable = new Set(hostNames.filter((_, i) => hostResults[i]!.reachable));
    const facts = await checkSite(fleet, pool, name, reachable, (c) => checks.push(c), options);
    return { checks: sortChecks(checks), facts };
  };
}

/** The sides each host plays for these sites (a host that is only a target may lack a dump tool). */
function hostRoles(fleet: Fleet, sites: readonly string[]): Map<string, Set<SideName>> {
  const roles = new Map<string, Set<SideName>>();
  for (const name of sites) {
    for (const side of ['source', 'target'] as const) {
      const host = fleet.sites[name]![side].host;
      roles.set(host, (roles.get(host) ?? new Set()).add(side));
    }
  }
  return roles;
}

function fromError(error: unknown): { message: string; hint: string } {
  if (error instanceof WpfleetError) return { message: error.message, hint: error.hint ?? '' };
  return {
    message: error instanceof Error ? error.message : String(error),
    hint: 'this looks like a bug in wpfleet; run again with --verbose',
  };
}

async function checkHost(
  fleet: Fleet,
  pool: HostPool,
  host: string,
  roles: ReadonlySet<SideName>,
  add: (check: DoctorCheck) => void,
): Promise<boolean> {
  const check = (id: string, status: DoctorStatus, message: string, hint = ''): void =>
    add({ id, host, status, message, hint });
  let transport: Transport;
  try {
    transport = await pool.connect(host);
  } catch (error) {
    const { message, hint } = fromError(error);
    check('ssh', 'fail', message, hint);
    return false;
  }
  check(
    'ssh',
    'ok',
    transport.capabilities.isLocal
      ? 'runs on this machine'
      : `connected to ${transport.label}; its host key matches known_hosts`,
  );
  const exec = (argv: readonly string[]) =>
    transport.exec(argv, { reject: false, timeoutMs: TOOL_TIMEOUT_MS });

  const fleetHost = fleet.hosts[host];
  const asRoot = await runsAsRoot(transport).catch(() => false);
  const wp = await exec([...wpCliCommand(fleetHost), ...(asRoot ? ['--allow-root'] : []), 'cli', 'version']);
  if (wp.exitCode === 0) check('wp-cli', 'ok', wp.stdout.trim());
  else if (typeof fleetHost?.wpCli === 'object') {
    check(
      'wp-cli',
      'warn',
      `no WP-CLI on ${host}; the phar ${fleetHost.wpCli.phar} will be uploaded for the run and removed after`,
    );
  } else {
    add({
      id: 'wp-cli',
      host,
      status: 'fail',
      message: `WP-CLI does not run on ${host}: ${firstLine(wp.stderr) || `exit code ${wp.exitCode}`}`,
      hint: `install WP-CLI on ${host}, set \`hosts.${host}.wpCli\` to its path, give a phar with \`hosts.${host}.wpCli: { phar: ./wp-cli.phar }\`, or upload one with \`wpfleet doctor --fix --wp-cli-phar ./wp-cli.phar\``,
      fix: { kind: 'wp-cli-phar', host, destination: WP_CLI_FIX_DESTINATION },
    });
  }

  const php = await exec(['php', '-r', 'echo PHP_VERSION;']);
  if (php.exitCode !== 0) {
    check(
      'php',
      'fail',
      `php does not run on ${host}: ${firstLine(php.stderr) || `exit code ${php.exitCode}`}`,
      `install PHP CLI on ${host} (WP-CLI needs it)`,
    );
  } else {
    const version = php.stdout.trim();
    const [major = 0, minor = 0] = version.split('.').map(Number);
    const old = major < OLDEST_PHP[0] || (major === OLDEST_PHP[0] && minor < OLDEST_PHP[1]);
    check(
      'php',
      old ? 'warn' : 'ok',
      `PHP ${version}`,
      old
        ? `PHP older than ${OLDEST_PHP.join('.')} is past its end of life; WP-CLI 2.12 still runs, but plan an upgrade`
        : '',
    );
  }

  // One round trip for every tool; the script is fixed and the names travel as arguments.
  const tools = await exec([
    'sh',
    '-c',
    'for t in "$@"; do p=$(command -v "$t") && echo "$t=$p"; done; exit 0',
    'wpfleet-tools',
    'mariadb-dump',
    'mysqldump',
    'mariadb',
    'mysql',
    'rsync',
    'rrsync',
  ]);
  const found = new Map(
    tools.stdout
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const either = (a: string, b: string): string | undefined =>
    found.has(a) ? `${a} (${found.get(a)})` : found.has(b) ? `${b} (${found.get(b)})` : undefined;

  const dump = either('mariadb-dump', 'mysqldump');
  if (dump) check('db-dump', 'ok', dump);
  else
    check(
      'db-dump',
      roles.has('source') ? 'fail' : 'warn',
      `neither mariadb-dump nor mysqldump is on ${host}'s PATH`,
      `install the MariaDB or MySQL client on ${host}; \`wp db export\` runs it${roles.has('source') ? '' : ' (needed only if this host becomes a source, e.g. for rollback)'}`,
    );
  const client = either('mariadb', 'mysql');
  if (client) check('db-client', 'ok', client);
  else
    check(
      'db-client',
      'fail',
      `neither mariadb nor mysql is on ${host}'s PATH`,
      `install the MariaDB or MySQL client on ${host}; \`wp db query\` and \`wp db import\` run it`,
    );
  if (found.has('rsync')) check('rsync', 'ok', found.get('rsync')!);
  else
    check(
      'rsync',
      'fail',
      `rsync is not on ${host}'s PATH`,
      `install rsync on ${host}; wp-content is copied with it`,
    );
  if (roles.has('source')) {
    if (found.has('rrsync')) check('rrsync', 'ok', `${found.get('rrsync')!}: files can go host to host`);
    else
      check(
        'rrsync',
        'warn',
        `rrsync is not on ${host}'s PATH: files will be relayed through this machine instead of going host to host`,
        `install rsync 3.2+ on ${host} (it ships rrsync) to let targets pull files directly; relaying works but is slower`,
      );
  }
  return true;
}

async function checkSite(
  fleet: Fleet,
  pool: HostPool,
  name: string,
  reachable: ReadonlySet<string>,
  add: (check: DoctorCheck) => void,
  options: Pick<DoctorOptions, 'env' | 'collationMap' | 'prefixes'>,
): Promise<Partial<Record<SideName, ProbeFacts>>> {
  const env = options.env ?? {};
  const collationMap = options.collationMap ?? {};
  const facts: Partial<Record<SideName, ProbeFacts>> = {};
  const clis: Partial<Record<SideName, WpCli>> = {};
  // The two sides are on different hosts (or at least different paths): both at once.
  await Promise.all(
    (['source', 'target'] as const).map(async (sideName) => {
      const side = siteSide(fleet, name, sideName);
      const check = (id: string, status: DoctorStatus, message: string, hint = ''): void =>
        add({ id, host: side.host, site: name, side: sideName, status, message, hint });
      if (!reachable.has(side.host)) {
        check(
          'site-path',
          'fail',
          `not checked: host ${side.host} could not be reached`,
          'fix the host problem reported above first',
        );
        return;
      }
      const result = await checkSide(fleet, pool, side, check);
      if (result) {
        facts[sideName] = result.facts;
        clis[sideName] = result.cli;
      }
    }),
  );
  const source = facts.source;
  const target = facts.target;
  const targetCli = clis.target;
  const targetHost = fleet.sites[name]!.target.host;
  const check = (id: string, status: DoctorStatus, message: string, hint = ''): void =>
    add({ id, host: targetHost, site: name, side: 'target', status, message, hint });
  const db = fleet.sites[name]!.target.db;
  const passwordProblem = dbPasswordProblem(db, env, name);
  if (passwordProblem) {
    check(
      'db-password',
      'fail',
      passwordProblem,
      `export ${db?.passwordEnv ?? 'it'} in the shell that runs wpfleet, or write \`passwordFrom: wp-config\``,
    );
  }
  if (!targetCli || !target) return facts;
  // Independent round trips to the target: at once.
  await Promise.all([
    (async () => {
      if (!passwordProblem) {
        try {
          // Resolved to prove it can be, then dropped: the value is never printed.
          await resolveDbPassword(db, env, targetCli, name);
          check(
            'db-password',
            'ok',
            db?.passwordEnv
              ? `from $${db.passwordEnv}`
              : db?.passwordFrom === 'none'
                ? 'the DB user has no password'
                : "from the target's wp-config.php",
          );
        } catch (error) {
          const { message, hint } = fromError(error);
          check('db-password', 'fail', message, hint);
        }
      }
    })(),
    (async () => {
      // wpfleet reaches the target DB only through WP-CLI, i.e. as wp-config.php's DB_USER: a different
      // `target.db.user` in the fleet file would be a misunderstanding, not a second account to check.
      const fleetUser = db?.user;
      if (fleetUser) {
        const configured = await targetCli.configGet().then((c) => c.dbUser).catch(() => undefined);
        if (configured !== undefined && configured !== fleetUser) {
          check('db-user', 'warn', `the fleet says target.db.user ${fleetUser}, but the target's wp-config.php connects as ${configured}; wpfleet works as ${configured} (through WP-CLI)`,
            `set \`sites.${name}.target.db.user\` to ${configured}, or change DB_USER in the target's wp-config.php`);
        }
      }
    })(),
    (async () => {
      const dbName = fleet.sites[name]!.target.db?.name ?? target.database.name;
      try {
        const [grants, objects] = await Promise.all([
          targetCli.dbQuery('SHOW GRANTS', { header: false }),
          source && clis.source ? sourceObjects(clis.source, source.wordpress.tablePrefix) : Promise.resolve({ triggers: 0, views: 0 }),
        ]);
        // Loading the source's triggers and views into staging needs their privileges too.
        const required = [...MIGRATION_PRIVILEGES, ...(objects.triggers > 0 ? ['TRIGGER'] : []), ...(objects.views > 0 ? ['CREATE VIEW'] : [])];
        // The grant lines carry password hashes: only the privilege verdict leaves this function.
        const verdict = checkGrants(grants.rows.map((r) => r.join('\t')).join('\n'), dbName, required);
        if (verdict.missing.length === 0)
          check('db-grants', 'ok', `the target DB user may ${verdict.granted.join(', ')} on ${dbName}`);
        else {
          // The fix needs the account and where its DB lives; without them the check still fails, just without a fix.
          const fixFacts = await Promise.all([
            targetCli.dbQuery('SELECT CURRENT_USER()', { header: false }).then((r) => r.rows[0]?.[0] ?? ''),
            targetCli.configGet().then((c) => c.dbHost),
          ]).catch(() => ['', '']);
          const [account = '', dbHost = ''] = fixFacts;
          const sql = grantSql(verdict.missing, dbName, account);
          add({
            id: 'db-grants',
            host: targetHost,
            site: name,
            side: 'target',
            status: 'fail',
            message: `the target DB user lacks ${verdict.missing.join(', ')} on ${dbName}`,
            hint: sql
              ? `as a DB admin on ${targetHost}: ${sql} (staging tables are created, altered and renamed there); \`wpfleet doctor --fix\` runs it after asking`
              : `as a DB admin on ${targetHost}: GRANT ${verdict.missing.join(', ')} ON \`${dbName}\`.* TO the site's DB user; staging tables are created, altered and renamed there`,
            ...(sql && dbHost
              ? {
                  fix: {
                    kind: 'db-grants' as const,
                    host: targetHost,
                    site: name,
                    database: dbName,
                    account,
                    privileges: verdict.missing,
                    sql,
                    dbHost,
                  },
                }
              : {}),
          });
        }
      } catch (error) {
        const { message, hint } = fromError(error);
        check('db-grants', 'fail', `could not read the target DB user's grants: ${message}`, hint);
      }
    })(),
    (async () => {
      if (source) {
        const dbBytes = source.database.tables.reduce((sum, t) => sum + t.bytes, 0);
        // What the files step copies: all managed wp-content directories (older cached facts know uploads only).
        const fileBytes = (source.content ?? source.uploads).bytes;
        const df = await pool
          .get(targetHost)
          .exec(dfArgv(fleet.sites[name]!.target.path), { reject: false, timeoutMs: TOOL_TIMEOUT_MS });
        const free = df.exitCode === 0 ? parseDfFreeBytes(df.stdout) : null;
        if (free === null)
          check(
            'disk-free',
            'warn',
            `could not read free disk at ${fleet.sites[name]!.target.path}: ${firstLine(df.stderr) || 'no df output'}`,
            'check by hand with `df -Pk PATH` on the target',
          );
        else {
          // The plan's `target-disk` rule, judged again with what `df` says now.
          const verdict = judgeTargetDisk({ freeBytes: free, dbBytes, fileBytes, host: targetHost });
          check('disk-free', verdict.severity === 'error' ? 'fail' : 'ok', verdict.message, verdict.hint);
        }

        // Table defaults count too: a table created with a collation no column uses still fails to import.
        const used = [
          ...new Set(
            [...source.database.collations, ...source.database.tables.map((t) => t.collation)].filter(
              (c) => c !== '',
            ),
          ),
        ].sort();
        const unknown = unknownCollations(used, target.database.supportedCollations, collationMap);
        const mapped = used.filter((c) => collationMap[c] !== undefined).map((c) => `${c} → ${collationMap[c]}`);
        if (unknown.length === 0)
          check(
            'collations',
            'ok',
            `the target DB knows every collation the source uses (${used.join(', ')})${mapped.length ? `; the dump maps ${mapped.join(', ')}` : ''}`,
          );
        else
          check(
            'collations',
            'fail',
            `the target ${target.database.flavour} ${target.database.version} does not know ${unknown.join(', ')}, used on the source`,
            `map each to one the target knows, e.g. \`--map-collation ${unknown[0]}=utf8mb4_unicode_ci\` (the dump is rewritten on the fly; nothing on the target changes until then)`,
          );
      }
    })(),
  ]);

  const { stagingPrefix, backupPrefix } = options.prefixes?.[name] ?? fleet.defaults;
  const live = target.wordpress.tablePrefix;
  try {
    assertPrefixes({ live, staging: stagingPrefix, backup: backupPrefix });
    const leftovers = target.database.tables.filter(
      (t) => t.name.startsWith(stagingPrefix) || t.name.startsWith(backupPrefix),
    );
    if (leftovers.length > 0)
      check(
        'prefixes',
        'warn',
        `${leftovers.length} tables with the staging/backup prefixes already exist on the target (an earlier run?)`,
        'staging tables are replaced by the next copy; backup tables are kept for `wpfleet undo` until `wpfleet cleanup` removes them',
      );
    else
      check(
        'prefixes',
        'ok',
        `staging ${stagingPrefix} and backup ${backupPrefix} do not clash with the live prefix ${live}`,
      );
  } catch (error) {
    const { message, hint } = fromError(error);
    check(
      'prefixes',
      'fail',
      message,
      `${hint} Set \`defaults.stagingPrefix\` / \`defaults.backupPrefix\` in the fleet file.`,
    );
  }
  return facts;
}

async function checkSide(
  fleet: Fleet,
  pool: HostPool,
  side: SiteSide,
  check: (id: string, status: DoctorStatus, message: string, hint?: string) => void,
): Promise<{ facts: ProbeFacts; cli: WpCli } | undefined> {
  const key = `sites.${side.site}.${side.side}.path`;
  const transport = pool.get(side.host);
  const dir = await transport.exec(['test', '-d', side.path], { reject: false, timeoutMs: TOOL_TIMEOUT_MS });
  if (dir.exitCode !== 0) {
    check(
      'site-path',
      'fail',
      `there is no directory ${JSON.stringify(side.path)} on ${side.host}`,
      `check \`${key}\` in the fleet file`,
    );
    return undefined;
  }
  check('site-path', 'ok', side.path);
  let cli: WpCli;
  try {
    cli = siteWpCli(pool, fleet, side, { command: await pool.wpCommand(side.host) });
  } catch (error) {
    const { message, hint } = fromError(error);
    check('wordpress', 'fail', message, hint || `check \`${key}\` and the site's wp-config.php`);
    return undefined;
  }
  // The probe boots WordPress once and proves it is installed when it succeeds; only a failed probe pays for a
  // second boot (`wp core is-installed`) to tell "not WordPress / no database" and "not installed" apart.
  let facts: ProbeFacts;
  try {
    facts = await probeSite(cli, { host: side.host, site: side.site });
  } catch (probeError) {
    let installed: boolean;
    try {
      // Throws for a path that is not WordPress or a database WordPress cannot reach; false means not installed.
      installed = await cli.isInstalled();
    } catch (error) {
      const { message, hint } = fromError(error);
      check('wordpress', 'fail', message, hint || `check \`${key}\` and the site's wp-config.php`);
      return undefined;
    }
    if (!installed) {
      check(
        'wordpress',
        side.side === 'source' ? 'fail' : 'warn',
        `WordPress files are at ${side.path} on ${side.host}, but WordPress is not installed in its database`,
        side.side === 'source'
          ? `check \`${key}\` and DB_NAME/$table_prefix in its wp-config.php`
          : 'the copy installs the source site here; nothing to do unless this is the wrong path',
      );
      return undefined;
    }
    check('wordpress', 'ok', 'WordPress is installed');
    const { message, hint } = fromError(probeError);
    check('probe', 'fail', message, hint);
    return undefined;
  }
  check('wordpress', 'ok', 'WordPress is installed');
  check(
    'probe',
    'ok',
    `WordPress ${facts.wordpress.version}, PHP ${facts.php.version}, ${facts.database.flavour} ${facts.database.version}${facts.wordpress.multisite ? `, multisite with ${facts.sites.length} site${facts.sites.length === 1 ? '' : 's'}` : ''}`,
  );
  const expected = fleet.sites[side.site]!.multisite;
  if (side.side === 'source' && expected !== undefined && expected !== facts.wordpress.multisite) {
    check(
      'multisite',
      'fail',
      `the fleet file says multisite: ${expected}, but the source ${facts.wordpress.multisite ? 'is' : 'is not'} a multisite`,
      `fix \`sites.${side.site}.multisite\` (or remove it to accept what the probe finds)`,
    );
  }
  return { facts, cli };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Where `doctor --fix` puts an uploaded WP-CLI phar (relative to the SSH user's home). */
export const WP_CLI_FIX_DESTINATION = '.wpfleet/bin/wp';


/**
 * `GRANT ... ON \`db\`.* TO 'user'@'host'` for an account as CURRENT_USER() prints it (`user@host`). The database
 * name is written as WordPress hosts usually grant it (`_` unescaped), so the new privileges join the user's
 * existing entry: an escaped `db\_name` would be a second, more specific entry that shadows the existing one and
 * takes its other rights away.
 */
/** How many triggers and views the source has on its tables (0 and 0 when it cannot say). */
async function sourceObjects(cli: WpCli, prefix: string): Promise<{ triggers: number; views: number }> {
  const like = likePrefix(prefix);
  try {
    const row = (
      await cli.dbQuery(
        `SELECT (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE LIKE ${like}), (SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE ${like})`,
        { header: false },
      )
    ).rows[0];
    return { triggers: Number(row?.[0] ?? 0) || 0, views: Number(row?.[1] ?? 0) || 0 };
  } catch {
    return { triggers: 0, views: 0 };
  }
}

export function grantSql(privileges: readonly string[], database: string, account: string): string {
  const at = account.lastIndexOf('@');
  if (at <= 0 || privileges.length === 0) return '';
  const db = `\`${database.replace(/`/g, '``')}\``;
  return `GRANT ${privileges.join(', ')} ON ${db}.* TO ${sqlString(account.slice(0, at))}@${sqlString(account.slice(at + 1))};`;
}

const ORDER: Record<string, number> = {
  ssh: 0,
  'wp-cli': 1,
  php: 2,
  'db-dump': 3,
  'db-client': 4,
  rsync: 5,
  rrsync: 6,
  'site-path': 10,
  wordpress: 11,
  probe: 12,
  multisite: 13,
  'db-password': 14,
  'db-grants': 14.5,
  'db-user': 14.6,
  'disk-free': 15,
  collations: 16,
  prefixes: 17,
};

function sortChecks(checks: DoctorCheck[]): DoctorCheck[] {
  const key = (c: DoctorCheck): string => `${c.site ?? ''}\u0000${c.side === 'target' ? 1 : 0}`;
  return [...checks].sort(
    (a, b) =>
      (a.site === undefined ? 0 : 1) - (b.site === undefined ? 0 : 1) ||
      (a.site === undefined ? a.host.localeCompare(b.host) : key(a).localeCompare(key(b))) ||
      (ORDER[a.id] ?? 99) - (ORDER[b.id] ?? 99),
  );
}

async function mapBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
