import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'probe-failed')!;

describe('plan rule probe-failed', () => {
  it("blocks a site per side that could not be probed, with the host's words and no URL credentials", () => {
    expect(rule.check(ruleInput())).toEqual([]);
    const found = rule.check(
      ruleInput({
        facts: {},
        probeErrors: {
          target: {
            message: 'could not fetch https://admin:s3cret@new.test/',
            hint: 'check https://admin:s3cret@new.test/',
          },
        },
      }),
    );
    expect(found).toEqual([expect.objectContaining({ code: 'probe-failed', severity: 'error' })]);
    expect(found[0]?.message).toMatch(
      /^the target could not be probed: could not fetch https:\/\/.*new\.test\/$/,
    );
    expect(JSON.stringify(found)).not.toContain('s3cret');
  });
});
