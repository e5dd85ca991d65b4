import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { siteFacts, targetFacts } from '../site-facts-fixture.js';
import { ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'plugin-parity')!;

describe('plan rule plugin-parity', () => {
  it('counts the plugins the target lacks before the move, as a warning', () => {
    const source = siteFacts({ url: 'http://blog.test' });
    const same = targetFacts({ plugins: source.plugins, themes: source.themes });
    expect(rule.check(ruleInput({ facts: { source, target: same } }))).toEqual([]);
    const fewer = targetFacts({ plugins: source.plugins.slice(1), themes: source.themes });
    expect(rule.check(ruleInput({ facts: { source, target: fewer } }))).toEqual([
      expect.objectContaining({
        code: 'plugin-parity',
        severity: 'warning',
        message: expect.stringContaining('1 plugin(s) missing'),
      }),
    ]);
  });
});
