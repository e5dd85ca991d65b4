import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'rsync-missing')!;

describe('plan rule rsync-missing', () => {
  it('warns, without blocking, when either side lacks rsync', () => {
    expect(rule.check(ruleInput({ hosts: { old: { rsync: true }, new: { rsync: true } } }))).toEqual([]);
    for (const host of ['old', 'new']) {
      expect(
        rule.check(ruleInput({ hosts: { [host]: { rsync: false } } })).map((f) => [f.code, f.severity]),
      ).toEqual([['rsync-missing', 'warning']]);
    }
  });
});
