import { describe, expect, it } from 'vitest';
import { collations } from '../../../src/doctor/rules/collations.js';
import { probeFacts, siteContext } from './rule-context.js';

describe('Doctor rule collations', () => {
  it('fails a collation the target does not know, unless the dump maps it', async () => {
    const source = probeFacts({ collations: ['utf8mb4_0900_ai_ci'] });
    expect((await collations.check(siteContext(undefined, { source })))[0]).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('does not know utf8mb4_0900_ai_ci'),
    });
    const mapped = await collations.check(
      siteContext(undefined, { source, collationMap: { utf8mb4_0900_ai_ci: 'utf8mb4_unicode_ci' } }),
    );
    expect(mapped[0]).toMatchObject({
      severity: 'info',
      message: expect.stringContaining('the dump maps utf8mb4_0900_ai_ci → utf8mb4_unicode_ci'),
    });
  });
});
