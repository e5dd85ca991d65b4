// Builds the Plan from a Fleet and the facts inventory gathered: per-site steps, blockers, warnings and estimates,
// and the waves. Pure and deterministic: the same inputs give the same plan and the same hash.
import type { Fleet, FleetSite } from '../fleet/fleet-schema.js';
import { trimSlash } from '../fleet/trim-slash.js';
import { majorMinor } from '../compare/compare-versions.js';
import { DEFAULT_STEP_DEPENDENCIES, STEP_KINDS, type StepKind } from '../run/step-kind.js';
import { assignWaves, type WaveCandidate } from './assign-waves.js';
import { canonicalHash } from './canonical-json.js';
import { DEFAULT_ESTIMATE_RATES, estimateSite, type EstimateRates } from './estimate-site.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanBody, type PlannedSite, type PlannedWave } from './plan.js';
import { prefixChangeOf } from './prefix-change.js';
import type { Finding, FindingSeverity } from '../run/finding.js';
import { forbiddenActionsOf } from './forbidden-actions.js';
import type { PlanRuleInput, ProbeError } from './rules/plan-rule.js';
import { PLAN_RULES } from './rules/plan-rules.js';
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
  /** Per site name and side, why the inventory could not probe it: the site is blocked with that reason. */
  probeErrors?: Readonly<Record<string, Partial<Record<'source' | 'target', ProbeError>>>>;
  options?: BuildPlanOptions;
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
function replacementsFor(
  site: FleetSite,
  fleet: Fleet,
  multisite = site.multisite ?? false,
  subsiteUrls: readonly string[] = [],
): { from: string; to: string }[] {
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
      severity: 'warning',
      where: { site: name },
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
function separateSharedTargetDatabases(
  fleet: Fleet,
  sites: Record<string, PlannedSite>,
  facts: Readonly<Record<string, SiteFactsPair>>,
): void {
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
      const twin = group.find(
        (n) => n !== name && tablePrefix(n) !== undefined && tablePrefix(n) === tablePrefix(name),
      );
      if (twin !== undefined) {
        site.blockers.push({
          code: 'target-install-shared',
          severity: 'error',
          where: { site: name },
          message: `its target is the same WordPress as ${twin}'s: database \`${database}\` on ${host} with table prefix \`${tablePrefix(name)}\``,
          hint: 'give each site its own target install (its own database or table prefix in wp-config.php)',
        });
        return;
      }
      site.stagingPrefix = `${stem(fleet.defaults.stagingPrefix)}${i + 1}_`;
      site.backupPrefix = `${stem(fleet.defaults.backupPrefix)}${i + 1}_`;
      site.warnings.push({
        code: 'target-database-shared',
        severity: 'warning',
        where: { site: name },
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
  const source = pair.source;
  const target = pair.target;
  const forbiddenActions = forbiddenActionsOf(fleet, name, site);
  const dbBytes = source?.database.tables.reduce((n, t) => n + t.bytes, 0) ?? 0;
  const dbRows = source?.database.tables.reduce((n, t) => n + t.rows, 0) ?? 0;
  const tables = source?.database.tables.length ?? 0;
  // The files step copies all managed wp-content directories, not uploads only: a site without uploads still
  // copies its plugins and themes. Facts from an older probe know uploads only.
  const copied = source?.content ?? source?.uploads;
  const fileBytes = copied?.bytes ?? 0;
  const fileCount = copied?.files ?? 0;

  const ruleInput: PlanRuleInput = {
    name,
    site,
    fleet,
    facts: pair,
    hosts: input.hosts ?? {},
    collationMap,
    probeErrors:
      (input.probeErrors && Object.hasOwn(input.probeErrors, name) ? input.probeErrors[name] : undefined) ??
      {},
    dbBytes,
    fileBytes,
  };
  const found = PLAN_RULES.flatMap((rule) => rule.check(ruleInput));
  const located = (severity: FindingSeverity): Finding[] =>
    found.filter((f) => f.severity === severity).map((f) => ({ ...f, where: { site: name } }));
  const blockers = located('error');
  const warnings = located('warning');

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
