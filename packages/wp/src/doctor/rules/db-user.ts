// wpfleet reaches the target DB only through WP-CLI, i.e. as wp-config.php's DB_USER: a different
// `target.db.user` in the fleet file is a misunderstanding, not a second account to check.
import { doctorCheck } from '../doctor-check.js';
import type { SiteRule } from './doctor-rule.js';

export const dbUser: SiteRule = {
  name: 'db-user',
  async check({ fleet, site, targetHost, targetCli, target }) {
    const fleetUser = fleet.sites[site]!.target.db?.user;
    if (!fleetUser || !targetCli || !target) return [];
    const configured = await targetCli
      .configGet()
      .then((c) => c.dbUser)
      .catch(() => undefined);
    if (configured === undefined || configured === fleetUser) return [];
    return [
      doctorCheck(
        'db-user',
        { host: targetHost, site, side: 'target' },
        'warn',
        `the fleet says target.db.user ${fleetUser}, but the target's wp-config.php connects as ${configured}; wpfleet works as ${configured} (through WP-CLI)`,
        `set \`sites.${site}.target.db.user\` to ${configured}, or change DB_USER in the target's wp-config.php`,
      ),
    ];
  },
};
