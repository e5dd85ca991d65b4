import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { siteFacts } from '../site-facts-fixture.js';
import { ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'target-wordpress')!;
const source = siteFacts({ url: 'http://blog.test' });

describe('plan rule target-wordpress', () => {
  it('blocks a target without WordPress and warns about a target that was not probed', () => {
    expect(rule.check(ruleInput())).toEqual([]);
    expect(
      rule
        .check(ruleInput({ facts: { source, target: { wordpress: null } } }))
        .map((f) => [f.code, f.severity]),
    ).toEqual([['target-wordpress-missing', 'error']]);
    expect(rule.check(ruleInput({ facts: { source } })).map((f) => [f.code, f.severity])).toEqual([
      ['target-unknown', 'warning'],
    ]);
  });
});
