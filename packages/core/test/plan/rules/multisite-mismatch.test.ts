import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { fleetWith, ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'multisite-mismatch')!;

describe('plan rule multisite-mismatch', () => {
  it('blocks a site the fleet calls a multisite when the source is a single site', () => {
    expect(rule.check(ruleInput())).toEqual([]);
    const fleet = fleetWith('').replace(
      'url: "http://blog.test" }\n    target',
      'url: "http://blog.test" }\n    multisite: true\n    target',
    );
    expect(rule.check(ruleInput({}, fleet))).toEqual([
      expect.objectContaining({
        code: 'multisite-mismatch',
        severity: 'error',
        message: 'the fleet says multisite: true, the source is not a multisite',
      }),
    ]);
  });
});
