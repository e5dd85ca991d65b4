// Row hashes survive the controller: a new process (a resumed run) reads them from the run directory and still
// names the first differing row; a file that does not match the journalled digests is never used.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { compareDigests, digestDump, SqlStream } from '@wpfleet/sql';
import { afterEach, describe, expect, it } from 'vitest';
import { RunMemory } from '../../src/run-memory/run-memory.js';

const CREATE =
  'CREATE TABLE `wp_posts` (\n  `ID` bigint NOT NULL,\n  `post_content` longtext,\n  PRIMARY KEY (`ID`)\n);\n';
const OPTIONS =
  'CREATE TABLE `wp_options` (\n  `option_id` bigint NOT NULL,\n  `option_value` longtext,\n  PRIMARY KEY (`option_id`)\n);\n';

async function transform(source: string) {
  const stream = new SqlStream({ prefix: { from: 'wp_', to: 'wp_', staging: 'wpfs_' }, keepRowHashes: true });
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve).on('error', reject);
    stream.end(Buffer.from(source));
  });
  const journalled = Object.fromEntries(
    [...stream.digests].map(([name, d]) => [name, { rows: d.rows, digest: d.digest }]),
  );
  return { stream, loaded: Buffer.concat(chunks).toString(), journalled };
}

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});
const runDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wpfleet-memory-'));
  dirs.push(dir);
  return dir;
};

describe('RunMemory in a run directory', () => {
  const rows = Array.from({ length: 3000 }, (_, i) => `(${i + 1},'content ${i}')`);
  const source = `${CREATE}INSERT INTO \`wp_posts\` VALUES ${rows.join(',')};\n${OPTIONS}INSERT INTO \`wp_options\` VALUES (1,'a'),(2,'b');\n`;

  it('gives a later process the row hashes, so verify after a resume names the first differing row', async () => {
    const dir = runDir();
    const { stream, loaded, journalled } = await transform(source);
    await new RunMemory(dir).rememberDigests('acme', stream.digests);

    const later = await new RunMemory(dir).digestsOf('acme', journalled);
    expect(later).toBeDefined();
    expect([...later!.keys()].sort()).toEqual(['wp_options', 'wp_posts']);
    for (const [name, d] of stream.digests) {
      expect(later!.get(name)!.digest).toBe(d.digest);
      expect(later!.get(name)!.rowHash(d.rows - 1)).toBe(d.rowHash(d.rows - 1));
    }
    const damaged = loaded.replace("'content 2500'", "'content 25X0'");
    const read = await digestDump(Readable.from([damaged]), {
      digestPrefix: { from: 'wpfs_', to: 'wp_' },
      expect: later!,
    });
    const diff = compareDigests(later!, read.digests, read.mismatches);
    expect(diff).toHaveLength(1);
    expect(diff[0]).toMatchObject({
      table: 'wp_posts',
      firstDifferingRow: { index: 2500, primaryKey: { ID: '2501' } },
    });
    // Only the finished file is left, no partial one.
    expect(readdirSync(dir)).toEqual(['row-hashes-acme.bin']);
  });

  it('ignores a file whose digests are not the journalled ones (another attempt), and a damaged file', async () => {
    const dir = runDir();
    const { stream, journalled } = await transform(source);
    await new RunMemory(dir).rememberDigests('acme', stream.digests);
    const other = { ...journalled, wp_options: { rows: 2, digest: '0123456789abcdef' } };
    expect(await new RunMemory(dir).digestsOf('acme', other)).toBeUndefined();
    expect(await new RunMemory(dir).digestsOf('other-site', journalled)).toBeUndefined();
    writeFileSync(
      join(dir, 'row-hashes-acme.bin'),
      '{"format":"wpfleet-row-hashes 1","tables":[]}\ntruncated',
    );
    expect(await new RunMemory(dir).digestsOf('acme', journalled)).toBeUndefined();
    // Without a run directory nothing outlives the process.
    expect(await new RunMemory().digestsOf('acme', journalled)).toBeUndefined();
  });
});
