import { describe, expect, it } from 'vitest';
import { prefixes } from '../../../src/doctor/rules/prefixes.js';
import { probeFacts, siteContext } from './rule-context.js';

describe('Doctor rule prefixes', () => {
  it('fails a staging prefix that clashes with the live one, and warns about tables an earlier run left', async () => {
    expect((await prefixes.check(siteContext()))[0]).toMatchObject({
      severity: 'info',
      message: 'staging wpfs_ and backup wpfb_ do not clash with the live prefix wp_',
    });
    expect((await prefixes.check(siteContext(undefined, { stagingPrefix: 'wp_' })))[0]).toMatchObject({
      severity: 'error',
      hint: expect.stringContaining('defaults.stagingPrefix'),
    });
    const leftovers = probeFacts({ tables: ['wp_posts', 'wpfb_posts'] });
    expect((await prefixes.check(siteContext(undefined, { target: leftovers })))[0]).toMatchObject({
      severity: 'warning',
      message: expect.stringMatching(/^1 tables with the staging\/backup prefixes/),
    });
  });
});
