// A protected target is not refused: migrate asks a person to confirm it first (the Guardian, policy/guard-actions).
import { warning, type PlanRule } from './plan-rule.js';

export const targetProtected: PlanRule = {
  name: 'target-protected',
  check({ name, site, fleet }) {
    const protectedBy = [name, site.target.host].filter((n) => fleet.policies.protectedTargets.includes(n));
    if (protectedBy.length === 0) return [];
    return [
      warning(
        'target-protected',
        `the fleet policy protects ${protectedBy.map((n) => `\`${n}\``).join(' and ')}: migrate asks for confirmation first`,
        'type the target domain when asked, or pass --yes --i-understand-protected in batch runs',
      ),
    ];
  },
};
