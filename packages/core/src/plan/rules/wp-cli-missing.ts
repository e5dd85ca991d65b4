// Each side's host needs WP-CLI, or a phar the fleet names for it to upload.
import { blocker, type PlanFinding, type PlanRule } from './plan-rule.js';

export const wpCliMissing: PlanRule = {
  name: 'wp-cli-missing',
  check({ site, fleet, hosts }) {
    const found: PlanFinding[] = [];
    for (const side of ['source', 'target'] as const) {
      const hostName = site[side].host;
      if (hosts[hostName]?.wpCli === false && fleet.hosts[hostName]?.wpCli === undefined) {
        found.push(
          blocker(
            'wp-cli-missing',
            `host \`${hostName}\` has no \`wp\` and the fleet names no WP-CLI phar for it`,
            `set \`hosts.${hostName}.wpCli: { phar: ./wp-cli.phar }\` (uploaded for the run, removed after) or pass --wp-cli-phar`,
          ),
        );
      }
    }
    return found;
  },
};
