import { lstatSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePrivateDir } from '../../src/run-dir/make-private-dir.js';
import { writeRunFile } from '../../src/run-dir/write-run-file.js';
import { scratchDirs } from './scratch-dirs.js';

const scratch = scratchDirs('wpfleet-run-file-');

describe('writeRunFile', () => {
  it('replaces a symlink planted at the file name instead of writing through it', async () => {
    const dir = scratch();
    const outside = join(dir, 'outside.txt');
    writeFileSync(outside, 'precious\n');
    const path = join(dir, 'plan.json');
    symlinkSync(outside, path);
    await writeRunFile(path, '{"plan":1}\n');
    expect(readFileSync(outside, 'utf8')).toBe('precious\n');
    expect(lstatSync(path).isFile()).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('{"plan":1}\n');
  });

  it('writes a private file and leaves no temporary file behind', async () => {
    const dir = scratch();
    const path = join(dir, 'run.json');
    await writeRunFile(path, 'one');
    await writeRunFile(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['run.json']);
  });
});

describe('makePrivateDir', () => {
  it('creates the run directory and the parents it needs readable by the owner only', async () => {
    const dir = scratch();
    await makePrivateDir(join(dir, '.wpfleet', 'runs', 'now'));
    for (const sub of ['.wpfleet', '.wpfleet/runs', '.wpfleet/runs/now'])
      expect(statSync(join(dir, sub)).mode & 0o777).toBe(0o700);
  });
});
