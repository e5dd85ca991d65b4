import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'db-client-missing')!;

describe('plan rule db-client-missing', () => {
  it('blocks a site whose target host has no DB client; a source without one does not matter', () => {
    expect(rule.check(ruleInput({ hosts: { old: { dbClient: false } } }))).toEqual([]);
    expect(rule.check(ruleInput({ hosts: { new: { dbClient: false } } }))).toEqual([
      expect.objectContaining({
        code: 'db-client-missing',
        severity: 'error',
        message: expect.stringContaining('`new`'),
      }),
    ]);
  });
});
