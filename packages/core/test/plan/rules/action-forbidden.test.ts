import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { fleetWith, ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'action-forbidden')!;

describe('plan rule action-forbidden', () => {
  it('blocks a site whose target host the policy forbids to migrate to, and no other', () => {
    expect(rule.check(ruleInput())).toEqual([]);
    expect(
      rule.check(ruleInput({}, fleetWith('policies:\n  forbiddenActions:\n    new: [migrate]\n'))),
    ).toEqual([expect.objectContaining({ code: 'action-forbidden', severity: 'error' })]);
    expect(
      rule.check(ruleInput({}, fleetWith('policies:\n  forbiddenActions:\n    new: [cleanup]\n'))),
    ).toEqual([]);
  });
});
