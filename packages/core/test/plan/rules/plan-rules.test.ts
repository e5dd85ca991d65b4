import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLAN_RULES } from '@wpfleet/core';

describe('the plan rules', () => {
  it('are each in a module of their name, with a test of their own', () => {
    const modules = readdirSync(new URL('../../../src/plan/rules/', import.meta.url)).map((f) =>
      f.replace(/\.ts$/, ''),
    );
    const tests = readdirSync(new URL('./', import.meta.url)).map((f) => f.replace(/\.test\.ts$/, ''));
    const names = PLAN_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(modules).toContain(name);
      expect(tests).toContain(name);
    }
  });
});
