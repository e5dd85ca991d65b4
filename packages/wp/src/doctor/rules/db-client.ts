// `wp db query` and `wp db import` run mariadb or mysql: every host needs one.
import { doctorCheck } from '../doctor-check.js';
import type { HostRule } from './doctor-rule.js';
import { eitherTool } from './host-tools.js';

export const dbClient: HostRule = {
  name: 'db-client',
  async check({ host, tools }) {
    const client = eitherTool(await tools(), 'mariadb', 'mysql');
    if (client) return [doctorCheck('db-client', { host }, 'ok', client)];
    return [
      doctorCheck(
        'db-client',
        { host },
        'fail',
        `neither mariadb nor mysql is on ${host}'s PATH`,
        `install the MariaDB or MySQL client on ${host}; \`wp db query\` and \`wp db import\` run it`,
      ),
    ];
  },
};
