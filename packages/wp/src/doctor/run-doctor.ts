// The Doctor: read-only preflight of every Host and Site a command would touch. Hosts are checked in parallel
// (bounded), then Sites (bounded per Host); every problem becomes a DoctorCheck instead of stopping the others.
// What is checked is the rule lists (rules/doctor-rules.ts); this module reaches the hosts and sides they need.
import type { Fleet } from '@wpfleet/core';
import type { Transport } from '../transport/transport.js';
import { HostLimits, type HostLimitsOverride } from '../fleet-hosts/host-limits.js';
import type { HostPool } from '../fleet-hosts/host-pool.js';
import { siteSide, type SideName } from '../fleet-hosts/site-side.js';
import type { ProbeFacts } from '../probe/probe-facts.js';
import type { WpCli } from '../wp-cli/wp-cli.js';
import { doctorCheck, type DoctorCheck, type DoctorStatus } from './doctor-check.js';
import { findSiteSide } from './find-site-side.js';
import { fromError, TOOL_TIMEOUT_MS, type HostRuleContext } from './rules/doctor-rule.js';
import { HOST_RULES, SITE_RULES } from './rules/doctor-rules.js';
import { hostTools } from './rules/host-tools.js';

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

async function checkHost(
  fleet: Fleet,
  pool: HostPool,
  host: string,
  roles: ReadonlySet<SideName>,
  add: (check: DoctorCheck) => void,
): Promise<boolean> {
  let transport: Transport;
  try {
    transport = await pool.connect(host);
  } catch (error) {
    const { message, hint } = fromError(error);
    add(doctorCheck('ssh', { host }, 'fail', message, hint));
    return false;
  }
  add(
    doctorCheck(
      'ssh',
      { host },
      'ok',
      transport.capabilities.isLocal
        ? 'runs on this machine'
        : `connected to ${transport.label}; its host key matches known_hosts`,
    ),
  );
  const exec = (argv: readonly string[]) =>
    transport.exec(argv, { reject: false, timeoutMs: TOOL_TIMEOUT_MS });
  let tools: Promise<Map<string, string>> | undefined;
  const ctx: HostRuleContext = {
    host,
    fleet,
    roles,
    transport,
    exec,
    tools: () => (tools ??= hostTools(exec)),
  };
  // One after another, as a person would run them: a host is not asked several things at once.
  for (const rule of HOST_RULES) for (const check of await rule.check(ctx)) add(check);
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
  const facts: Partial<Record<SideName, ProbeFacts>> = {};
  const clis: Partial<Record<SideName, WpCli>> = {};
  // The two sides are on different hosts (or at least different paths): both at once.
  await Promise.all(
    (['source', 'target'] as const).map(async (sideName) => {
      const side = siteSide(fleet, name, sideName);
      const check = (id: string, status: DoctorStatus, message: string, hint = ''): void =>
        add(doctorCheck(id, { host: side.host, site: name, side: sideName }, status, message, hint));
      if (!reachable.has(side.host)) {
        check(
          'site-path',
          'fail',
          `not checked: host ${side.host} could not be reached`,
          'fix the host problem reported above first',
        );
        return;
      }
      const result = await findSiteSide(fleet, pool, side, check);
      if (result) {
        facts[sideName] = result.facts;
        clis[sideName] = result.cli;
      }
    }),
  );
  const targetHost = fleet.sites[name]!.target.host;
  const { stagingPrefix, backupPrefix } = options.prefixes?.[name] ?? fleet.defaults;
  const ctx = {
    fleet,
    site: name,
    targetHost,
    ...(facts.source ? { source: facts.source } : {}),
    ...(facts.target ? { target: facts.target } : {}),
    ...(clis.source ? { sourceCli: clis.source } : {}),
    ...(clis.target ? { targetCli: clis.target } : {}),
    env: options.env ?? {},
    collationMap: options.collationMap ?? {},
    stagingPrefix,
    backupPrefix,
    execOnTarget: (argv: readonly string[]) =>
      pool.get(targetHost).exec(argv, { reject: false, timeoutMs: TOOL_TIMEOUT_MS }),
  };
  // Independent round trips: at once.
  const found = await Promise.all(SITE_RULES.map((rule) => rule.check(ctx)));
  for (const check of found.flat()) add(check);
  return facts;
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
  const key = ({ where }: DoctorCheck): string =>
    `${where.site ?? ''}\u0000${where.side === 'target' ? 1 : 0}`;
  return [...checks].sort(
    (a, b) =>
      (a.where.site === undefined ? 0 : 1) - (b.where.site === undefined ? 0 : 1) ||
      (a.where.site === undefined
        ? a.where.host.localeCompare(b.where.host)
        : key(a).localeCompare(key(b))) ||
      (ORDER[a.code] ?? 99) - (ORDER[b.code] ?? 99),
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
