// With rrsync on a source, targets pull files host to host; without it they are relayed through this machine.
import { doctorCheck } from '../doctor-check.js';
import type { HostRule } from './doctor-rule.js';

export const rrsync: HostRule = {
  name: 'rrsync',
  async check({ host, roles, tools }) {
    if (!roles.has('source')) return [];
    const path = (await tools()).get('rrsync');
    if (path !== undefined)
      return [doctorCheck('rrsync', { host }, 'ok', `${path}: files can go host to host`)];
    return [
      doctorCheck(
        'rrsync',
        { host },
        'warn',
        `rrsync is not on ${host}'s PATH: files will be relayed through this machine instead of going host to host`,
        `install rsync 3.2+ on ${host} (it ships rrsync) to let targets pull files directly; relaying works but is slower`,
      ),
    ];
  },
};
