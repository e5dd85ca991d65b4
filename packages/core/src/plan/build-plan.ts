// Builds the Plan from a Fleet and the facts inventory gathered: per-site steps, blockers, warnings and estimates,
// and the waves. Pure and deterministic: the same inputs give the same plan and the same hash.
import type { Fleet, FleetAction, FleetSite } from '../fleet/fleet-schema.js';
import { trimSlash } from '../fleet/trim-slash.js';
import { formatBytes } from '../format/format-bytes.js';
import { compareEnvironments } from '../compare/compare-environments.js';
import { compareParity } from '../compare/compare-parity.js';
import { majorMinor } from '../compare/compare-versions.js';
import { DEFAULT_STEP_DEPENDENCIES, STEP_KINDS, type StepKind } from '../run/step-kind.js';
import { assignWaves, type WaveCandidate } from './assign-waves.js';
import { canonicalHash } from './canonical-json.js';
import { DEFAULT_ESTIMATE_RATES, estimateSite, type EstimateRates } from './estimate-site.js';
import {
  PLAN_FORMAT_VERSION,
  type Plan,
  type PlanBody,
  type PlanIssue,
  type PlannedSite,
  type PlannedWave,
} from './plan.js';
import { prefixChangeOf } from './prefix-change.js';
import type { HostFacts, SiteFactsPair } from './site-facts.js';

interface BuildPlanOptions {
  /** Overrides `defaults.waves.maxSize`. */
  maxWaveSize?: number;
  /** Collations to rewrite on the fly (source → target); a mapped collation is no longer a blocker. */
  collationMap?: Record<string, string>;
  rates?: EstimateRates;
  /** Plan only these sites (all when absent). */
  only?: readonly string[];
}

export interface BuildPlanInput {
  fleet: Fleet;
  /** Per site name. Sites without facts are planned with a warning and default sizes of zero. */
  facts?: Readonly<Record<string, SiteFactsPair>>;
  /** Per host name, from the Doctor. */
  hosts?: Readonly<Record<string, HostFacts>>;
  options?: BuildPlanOptions;
}

/** Kept free on the target whatever the site's size: the import's temporary files, binlogs and logs grow there. */
const TARGET_HEADROOM_BYTES = 256 * 1024 * 1024;

/**
 * What a site needs free on the target: staging tables beside the live ones (about the source's table bytes;
 * InnoDB rebuilds can briefly need more, hence 1.5x) plus the staged wp-content, with 10% and 256 MiB to
 * spare. The plan's blocker and the Doctor's check both use this one formula.
 */
export function requiredTargetBytes(dbBytes: number, fileBytes: number): number {
  return Math.ceil((dbBytes * 1.5 + fileBytes) * 1.1) + TARGET_HEADROOM_BYTES;
}

/**
 * How `requiredTargetBytes` came to its figure, in words: for a small site the fixed headroom is nearly all of it,
 * and a bare "258 MiB needed" for 1.5 MB of data reads as a bug (issue 13).
 */
