// The fleet's `multisite` must match what the source is: the copy and the replacements differ for a network.
import { blocker, type PlanRule } from './plan-rule.js';

export const multisiteMismatch: PlanRule = {
  name: 'multisite-mismatch',
  check({ site, facts }) {
    const source = facts.source;
    if (!source || site.multisite === undefined || site.multisite === source.wordpress.multisite) return [];
    return [
      blocker(
        'multisite-mismatch',
        `the fleet says multisite: ${site.multisite}, the source is ${source.wordpress.multisite ? '' : 'not '}a multisite`,
        'fix `multisite` in the fleet file, or check that the source path is the right install',
      ),
    ];
  },
};
