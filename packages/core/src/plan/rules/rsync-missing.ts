// Without rsync on both sides files are relayed through the controller as tar: slower, but it works.
import { warning, type PlanRule } from './plan-rule.js';

export const rsyncMissing: PlanRule = {
  name: 'rsync-missing',
  check({ site, hosts }) {
    if (hosts[site.source.host]?.rsync !== false && hosts[site.target.host]?.rsync !== false) return [];
    return [
      warning(
        'rsync-missing',
        'rsync is missing on a side, so files are relayed through the controller as tar (slower, no delta)',
        'install rsync on both hosts for host-to-host copies and fast delta syncs',
      ),
    ];
  },
};
