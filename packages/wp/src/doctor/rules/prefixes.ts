// The staging and backup prefixes do not clash with the target's live prefix; tables left under them by an
// earlier run are a warning.
import { assertPrefixes } from '../../db/table-swap.js';
import { doctorCheck } from '../doctor-check.js';
import { fromError, type SiteRule } from './doctor-rule.js';

export const prefixes: SiteRule = {
  name: 'prefixes',
  async check({ site, targetHost, target, targetCli, stagingPrefix, backupPrefix }) {
    if (!target || !targetCli) return [];
    const where = { host: targetHost, site, side: 'target' as const };
    const live = target.wordpress.tablePrefix;
    try {
      assertPrefixes({ live, staging: stagingPrefix, backup: backupPrefix });
    } catch (error) {
      const { message, hint } = fromError(error);
      return [
        doctorCheck(
          'prefixes',
          where,
          'fail',
          message,
          `${hint} Set \`defaults.stagingPrefix\` / \`defaults.backupPrefix\` in the fleet file.`,
        ),
      ];
    }
    const leftovers = target.database.tables.filter(
      (t) => t.name.startsWith(stagingPrefix) || t.name.startsWith(backupPrefix),
    );
    if (leftovers.length > 0) {
      return [
        doctorCheck(
          'prefixes',
          where,
          'warn',
          `${leftovers.length} tables with the staging/backup prefixes already exist on the target (an earlier run?)`,
          'staging tables are replaced by the next copy; backup tables are kept for `wpfleet undo` until `wpfleet cleanup` removes them',
        ),
      ];
    }
    return [
      doctorCheck(
        'prefixes',
        where,
        'ok',
        `staging ${stagingPrefix} and backup ${backupPrefix} do not clash with the live prefix ${live}`,
      ),
    ];
  },
};
