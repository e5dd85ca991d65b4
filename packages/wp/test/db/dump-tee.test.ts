import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { DumpTee } from '../../src/db/dump-tee.js';

const sink = () => new Writable({ write: (_chunk, _enc, callback) => callback() });
const dump = () =>
  Readable.from(
    ['CREATE TABLE `wp_options` (x int);\n', 'INSERT INTO `wp_options` VALUES (1);\n'].map((s) =>
      Buffer.from(s),
    ),
  );

describe('--keep-dump', () => {
  it('keeps the dump as it passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wpfleet-tee-'));
    try {
      await pipeline(dump(), new DumpTee(createWriteStream(join(dir, 'site.sql'))), sink());
      expect(readFileSync(join(dir, 'site.sql'), 'utf8')).toBe(
        'CREATE TABLE `wp_options` (x int);\nINSERT INTO `wp_options` VALUES (1);\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails the copy with the file error, not the process, when the dump file cannot be written', async () => {
    const missing = join(tmpdir(), `wpfleet-no-such-dir-${process.pid}`, 'site.sql');
    await expect(pipeline(dump(), new DumpTee(createWriteStream(missing)), sink())).rejects.toThrow(/ENOENT/);
  });
});
