// `wp db export` runs mariadb-dump or mysqldump: a source host must have one; a target only warns (rollback).
import { doctorCheck } from '../doctor-check.js';
import type { HostRule } from './doctor-rule.js';
import { eitherTool } from './host-tools.js';

export const dbDump: HostRule = {
  name: 'db-dump',
  async check({ host, roles, tools }) {
    const dump = eitherTool(await tools(), 'mariadb-dump', 'mysqldump');
    if (dump) return [doctorCheck('db-dump', { host }, 'ok', dump)];
    return [
      doctorCheck(
        'db-dump',
        { host },
        roles.has('source') ? 'fail' : 'warn',
        `neither mariadb-dump nor mysqldump is on ${host}'s PATH`,
        `install the MariaDB or MySQL client on ${host}; \`wp db export\` runs it${roles.has('source') ? '' : ' (needed only if this host becomes a source, e.g. for rollback)'}`,
      ),
    ];
  },
};
