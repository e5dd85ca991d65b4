// wpfleet copies the database and wp-content, not core: the target needs a WordPress install, and an unprobed
// target leaves drift and disk space unchecked.
import { blocker, warning, type PlanRule } from './plan-rule.js';

export const targetWordpress: PlanRule = {
  name: 'target-wordpress',
  check({ site, facts }) {
    const target = facts.target;
    if (target?.wordpress === null) {
      return [
        blocker(
          'target-wordpress-missing',
          `no WordPress at ${site.target.host}:${site.target.path}`,
          'install WordPress core and a wp-config.php there first: wpfleet copies the database and wp-content, not core',
        ),
      ];
    }
    if (facts.source && (target === undefined || target.wordpress === undefined)) {
      return [
        warning(
          'target-unknown',
          'the target was not probed, so drift and disk space are unchecked',
          'run `wpfleet inventory`',
        ),
      ];
    }
    return [];
  },
};
