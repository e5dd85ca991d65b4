// Drift between a site's source environment and its target: PHP, DB engine and version, extensions, collations,
// WordPress core. Each difference is a Finding (a DriftItem): an `error` blocks the move, a `warning` is shown.
import type { SiteFacts, TargetFacts } from '../plan/site-facts.js';
import type { Finding } from '../run/finding.js';
import { compareVersions, majorMinor, majorOf } from './compare-versions.js';

type DriftAspect = 'php' | 'extension' | 'db-engine' | 'db-version' | 'collation' | 'wp-core';

/**
 * A Finding about one aspect of the two environments, with each side's value. `error`: the move would fail or
 * break the site; `warning`: it may behave differently; `info`: it needs nothing. The caller knows the site.
 */
export interface DriftItem extends Finding {
  aspect: DriftAspect;
  source?: string;
  target?: string;
}

/** Extensions WordPress or common plugins break without; others missing on the target are only info. */
const IMPORTANT_EXTENSIONS = new Set([
  'mysqli',
  'mbstring',
  'xml',
  'json',
  'curl',
  'gd',
  'imagick',
  'intl',
  'zip',
  'openssl',
  'dom',
  'fileinfo',
  'exif',
  'sodium',
  'iconv',
  'simplexml',
  'xmlreader',
  'zlib',
  'hash',
  'filter',
]);

/** Collations used on the source that the target server does not know; `mapped` ones are rewritten by the stream. */
export function unknownCollations(
  used: readonly string[],
  supported: readonly string[],
  mapped: Readonly<Record<string, string>> = {},
): string[] {
  const known = new Set(supported.map((c) => c.toLowerCase()));
  return [...new Set(used)].filter((c) => !known.has(c.toLowerCase()) && mapped[c] === undefined).sort();
}

export function compareEnvironments(
  source: SiteFacts,
  target: TargetFacts,
  options: { collationMap?: Readonly<Record<string, string>> } = {},
): DriftItem[] {
  const drift: DriftItem[] = [];
  if (target.php) {
    const s = source.php.version;
    const t = target.php.version;
    if (majorOf(s) !== majorOf(t)) {
      drift.push({
        where: {},
        aspect: 'php',
        severity: 'warning',
        code: 'php-major-differs',
        source: s,
        target: t,
        message: `PHP ${majorMinor(s)} on the source, ${majorMinor(t)} on the target (another major version)`,
        hint: 'check that the plugins and theme support the target PHP before the swap',
      });
    } else if (compareVersions(majorMinor(t), majorMinor(s)) < 0) {
      drift.push({
        where: {},
        aspect: 'php',
        severity: 'warning',
        code: 'php-older-on-target',
        source: s,
        target: t,
        message: `PHP ${majorMinor(t)} on the target is older than ${majorMinor(s)} on the source`,
      });
    } else if (majorMinor(s) !== majorMinor(t)) {
      drift.push({
        where: {},
        aspect: 'php',
        severity: 'info',
        code: 'php-minor-differs',
        source: s,
        target: t,
        message: `PHP ${majorMinor(s)} → ${majorMinor(t)}`,
      });
    }
    const have = new Set(target.php.extensions.map((e) => e.toLowerCase()));
    for (const ext of [...new Set(source.php.extensions.map((e) => e.toLowerCase()))].sort()) {
      if (have.has(ext)) continue;
      const important = IMPORTANT_EXTENSIONS.has(ext);
      drift.push({
        where: {},
        aspect: 'extension',
        severity: important ? 'warning' : 'info',
        code: 'extension-missing',
        source: ext,
        message: `PHP extension \`${ext}\` is loaded on the source but not on the target`,
        ...(important ? { hint: `install it on the target (e.g. php-${ext}) before the swap` } : {}),
      });
    }
  }
  if (target.database) {
    const s = source.database;
    const t = target.database;
    if (s.flavour !== t.flavour) {
      drift.push({
        where: {},
        aspect: 'db-engine',
        severity: 'warning',
        code: 'db-engine-differs',
        source: `${s.flavour} ${s.version}`,
        target: `${t.flavour} ${t.version}`,
        message: `the source runs ${s.flavour} ${s.version}, the target ${t.flavour} ${t.version}`,
        hint: 'collations and SQL modes differ between MySQL and MariaDB; watch the verify findings',
      });
    } else if (compareVersions(t.version, s.version) < 0 && majorMinor(t.version) !== majorMinor(s.version)) {
      drift.push({
        where: {},
        aspect: 'db-version',
        severity: 'warning',
        code: 'db-older-on-target',
        source: s.version,
        target: t.version,
        message: `${t.flavour} ${majorMinor(t.version)} on the target is older than ${majorMinor(s.version)} on the source`,
      });
    }
    const used = [...s.collations, ...s.tables.map((table) => table.collation)].filter((c) => c.length > 0);
    for (const collation of unknownCollations(used, t.supportedCollations, options.collationMap)) {
      drift.push({
        where: {},
        aspect: 'collation',
        severity: 'error',
        code: 'collation-unknown-to-target',
        source: collation,
        message: `collation \`${collation}\` is used on the source but unknown to the target's ${t.flavour} ${t.version}`,
        hint: `map it to one the target knows, e.g. \`--map-collation ${collation}=utf8mb4_unicode_ci\` (the dump is rewritten on the fly; nothing on the target changes before the swap)`,
      });
    }
  }
  if (target.wordpress) {
    const s = source.wordpress.version;
    const t = target.wordpress.version;
    if (compareVersions(t, s) < 0) {
      drift.push({
        where: {},
        aspect: 'wp-core',
        severity: 'warning',
        code: 'wp-core-older-on-target',
        source: s,
        target: t,
        message: `WordPress ${t} on the target is older than ${s} on the source; the copied database may need a newer core`,
        hint: 'update WordPress core on the target first (wpfleet copies wp-content, not core)',
      });
    } else if (compareVersions(t, s) > 0) {
      drift.push({
        where: {},
        aspect: 'wp-core',
        severity: 'info',
        code: 'wp-core-newer-on-target',
        source: s,
        target: t,
        message: `WordPress ${s} → ${t}`,
      });
    }
  }
  return drift;
}
