import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'db-dump-missing')!;

describe('plan rule db-dump-missing', () => {
  it('blocks a site whose source host has no dump tool; a target without one does not matter', () => {
    expect(rule.check(ruleInput({ hosts: { new: { dumpTool: false } } }))).toEqual([]);
    expect(rule.check(ruleInput({ hosts: { old: { dumpTool: false } } }))).toEqual([
      expect.objectContaining({
        code: 'db-dump-missing',
        severity: 'error',
        message: expect.stringContaining('`old`'),
      }),
    ]);
  });
});
