// Drift between source and target (PHP, extensions, DB engine and version, collations, core): a collation the
// target does not know blocks, the rest warns; what needs nothing is not kept in the plan.
import { compareEnvironments } from '../../compare/compare-environments.js';
import type { PlanRule } from './plan-rule.js';

export const environmentDrift: PlanRule = {
  name: 'environment-drift',
  check({ facts, collationMap }) {
    if (!facts.source || !facts.target) return [];
    return compareEnvironments(facts.source, facts.target, { collationMap })
      .filter((item) => item.severity !== 'info')
      .map(({ code, severity, message, hint }) => ({
        code,
        severity,
        message,
        ...(hint === undefined ? {} : { hint }),
      }));
  },
};
