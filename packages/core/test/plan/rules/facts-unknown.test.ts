import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'facts-unknown')!;

describe('plan rule facts-unknown', () => {
  it('says to run inventory when there are no facts, but not when a failed probe already says why', () => {
    expect(rule.check(ruleInput())).toEqual([]);
    expect(rule.check(ruleInput({ facts: {} }))).toEqual([
      expect.objectContaining({
        code: 'facts-unknown',
        severity: 'warning',
        hint: expect.stringContaining('wpfleet inventory'),
      }),
    ]);
    expect(
      rule.check(ruleInput({ facts: {}, probeErrors: { source: { message: 'ssh: connection refused' } } })),
    ).toEqual([]);
  });
});
