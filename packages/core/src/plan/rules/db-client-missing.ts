// The target host needs a DB client: `wp db import` runs mariadb or mysql.
import { blocker, type PlanRule } from './plan-rule.js';

export const dbClientMissing: PlanRule = {
  name: 'db-client-missing',
  check({ site, hosts }) {
    if (hosts[site.target.host]?.dbClient !== false) return [];
    return [
      blocker(
        'db-client-missing',
        `target host \`${site.target.host}\` has neither \`mariadb\` nor \`mysql\`, which \`wp db import\` needs`,
        'install the MariaDB or MySQL client package on the target host',
      ),
    ];
  },
};
