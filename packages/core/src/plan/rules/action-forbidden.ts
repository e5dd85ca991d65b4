// A site whose fleet policy forbids `migrate` (by its own name or its target host's) is blocked.
import { forbiddenActionsOf } from '../forbidden-actions.js';
import { blocker, type PlanRule } from './plan-rule.js';

export const actionForbidden: PlanRule = {
  name: 'action-forbidden',
  check({ name, site, fleet }) {
    if (!forbiddenActionsOf(fleet, name, site).includes('migrate')) return [];
    return [
      blocker(
        'action-forbidden',
        'the fleet policy forbids `migrate` for this site or its target host',
        'see `policies.forbiddenActions`',
      ),
    ];
  },
};
