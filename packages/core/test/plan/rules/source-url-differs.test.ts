import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { siteFacts } from '../site-facts-fixture.js';
import { ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'source-url-differs')!;

describe('plan rule source-url-differs', () => {
  it("warns when the site's home is not the fleet's source URL, a trailing slash aside", () => {
    expect(rule.check(ruleInput({ facts: { source: siteFacts({ url: 'http://blog.test/' }) } }))).toEqual([]);
    expect(rule.check(ruleInput({ facts: { source: siteFacts({ url: 'https://www.blog.test' }) } }))).toEqual(
      [
        expect.objectContaining({
          code: 'source-url-differs',
          severity: 'warning',
          hint: 'set `sites.blog.source.url: https://www.blog.test`',
        }),
      ],
    );
  });
});