export function explainRequiredTargetBytes(dbBytes: number, fileBytes: number): string {
  return `${formatBytes(dbBytes)} of tables ×1.5 for the staging copy + ${formatBytes(fileBytes)} of wp-content, +10%, + ${formatBytes(TARGET_HEADROOM_BYTES)} kept free for the import's temporary files and logs`;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * Search-replace pairs in the order the Replacer applies them. A multisite that changes domain also gets its bare
 * domain (`wp_blogs.domain`, `wp_site.domain` hold it without a scheme; WordPress finds a subsite by it), and, on
 * a subdomain network, each subsite's domain under the new one (`en.old.example` → `en.new.example`), as
 * `wp search-replace old new --network` would. `subsiteUrls` are the source's subsite URLs from its probe.
 */
function replacementsFor(site: FleetSite, fleet: Fleet, multisite = site.multisite ?? false, subsiteUrls: readonly string[] = []): { from: string; to: string }[] {
  const pairs: { from: string; to: string }[] = [];
  const add = (from: string, to: string): void => {
    if (from !== to && from.length > 0 && !pairs.some((p) => p.from === from)) pairs.push({ from, to });
  };
  if (fleet.defaults.replace.urls) {
    const from = trimSlash(site.source.url);
    const to = trimSlash(site.target.url);
    add(from, to);
    // Scheme-less and JSON-escaped forms, which themes and page builders store.
    add(from.replace(/^https?:/, ''), to.replace(/^https?:/, ''));
    add(from.replace(/\//g, '\\/'), to.replace(/\//g, '\\/'));
    const [fromHost, toHost] = [hostOf(site.source.url), hostOf(site.target.url)];
    if (multisite && fromHost && toHost && fromHost !== toHost) {
      for (const url of subsiteUrls) {
        const sub = hostOf(url);
        if (sub && sub.endsWith(`.${fromHost}`)) add(sub, `${sub.slice(0, -fromHost.length)}${toHost}`);
      }
      add(fromHost, toHost);
    }
  }
  if (fleet.defaults.replace.paths) add(trimSlash(site.source.path), trimSlash(site.target.path));
  for (const r of site.replacements) add(r.from, r.to);
  return pairs;
}

function forbiddenFor(fleet: Fleet, name: string, site: FleetSite): FleetAction[] {
  const rules = fleet.policies.forbiddenActions;
  // Own keys only: a fleet built by hand (not by parseFleet) may be a plain object, and `constructor` is a name.
  const of = (key: string): FleetAction[] => (Object.hasOwn(rules, key) ? (rules[key] ?? []) : []);
  return [...new Set([...of(name), ...of(site.target.host)])].sort();
}

export function buildPlan(input: BuildPlanInput): Plan {
  const { fleet } = input;
  const options = input.options ?? {};
  const collationMap = options.collationMap ?? {};
  const rates = options.rates ?? DEFAULT_ESTIMATE_RATES;
  const names = Object.keys(fleet.sites)
    .filter((n) => options.only === undefined || options.only.includes(n))
    .sort();

  // Name-keyed records get no prototype: `constructor` is a valid site name and must not meet Object.prototype.
  const sites = Object.create(null) as Record<string, PlannedSite>;
  const candidates: WaveCandidate[] = [];
  for (const name of names) {
    const site = fleet.sites[name];
    if (!site) continue;
    const pair = (input.facts && Object.hasOwn(input.facts, name) ? input.facts[name] : undefined) ?? {};
    const { planned, candidate } = planSite(name, site, pair, input, collationMap, rates);
    sites[name] = planned;
    candidates.push(candidate);
  }
  separateSharedTargetDatabases(fleet, sites, input.facts ?? {});

  const maxSize = options.maxWaveSize ?? fleet.defaults.waves.maxSize;
  const assignment = assignWaves(candidates, { maxSize });
  const perHost = Object.create(null) as Record<string, number>;
  for (const [hostName, host] of Object.entries(fleet.hosts))
    perHost[hostName] = host.concurrency ?? fleet.defaults.concurrency.perHost;
  const global = fleet.defaults.concurrency.global;

  const waves: PlannedWave[] = assignment.waves.map((w) => {
    const members = w.sites.map((n) => sites[n]).filter((s): s is PlannedSite => s !== undefined);
    for (const s of members) s.wave = w.number;
    return { ...w, estimatedMs: estimateWave(members, global, perHost) };
  });
  for (const name of assignment.overfullPins) {
    sites[name]?.warnings.push({
      code: 'wave-pin-over-size',
      message: `pinned to wave ${sites[name]?.wave ?? '?'}, which is now larger than the maximum wave size ${maxSize}`,
      hint: 'pin fewer sites to that wave or raise `defaults.waves.maxSize`',
    });
  }

  const body: PlanBody = {
    formatVersion: PLAN_FORMAT_VERSION,
    fleetHash: canonicalHash(fleet),
    waves,
    sites,
    limits: { global, perHost },
    gate: {
      maxFailedFraction: fleet.defaults.waves.maxFailedFraction,
      stopOnWaveFailure: fleet.defaults.waves.stopOnWaveFailure,
    },
    retry: { ...fleet.defaults.retries },
    collationMap: { ...collationMap },
    blocked: names.filter((n) => (sites[n]?.blockers.length ?? 0) > 0),
    estimatedMs: waves.reduce((sum, w) => sum + w.estimatedMs, 0),
  };
  return { ...body, hash: planHash(body) };
}

/**
 * Sites whose targets use one database (same target host, DB server and name), as on shared hosting: each copy
 * drops the staging tables it finds and each swap renames under its staging and backup prefixes, so they get
 * prefixes of their own (`wpfs1_`, `wpfs2_`, ... and `wpfb1_`, ... in site-name order; none is the start of
 * another) and a warning says so. Two of them with the same table prefix would be one WordPress install: both are
 * blocked. The database is the fleet's `target.db.name`, else the name the target's probe reported (DC2b).
 */
function separateSharedTargetDatabases(fleet: Fleet, sites: Record<string, PlannedSite>, facts: Readonly<Record<string, SiteFactsPair>>): void {
  const byDatabase = new Map<string, string[]>();
  for (const name of Object.keys(sites)) {
    const target = fleet.sites[name]!.target;
    const database = target.db?.name ?? facts[name]?.target?.database?.name;
    if (!database) continue;
    const key = JSON.stringify([target.host, target.db?.host ?? '', database]);
    byDatabase.set(key, [...(byDatabase.get(key) ?? []), name]);
  }
  const stem = (prefix: string) => prefix.replace(/_+$/, '');
  for (const [key, group] of byDatabase) {
    if (group.length < 2) continue;
    const [host, , database] = JSON.parse(key) as [string, string, string];
    const others = (name: string) => group.filter((n) => n !== name).join(', ');
    const tablePrefix = (name: string) => facts[name]?.target?.wordpress?.tablePrefix;
    [...group].sort().forEach((name, i) => {
      const site = sites[name]!;
      const twin = group.find((n) => n !== name && tablePrefix(n) !== undefined && tablePrefix(n) === tablePrefix(name));
      if (twin !== undefined) {
        site.blockers.push({
          code: 'target-install-shared',
          message: `its target is the same WordPress as ${twin}'s: database \`${database}\` on ${host} with table prefix \`${tablePrefix(name)}\``,
          hint: 'give each site its own target install (its own database or table prefix in wp-config.php)',
        });
        return;
      }
      site.stagingPrefix = `${stem(fleet.defaults.stagingPrefix)}${i + 1}_`;
      site.backupPrefix = `${stem(fleet.defaults.backupPrefix)}${i + 1}_`;
      site.warnings.push({
        code: 'target-database-shared',
        message: `shares the target database \`${database}\` on ${host} with ${others(name)}: its staging and backup tables use \`${site.stagingPrefix}\` and \`${site.backupPrefix}\``,
        hint: 'nothing to do; `wpfleet cleanup` removes them by those prefixes',
      });
    });
  }
}

/** A wave takes at least its longest site, and at least its total work spread over the lanes it may use. */
function estimateWave(members: PlannedSite[], global: number, perHost: Record<string, number>): number {
  if (members.length === 0) return 0;
  const byHost = new Map<string, number>();
  for (const s of members) byHost.set(s.target.host, (byHost.get(s.target.host) ?? 0) + 1);
  let lanes = 0;
  for (const [host, count] of byHost) lanes += Math.min(count, perHost[host] ?? 1);
  lanes = Math.max(1, Math.min(lanes, global));
  const longest = Math.max(...members.map((s) => s.estimate.totalMs));
  const total = members.reduce((sum, s) => sum + s.estimate.totalMs, 0);
  return Math.round(Math.max(longest, total / lanes));
}

function planSite(
  name: string,
  site: FleetSite,
  pair: SiteFactsPair,
  input: BuildPlanInput,
  collationMap: Record<string, string>,
  rates: EstimateRates,
): { planned: PlannedSite; candidate: WaveCandidate } {
  const { fleet } = input;
  const blockers: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];
  const source = pair.source;
  const target = pair.target;
  const forbiddenActions = forbiddenFor(fleet, name, site);

  const protectedBy = [name, site.target.host].filter((n) => fleet.policies.protectedTargets.includes(n));
  if (protectedBy.length > 0) {
    // A protected target is not refused, it needs a person's confirmation (the Guardian, policy/guard-actions).
    warnings.push({
      code: 'target-protected',
      message: `the fleet policy protects ${protectedBy.map((n) => `\`${n}\``).join(' and ')}: migrate asks for confirmation first`,
      hint: 'type the target domain when asked, or pass --yes --i-understand-protected in batch runs',
    });
  }
  if (forbiddenActions.includes('migrate')) {
    blockers.push({
      code: 'action-forbidden',
      message: 'the fleet policy forbids `migrate` for this site or its target host',
      hint: 'see `policies.forbiddenActions`',
    });
  }
  for (const side of ['source', 'target'] as const) {
    const hostName = site[side].host;
    if (input.hosts?.[hostName]?.wpCli === false && fleet.hosts[hostName]?.wpCli === undefined) {
      blockers.push({
        code: 'wp-cli-missing',
        message: `host \`${hostName}\` has no \`wp\` and the fleet names no WP-CLI phar for it`,
        hint: `set \`hosts.${hostName}.wpCli: { phar: ./wp-cli.phar }\` (uploaded for the run, removed after) or pass --wp-cli-phar`,
      });
    }
  }

  const sourceTools = input.hosts?.[site.source.host];
  const targetTools = input.hosts?.[site.target.host];
  if (sourceTools?.dumpTool === false) {
    blockers.push({
      code: 'db-dump-missing',
      message: `source host \`${site.source.host}\` has neither \`mariadb-dump\` nor \`mysqldump\`, which \`wp db export\` needs`,
      hint: 'install the MariaDB or MySQL client package on the source host (it only reads)',
    });
  }
  if (targetTools?.dbClient === false) {
    blockers.push({
      code: 'db-client-missing',
      message: `target host \`${site.target.host}\` has neither \`mariadb\` nor \`mysql\`, which \`wp db import\` needs`,
      hint: 'install the MariaDB or MySQL client package on the target host',
    });
  }
  if (sourceTools?.rsync === false || targetTools?.rsync === false) {
    warnings.push({
      code: 'rsync-missing',
      message:
        'rsync is missing on a side, so files are relayed through the controller as tar (slower, no delta)',
      hint: 'install rsync on both hosts for host-to-host copies and fast delta syncs',
    });
  }

  let dbBytes = 0;
  let dbRows = 0;
  let tables = 0;
  if (!source) {
    warnings.push({
      code: 'facts-unknown',
      message: 'no inventory facts for this site: sizes, drift and blockers are unknown',
      hint: 'run `wpfleet inventory` before `wpfleet plan`',
    });
  } else {
    dbBytes = source.database.tables.reduce((n, t) => n + t.bytes, 0);
    dbRows = source.database.tables.reduce((n, t) => n + t.rows, 0);
    tables = source.database.tables.length;
    if (site.multisite !== undefined && site.multisite !== source.wordpress.multisite) {
      blockers.push({
        code: 'multisite-mismatch',
        message: `the fleet says multisite: ${site.multisite}, the source is ${source.wordpress.multisite ? '' : 'not '}a multisite`,
        hint: 'fix `multisite` in the fleet file, or check that the source path is the right install',
      });
    }
    if (trimSlash(source.wordpress.home) !== trimSlash(site.source.url)) {
      warnings.push({
        code: 'source-url-differs',
        message: `the fleet's source URL ${site.source.url} differs from the site's home ${source.wordpress.home}; URL replacement would miss`,
        hint: `set \`sites.${name}.source.url: ${source.wordpress.home}\``,
      });
    }
  }
  // The files step copies all managed wp-content directories, not uploads only: a site without uploads still
  // copies its plugins and themes. Facts from an older probe know uploads only.
  const copied = source?.content ?? source?.uploads;
  const fileBytes = copied?.bytes ?? 0;
  const fileCount = copied?.files ?? 0;

  if (target?.wordpress === null) {
    blockers.push({
      code: 'target-wordpress-missing',
      message: `no WordPress at ${site.target.host}:${site.target.path}`,
      hint: 'install WordPress core and a wp-config.php there first: wpfleet copies the database and wp-content, not core',
    });
  } else if (target === undefined || target.wordpress === undefined) {
    if (source)
      warnings.push({
        code: 'target-unknown',
        message: 'the target was not probed, so drift and disk space are unchecked',
        hint: 'run `wpfleet inventory`',
      });
  }
  if (source && target) {
    for (const item of compareEnvironments(source, target, { collationMap })) {
      if (item.severity === 'info') continue;
      const issue: PlanIssue = {
        code: item.code,
        message: item.message,
        ...(item.hint === undefined ? {} : { hint: item.hint }),
      };
      (item.severity === 'blocker' ? blockers : warnings).push(issue);
    }
    if (target.plugins) {
      const plugins = compareParity(source.plugins, target.plugins);
      const themes = compareParity(source.themes, target.themes ?? []);
      const differs =
        plugins.missing.length +
        plugins.extra.length +
        plugins.versionDiffers.length +
        themes.versionDiffers.length +
        themes.missing.length;
      if (differs > 0) {
        warnings.push({
          code: 'plugin-parity',
          message: `before the move the target differs: ${plugins.missing.length} plugin(s) missing, ${plugins.extra.length} extra, ${plugins.versionDiffers.length} at another version; ${themes.missing.length} theme(s) missing`,
          hint: 'the files step copies the source plugins and themes; extra target plugins stay unless deleted',
        });
      }
    }
    const free = target.disk?.freeBytes;
    const needed = requiredTargetBytes(dbBytes, fileBytes);
    if (free !== undefined && free !== null && free < needed) {
      blockers.push({
        code: 'target-disk-low',
        message: `the target has ${formatBytes(free)} free, the move needs about ${formatBytes(needed)} (staging tables and files)`,
        hint: `free disk space on the target or move this site to another host (the figure is ${explainRequiredTargetBytes(dbBytes, fileBytes)})`,
      });
    }
  }

  const checks = site.checks ?? { urls: [], forms: [], login: true };
  const estimate = estimateSite(
    { dbBytes, dbRows, tables, fileBytes, fileCount, checkUrls: checks.urls.length + checks.forms.length },
    DEFAULT_STEP_DEPENDENCIES,
    rates,
  );
  const steps = STEP_KINDS.map((kind: StepKind) => ({
    kind,
    dependsOn: [...DEFAULT_STEP_DEPENDENCIES[kind]],
    estimatedMs: estimate.stepMs[kind] ?? 0,
  }));
  const multisite = source?.wordpress.multisite ?? site.multisite ?? false;
  // The target's prefix is known from its probe only; preflight reads it again before the db step relies on it.
  const prefixChange = prefixChangeOf(source?.wordpress.tablePrefix, target?.wordpress?.tablePrefix);
  const driftCodes = new Set(warnings.map((w) => w.code));

  const planned: PlannedSite = {
    name,
    wave: 0,
    criticality: site.criticality,
    tags: [...site.tags],
    source: { ...site.source },
    target: {
      host: site.target.host,
      path: site.target.path,
      url: site.target.url,
      ...(site.target.db ? { db: { ...site.target.db } } : {}),
    },
    replacements: replacementsFor(site, fleet, multisite, source?.sites.map((x) => x.url) ?? []),
    excludes: [...new Set([...fleet.defaults.excludes, ...site.excludes])],
    stagingPrefix: fleet.defaults.stagingPrefix,
    backupPrefix: fleet.defaults.backupPrefix,
    ...(prefixChange ? { prefixChange } : {}),
    multisite,
    checks: {
      urls: [...checks.urls],
      forms: checks.forms.map((f) => ({ ...f })),
      login: checks.login,
      ...(checks.checkout ? { checkout: checks.checkout } : {}),
    },
    forbiddenActions,
    steps,
    blockers,
    warnings,
    estimate,
    factsKnown: source !== undefined,
  };
  const candidate: WaveCandidate = {
    name,
    targetHost: site.target.host,
    php: source ? majorMinor(source.php.version) : '?',
    wp: source ? majorMinor(source.wordpress.version) : '?',
    plugins: (source?.plugins ?? []).filter((p) => p.status !== 'inactive').map((p) => p.name),
    bytes: dbBytes + fileBytes,
    criticality: site.criticality,
    risky: multisite || driftCodes.has('php-major-differs') || driftCodes.has('db-engine-differs'),
    ...(site.wave === undefined ? {} : { pin: site.wave }),
  };
  return { planned, candidate };
}


/** sha256 of the canonical JSON of everything in the plan except the hash itself. */
export function planHash(body: PlanBody): string {
  const { hash: _hash, ...rest } = body as PlanBody & { hash?: string };
  return canonicalHash(rest);
}
