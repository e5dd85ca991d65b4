// A side whose probe failed has no facts, so the plan cannot know its blockers: the site is blocked, with what
// the host said. That text goes into plan.json, so URL credentials in it are hidden before the plan is hashed.
import { redactUrlUserinfo } from '../../ports/redact-url-userinfo.js';
import { blocker, type PlanFinding, type PlanRule } from './plan-rule.js';

export const probeFailed: PlanRule = {
  name: 'probe-failed',
  check({ probeErrors }) {
    const found: PlanFinding[] = [];
    for (const side of ['source', 'target'] as const) {
      const error = probeErrors[side];
      if (!error) continue;
      found.push(
        blocker(
          'probe-failed',
          `the ${side} could not be probed: ${redactUrlUserinfo(error.message)}`,
          error.hint ? redactUrlUserinfo(error.hint) : undefined,
        ),
      );
    }
    return found;
  },
};
