// Without the source's facts, sizes, drift and blockers are unknown. A failed probe says why itself
// (`probe-failed`): "run `wpfleet inventory` first" would send the user in a circle.
import { warning, type PlanRule } from './plan-rule.js';

export const factsUnknown: PlanRule = {
  name: 'facts-unknown',
  check({ facts, probeErrors }) {
    if (facts.source || probeErrors.source || probeErrors.target) return [];
    return [
      warning(
        'facts-unknown',
        'no inventory facts for this site: sizes, drift and blockers are unknown',
        'run `wpfleet inventory` before `wpfleet plan`',
      ),
    ];
  },
};
