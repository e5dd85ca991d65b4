import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { fleetWith, ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'target-protected')!;

describe('plan rule target-protected', () => {
  it('warns that migrate will ask for confirmation when the policy protects the target host', () => {
    expect(rule.check(ruleInput())).toEqual([]);
    const input = ruleInput({}, fleetWith('policies:\n  protectedTargets: [new]\n'));
    expect(rule.check(input)).toEqual([
      expect.objectContaining({
        code: 'target-protected',
        severity: 'warning',
        message: expect.stringContaining('`new`'),
      }),
    ]);
  });
});
