// Undo: reverses a site's swap from its journalled swap outputs. One RENAME TABLE puts the migrated tables back
// under the staging prefix and the backup live again; then the wp-content directories move back the same way.
import { WpfleetError, type PlannedSite } from '@wpfleet/core';
import { assertPrefixes, dropTablesSql, planUndo, swapState } from '../db/table-swap.js';
import { undoContentDirs } from '../files/file-sync.js';
import { openSiteSides, targetWorkDirs } from '../step-environment/site-sides.js';
import type { StepEnvironment } from '../step-environment/step-environment.js';
import type { SwapOutputs } from '../step-outputs/swap-outputs.js';
import { targetTables } from '../steps/swap-step.js';

export interface UndoResult {
  tablesRestored: number;
  dirsRestored: string[];
  /** True when the tables were already back (an earlier undo); nothing was renamed. */
  alreadyUndone: boolean;
}

export async function undoSite(
  env: StepEnvironment,
  site: PlannedSite,
  swap: SwapOutputs,
  signal?: AbortSignal,
): Promise<UndoResult> {
  if (site.forbiddenActions.includes('undo')) {
    throw new WpfleetError('WPF_POLICY_UNDO', `the fleet policy forbids undo on site ${site.name}`, {
      kind: 'policy',
      where: { site: site.name },
    });
  }
  const where = { site: site.name, host: site.target.host, step: 'undo' };
  const prefixes = { live: swap.livePrefix, staging: swap.stagingPrefix, backup: swap.backupPrefix };
  // The journal's swap outputs name what the undo drops and renames: they must be the plan's own prefixes and work
  // directories, and no prefix may cover a live table, before the first statement (leftover staging tables go first).
  assertPrefixes(prefixes, where);
  const planned = targetWorkDirs(site);
  const mismatch = [
    ['staging prefix', swap.stagingPrefix, site.stagingPrefix],
    ['backup prefix', swap.backupPrefix, site.backupPrefix],
    ['staging directory', swap.stagingDir, planned.stagingDir],
    ['backup directory', swap.backupDir, planned.backupDir],
  ].find(([, recorded, expected]) => recorded !== expected);
  if (mismatch) {
    const [what, recorded, expected] = mismatch;
    throw new WpfleetError(
      'WPF_JOURNAL_PLAN_MISMATCH',
      `the journalled swap of site ${site.name} names the ${what} ${JSON.stringify(recorded)}, but the plan's is ${JSON.stringify(expected)}`,
      {
        kind: 'user',
        where,
        hint: 'The run directory was edited or mixes two runs; undo that site by hand from the backup tables and directory. Nothing was changed.',
      },
    );
  }
  const sides = await openSiteSides(env, site, signal);
  const tables = await targetTables(sides);
  const present = new Set(tables);
  // An undo renames the backup tables live again, so none of them is left under the backup prefix. (Staging
  // tables alone do not tell: a later copy may have made new ones.)
  const alreadyUndone =
    swap.backedUpTables.length > 0
      ? swap.backedUpTables.every((s) => !present.has(swap.backupPrefix + s))
      : swapState(prefixes, tables, swap.promotedTables) === 'pending';
  if (!alreadyUndone) {
    // Staging tables now can only be a later copy that was never swapped in; the undo needs their names.
    const leftovers = swap.promotedTables
      .filter((s) => present.has(swap.stagingPrefix + s))
      .map((s) => swap.stagingPrefix + s);
    if (leftovers.length > 0) await sides.target.wp.dbQuery(dropTablesSql(leftovers), { header: false });
    const { sql } = planUndo({
      ...prefixes,
      tables: tables.filter((t) => !leftovers.includes(t)),
      promoted: swap.promotedTables,
      backedUp: swap.backedUpTables,
    });
    await sides.target.wp.dbQuery(sql, { header: false });
  }
  const dirsRestored = await undoContentDirs(
    sides.target.host.transport,
    { contentDir: swap.contentDir, stagingDir: swap.stagingDir, backupDir: swap.backupDir },
    alreadyUndone ? [] : swap.promotedDirs,
    { site: site.name, host: site.target.host, step: 'undo' },
  );
  await sides.target.wp.cacheFlush().catch(() => undefined);
  return { tablesRestored: alreadyUndone ? 0 : swap.promotedTables.length, dirsRestored, alreadyUndone };
}
