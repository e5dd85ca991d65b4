import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TableDigest } from '@wpfleet/sql';
import { loadRowHashes, saveRowHashes } from '../../src/run-memory/row-hash-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('row hashes kept in the run directory', () => {
  it('replaces symlinks planted at the row-hash file and its temporary name, leaving their targets untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpfleet-row-hashes-'));
    dirs.push(dir);
    const outside = join(dir, 'outside.txt');
    writeFileSync(outside, 'precious\n');
    const file = join(dir, 'row-hashes-blog.bin');
    symlinkSync(outside, file);
    symlinkSync(outside, `${file}.partial`);
    const digest = new TableDigest();
    digest.add([1, 2]);
    digest.add([3, 4]);
    await saveRowHashes(dir, 'blog', new Map([['wp_posts', digest]]));
    expect(readFileSync(outside, 'utf8')).toBe('precious\n');
    expect(lstatSync(file).isFile()).toBe(true);
    const loaded = await loadRowHashes(dir, 'blog', { wp_posts: digest.toJSON() });
    expect(loaded?.get('wp_posts')?.rows).toBe(2);
  });
});
