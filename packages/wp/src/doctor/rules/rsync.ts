// wp-content is copied with rsync: every host needs it.
import { doctorCheck } from '../doctor-check.js';
import type { HostRule } from './doctor-rule.js';

export const rsync: HostRule = {
  name: 'rsync',
  async check({ host, tools }) {
    const path = (await tools()).get('rsync');
    if (path !== undefined) return [doctorCheck('rsync', { host }, 'ok', path)];
    return [
      doctorCheck(
        'rsync',
        { host },
        'fail',
        `rsync is not on ${host}'s PATH`,
        `install rsync on ${host}; wp-content is copied with it`,
      ),
    ];
  },
};
