import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';
import { siteFacts, targetFacts } from '../site-facts-fixture.js';
import { ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'environment-drift')!;

describe('plan rule environment-drift', () => {
  it('blocks an unknown collation, warns about a missing common extension and keeps no info drift', () => {
    expect(rule.check(ruleInput())).toEqual([]);
    const source = siteFacts({ url: 'http://blog.test' });
    source.database.tables[0]!.collation = 'utf8mb4_0900_ai_ci';
    source.php.extensions.push('tidy');
    const target = targetFacts({ php: { version: '8.2.1', extensions: ['mysqli', 'curl', 'xml'] } });
    expect(rule.check(ruleInput({ facts: { source, target } })).map((f) => [f.code, f.severity])).toEqual([
      ['extension-missing', 'warning'],
      ['collation-unknown-to-target', 'error'],
    ]);
    const mapped = ruleInput({
      facts: { source, target },
      collationMap: { utf8mb4_0900_ai_ci: 'utf8mb4_unicode_ci' },
    });
    expect(rule.check(mapped).map((f) => f.code)).toEqual(['extension-missing']);
  });
});
