// Every WPF_* code that wpfleet can raise is listed in docs/errors.md with a cause and a fix.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('docs/errors.md', () => {
  it('documents every error code the packages can raise', () => {
    const codes = new Set<string>();
    for (const pkg of ['core', 'wp', 'cli']) {
      for (const file of sources(join(root, 'packages', pkg, 'src'))) {
        for (const match of readFileSync(file, 'utf8').matchAll(/'(WPF_[A-Z0-9_]+)'/g)) codes.add(match[1]!);
      }
    }
    const docs = readFileSync(join(root, 'docs/errors.md'), 'utf8');
    // A row's first cell may list related codes: `| \`WPF_A\` / \`WPF_B\` | ...`.
    const firstCells = [...docs.matchAll(/^\| (`WPF_[^|]+)\|/gm)].map((m) => m[1]!);
    const documented = new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`(WPF_[A-Z0-9_]+)`/g)].map((m) => m[1]!)));
    expect(codes.size).toBeGreaterThan(40);
    expect([...codes].filter((code) => !documented.has(code)).sort()).toEqual([]);
  });
});
