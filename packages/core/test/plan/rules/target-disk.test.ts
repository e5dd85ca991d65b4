import { describe, expect, it } from 'vitest';
import { judgeTargetDisk, PLAN_RULES, requiredTargetBytes } from '@wpfleet/core';
import { targetFacts } from '../site-facts-fixture.js';
import { ruleInput } from './rule-input.js';

const rule = PLAN_RULES.find((r) => r.name === 'target-disk')!;

describe('plan rule target-disk', () => {
  it('blocks a site when the target has less free than the copy needs, and not when the figure is unknown', () => {
    const needed = requiredTargetBytes(1_000_000, 500_000);
    expect(
      rule.check(
        ruleInput({ facts: { ...ruleInput().facts, target: targetFacts({ disk: { freeBytes: needed } }) } }),
      ),
    ).toEqual([]);
    expect(
      rule.check(
        ruleInput({ facts: { ...ruleInput().facts, target: targetFacts({ disk: { freeBytes: null } }) } }),
      ),
    ).toEqual([]);
    const [finding] = rule.check(
      ruleInput({
        facts: { ...ruleInput().facts, target: targetFacts({ disk: { freeBytes: needed - 1 } }) },
      }),
    );
    expect(finding).toMatchObject({
      code: 'target-disk-low',
      severity: 'error',
      hint: expect.stringContaining('free space on new'),
    });
  });

  it('gives the Doctor and preflight the same verdict and figure as the plan', () => {
    const ok = judgeTargetDisk({ freeBytes: 1024 ** 3, dbBytes: 1_500_000, fileBytes: 0, host: 'new' });
    expect(ok).toMatchObject({
      code: 'target-disk-ok',
      severity: 'info',
      neededBytes: requiredTargetBytes(1_500_000, 0),
    });
    expect(ok.message).toMatch(/^1\.0 GiB free, about 258\.\d MiB needed \(1\.4 MiB of tables ×1\.5/);
    expect(judgeTargetDisk({ freeBytes: 1000, dbBytes: 0, fileBytes: 0, host: 'new' }).message).toBe(
      '1000 B free on the target, the copy needs about 256.0 MiB',
    );
  });
});
