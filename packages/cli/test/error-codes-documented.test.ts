// docs/errors.md and the code agree: every WPF_* code wpfleet can raise has exactly one row (cause and fix), and
// no row is left for a code nothing raises any more.
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

/** Every WPF_* code named in quotes ('', "" or ``) in the packages' sources. */
function sourceCodes(): Set<string> {
  const codes = new Set<string>();
  for (const pkg of ['core', 'sql', 'wp', 'cli']) {
    for (const file of sources(join(root, 'packages', pkg, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/['"`](WPF_[A-Z0-9_]+)['"`]/g))
        codes.add(match[1]!);
    }
  }
  return codes;
}

/** The codes in the first cell of each row; a cell may list related codes: `| \`WPF_A\` / \`WPF_B\` | ...`. */
function documentedCodes(): string[] {
  const docs = readFileSync(join(root, 'docs/errors.md'), 'utf8');
  const firstCells = [...docs.matchAll(/^\| (`WPF_[^|]+)\|/gm)].map((m) => m[1]!);
  return firstCells.flatMap((cell) => [...cell.matchAll(/`(WPF_[A-Z0-9_]+)`/g)].map((m) => m[1]!));
}

describe('docs/errors.md', () => {
  it('documents every error code the packages can raise', () => {
    const codes = sourceCodes();
    const documented = new Set(documentedCodes());
    expect(codes.size).toBeGreaterThan(40);
    expect([...codes].filter((code) => !documented.has(code)).sort()).toEqual([]);
  });

  it('has no row for a code the packages no longer raise', () => {
    const codes = sourceCodes();
    expect(
      documentedCodes()
        .filter((code) => !codes.has(code))
        .sort(),
    ).toEqual([]);
  });

  it('lists each code in one row only', () => {
    const seen = documentedCodes();
    expect(seen.filter((code, i) => seen.indexOf(code) !== i).sort()).toEqual([]);
  });
});
