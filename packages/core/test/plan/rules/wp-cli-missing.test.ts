import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'wp-cli-missing')!;

describe('plan rule wp-cli-missing', () => {
  it('blocks a site whose host has no wp and no phar, naming the host in the fix', () => {
    expect(rule.check(ruleInput({ hosts: { new: { wpCli: true } } }))).toEqual([]);
    const [finding] = rule.check(ruleInput({ hosts: { new: { wpCli: false } } }));
    expect(finding).toMatchObject({
      code: 'wp-cli-missing',
      severity: 'error',
      hint: expect.stringContaining('hosts.new.wpCli'),
    });
  });
});
