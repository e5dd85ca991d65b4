import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOST_RULES, SITE_RULES } from '../../../src/doctor/rules/doctor-rules.js';

describe('the Doctor rules', () => {
  it('are each in a module of their name, with a test of their own', () => {
    const modules = readdirSync(new URL('../../../src/doctor/rules/', import.meta.url)).map((f) =>
      f.replace(/\.ts$/, ''),
    );
    const tests = readdirSync(new URL('./', import.meta.url)).map((f) => f.replace(/\.test\.ts$/, ''));
    const names = [...HOST_RULES, ...SITE_RULES].map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(modules).toContain(name);
      expect(tests).toContain(name);
    }
  });
});
