// Cleanup: removes what a run leaves on a site's target once it is no longer wanted, the staging tables and
// directory (a copy that was never swapped in, or one that `undo` put back) and the backup tables and directory
// (the previous site, kept for `undo`). Only names under the site's staging and backup prefixes and the site's
// own work directories are ever touched; the live tables and wp-content are not.
import { posix } from 'node:path';
import { WpfleetError, type PlannedSite } from '@wpfleet/core';
import { assertPrefixes, quoteIdentifier } from '../db/table-swap.js';
import { shScript } from '../transport/sh-script.js';
import { openSiteSides, targetWorkDirs } from './site-sides.js';
import { tablesWithPrefix } from './staging-tables.js';
import type { StepEnvironment } from './step-environment.js';

export interface CleanupFindings {
  livePrefix: string;
  stagingTables: string[];
  backupTables: string[];
  /** The site's work directories that exist, with their size in bytes (`du -sk`). */
  dirs: Array<{ path: string; bytes: number }>;
}

export interface CleanupResult extends CleanupFindings {
  /** False for a dry run: nothing was removed. */
  removed: boolean;
}

// Size of each existing directory given, one "KiB<TAB>path" line each.
const DIR_SIZES = 'for d in "$@"; do [ -d "$d" ] && du -sk -- "$d"; done; true';

/** Lists (and unless `dryRun`, removes) the site's staging and backup tables and work directories on its target. */
export async function cleanupSite(env: StepEnvironment, site: PlannedSite, options: { dryRun?: boolean; signal?: AbortSignal } = {}): Promise<CleanupResult> {
  const where = { site: site.name, host: site.target.host, step: 'cleanup' };
  if (site.forbiddenActions.includes('cleanup')) {
    throw new WpfleetError('WPF_POLICY_CLEANUP', `the fleet policy forbids cleanup on site ${site.name}`, { kind: 'policy', where });
  }
  const sides = await openSiteSides(env, site, options.signal);
  const livePrefix = (await sides.target.wp.configGet()).tablePrefix;
  // The same guard as the swap: neither prefix may cover a live table name.
  assertPrefixes({ live: livePrefix, staging: site.stagingPrefix, backup: site.backupPrefix });
  const work = targetWorkDirs(site);
  const expectedBase = posix.join(posix.dirname(site.target.path.replace(/\/+$/, '')), '.wpfleet', site.name);
  for (const dir of [work.stagingDir, work.backupDir]) {
    if (posix.dirname(dir) !== expectedBase) throw new WpfleetError('WPF_CLEANUP_PATH', `refusing to remove ${dir}: not a wpfleet work directory of site ${site.name}`, { kind: 'bug', where });
  }
  const transport = sides.target.host.transport;
  const [stagingTables, backupTables, sizes] = await Promise.all([
    tablesWithPrefix(sides.target.wp, site.stagingPrefix),
    tablesWithPrefix(sides.target.wp, site.backupPrefix),
    transport.exec(shScript(DIR_SIZES, work.stagingDir, work.backupDir), { where, ...(options.signal ? { signal: options.signal } : {}) }),
  ]);
  const dirs = sizes.stdout
    .split('\n')
    .map((line) => /^(\d+)\t(.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[2]!, bytes: Number(m[1]) * 1024 }));
  const findings: CleanupFindings = { livePrefix, stagingTables, backupTables, dirs };
  if (options.dryRun) return { ...findings, removed: false };

  const tables = [...stagingTables, ...backupTables];
  if (tables.length > 0) await sides.target.wp.dbQuery(`DROP TABLE IF EXISTS ${tables.map(quoteIdentifier).join(', ')}`, { header: false });
  if (dirs.length > 0) {
    await transport.exec(['rm', '-rf', '--', ...dirs.map((d) => d.path)], { where, ...(options.signal ? { signal: options.signal } : {}) });
  }
  return { ...findings, removed: true };
}
