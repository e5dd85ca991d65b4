// Undo: reverses a site's swap from its journalled swap outputs. One RENAME TABLE puts the migrated tables back
// under the staging prefix and the backup live again; then the wp-content directories move back the same way.
import { WpfleetError, type PlannedSite } from '@wpfleet/core';
import { planUndo, swapState } from '../db/table-swap.js';
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
  // After an undo the migrated tables are staging tables again: the swap's own state reads 'pending'.
  const alreadyUndone = swapState(prefixes, tables, swap.promotedTables) === 'pending';
  if (!alreadyUndone) {
    const { sql } = planUndo({ ...prefixes, tables, promoted: swap.promotedTables, backedUp: swap.backedUpTables });
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
