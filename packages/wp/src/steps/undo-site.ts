// Undo: reverses a site's swap from its journalled swap outputs. One RENAME TABLE puts the migrated tables back
// under the staging prefix and the backup live again; then the wp-content directories move back the same way.
import { WpfleetError, type PlannedSite } from '@wpfleet/core';
import { dropTablesSql, planUndo, swapState } from '../db/table-swap.js';
import { undoContentDirs } from '../files/file-sync.js';
import { openSiteSides } from './site-sides.js';
import type { StepEnvironment } from './step-environment.js';
import { targetTables, type SwapOutputs } from './swap-step.js';

export interface UndoResult {
  tablesRestored: number;
  dirsRestored: string[];
  /** True when the tables were already back (an earlier undo); nothing was renamed. */
  alreadyUndone: boolean;
}

export async function undoSite(env: StepEnvironment, site: PlannedSite, swap: SwapOutputs, signal?: AbortSignal): Promise<UndoResult> {
  if (site.forbiddenActions.includes('undo')) {
    throw new WpfleetError('WPF_POLICY_UNDO', `the fleet policy forbids undo on site ${site.name}`, { kind: 'policy', where: { site: site.name } });
  }
  const sides = await openSiteSides(env, site, signal);
  const prefixes = { live: swap.livePrefix, staging: swap.stagingPrefix, backup: swap.backupPrefix };
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
    const leftovers = swap.promotedTables.filter((s) => present.has(swap.stagingPrefix + s)).map((s) => swap.stagingPrefix + s);
    if (leftovers.length > 0) await sides.target.wp.dbQuery(dropTablesSql(leftovers), { header: false });
    const { sql } = planUndo({ ...prefixes, tables: tables.filter((t) => !leftovers.includes(t)), promoted: swap.promotedTables, backedUp: swap.backedUpTables });
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
