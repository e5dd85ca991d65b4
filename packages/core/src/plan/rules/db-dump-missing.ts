// The source host needs a dump tool: `wp db export` runs mariadb-dump or mysqldump.
import { blocker, type PlanRule } from './plan-rule.js';

export const dbDumpMissing: PlanRule = {
  name: 'db-dump-missing',
  check({ site, hosts }) {
    if (hosts[site.source.host]?.dumpTool !== false) return [];
    return [
      blocker(
        'db-dump-missing',
        `source host \`${site.source.host}\` has neither \`mariadb-dump\` nor \`mysqldump\`, which \`wp db export\` needs`,
        'install the MariaDB or MySQL client package on the source host (it only reads)',
      ),
    ];
  },
};
