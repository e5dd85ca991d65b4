// Cleanup: removes what a run leaves on a site's target once it is no longer wanted, the staging tables and
// directory (a copy that was never swapped in, or one that `undo` put back) and the backup tables and directory
// (the previous site, kept for `undo`). Only names under the site's staging and backup prefixes and the site's
// own work directories are ever touched; the live tables and wp-content are not. It also removes what an
// interrupted host-to-host copy left: the temporary key lines in the source's authorized_keys and the key
// directory on the target.
import { posix } from 'node:path';
import { WpfleetError, type PlannedSite } from '@wpfleet/core';
import { assertPrefixes, dropTablesSql } from '../db/table-swap.js';
import { shScript } from '../transport/sh-script.js';
import { countStaleTemporaryKeys, removeStaleTemporaryKeys } from '../files/remove-stale-temporary-keys.js';
import {
  openSiteSides,
  targetWorkBase,
  targetWorkDirs,
  workBaseProblem,
  type ContentDirs,
} from '../step-environment/site-sides.js';
import { tablesWithPrefix } from '../db/staging-tables.js';
import type { StepEnvironment } from '../step-environment/step-environment.js';

export interface CleanupFindings {
  livePrefix: string;
  stagingTables: string[];
  backupTables: string[];
  /** The site's work directories that exist, with their size in bytes (`du -sk`). */
  dirs: Array<{ path: string; bytes: number }>;
  /** Temporary key lines for the site's wp-content left in the source's authorized_keys (an interrupted copy). */
  staleKeys: number;
}

// Size of each existing directory given, one "KiB<TAB>path" line each.
const DIR_SIZES = 'for d in "$@"; do [ -d "$d" ] && du -sk -- "$d"; done; true';

/**
 * Lists the site's staging and backup tables and work directories on its target, and stale temporary keys on its
 * source (reads only). `preflight` is the run's preflight outputs, which name the sides' wp-content directories.
 */
export async function listSiteLeftovers(
  env: StepEnvironment,
  site: PlannedSite,
  signal?: AbortSignal,
  preflight?: ContentDirs,
): Promise<CleanupFindings> {
  const where = whereOf(site);
  if (site.forbiddenActions.includes('cleanup')) {
    throw new WpfleetError('WPF_POLICY_CLEANUP', `the fleet policy forbids cleanup on site ${site.name}`, {
      kind: 'policy',
      where,
      hint: 'change policies.forbiddenActions in the fleet file if this is really intended; nothing was removed',
    });
  }
  const work = workDirs(site);
  const sides = await openSiteSides(env, site, signal, preflight);
  const livePrefix = (await sides.target.wp.configGet()).tablePrefix;
  // The same guard as the swap: neither prefix may cover a live table name.
  assertPrefixes({ live: livePrefix, staging: site.stagingPrefix, backup: site.backupPrefix }, where);
  const [stagingTables, backupTables, sizes, staleKeys] = await Promise.all([
    tablesWithPrefix(sides.target.wp, site.stagingPrefix),
    tablesWithPrefix(sides.target.wp, site.backupPrefix),
    sides.target.host.transport.exec(shScript(DIR_SIZES, ...work), { where, ...(signal ? { signal } : {}) }),
    countStaleTemporaryKeys(sides.source.host.transport, sides.source.contentDir, signal),
  ]);
  const dirs = sizes.stdout
    .split('\n')
    .map((line) => /^(\d+)\t(.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[2]!, bytes: Number(m[1]) * 1024 }));
  return { livePrefix, stagingTables, backupTables, dirs, staleKeys };
}

/**
 * Removes exactly what `listSiteLeftovers` found (what the user confirmed), nothing found since. Refuses a table
 * outside the staging and backup prefixes or a directory other than the site's work directories.
 */
export async function removeSiteLeftovers(
  env: StepEnvironment,
  site: PlannedSite,
  found: CleanupFindings,
  signal?: AbortSignal,
  preflight?: ContentDirs,
): Promise<void> {
  const where = whereOf(site);
  const tables = [...found.stagingTables, ...found.backupTables];
  // Again right before the DROP: what was listed is only as safe as the prefixes it was listed under.
  assertPrefixes({ live: found.livePrefix, staging: site.stagingPrefix, backup: site.backupPrefix }, where);
  const work = workDirs(site);
  const stray = [
    ...tables.filter((t) => !t.startsWith(site.stagingPrefix) && !t.startsWith(site.backupPrefix)),
    ...found.dirs.map((d) => d.path).filter((p) => !work.includes(p)),
  ];
  if (stray.length > 0) {
    throw new WpfleetError(
      'WPF_CLEANUP_PATH',
      `refusing to remove ${stray.join(', ')}: not a staging or backup table or work directory of site ${site.name}`,
      { kind: 'bug', where },
    );
  }
  const sides = await openSiteSides(env, site, signal, preflight);
  if (found.staleKeys > 0)
    await removeStaleTemporaryKeys(sides.source.host.transport, sides.source.contentDir, signal);
  if (tables.length > 0) await sides.target.wp.dbQuery(dropTablesSql(tables), { header: false });
  if (found.dirs.length > 0) {
    await sides.target.host.transport.exec(['rm', '-rf', '--', ...found.dirs.map((d) => d.path)], {
      where,
      ...(signal ? { signal } : {}),
    });
  }
  // The site's `.wpfleet/<site>` and then `.wpfleet` itself, when nothing else is left in them.
  const base = targetWorkBase(site);
  await sides.target.host.transport.exec(
    shScript('rmdir -- "$1" "$2" 2>/dev/null; true', base, posix.dirname(base)),
    { where, ...(signal ? { signal } : {}) },
  );
}

function whereOf(site: PlannedSite) {
  return { site: site.name, host: site.target.host, step: 'cleanup' };
}

/**
 * The site's staging, backup and temporary key directories, checked to be where wpfleet puts them: the site name one
 * directory name and the target path a plain absolute one (workBaseProblem), and each directory spelled out again
 * here as `<dirname(path)>/.wpfleet/<site>/<leaf>` must be the one the steps used.
 */
function workDirs(site: PlannedSite): string[] {
  const refuse = (what: string, why: string) =>
    new WpfleetError('WPF_CLEANUP_PATH', `refusing to remove ${what}: ${why}`, {
      kind: 'bug',
      where: whereOf(site),
      hint: 'Make a new plan with `wpfleet plan` if the plan file was edited; remove the leftovers by hand if needed. Nothing was removed.',
    });
  const problem = workBaseProblem(site);
  if (problem !== undefined) throw refuse(`the work directories of site ${site.name}`, problem);
  const parent = posix.dirname(site.target.path.replace(/\/+$/, ''));
  const { stagingDir, backupDir, keyDir } = targetWorkDirs(site);
  const dirs = { staging: stagingDir, backup: backupDir, key: keyDir };
  for (const [leaf, dir] of Object.entries(dirs)) {
    const expected = `${parent === '/' ? '' : parent}/.wpfleet/${site.name}/${leaf}`;
    if (dir !== expected) throw refuse(dir, `not ${expected}, the ${leaf} directory of site ${site.name}`);
  }
  return Object.values(dirs);
}
