import { SqlStream, SqlWorkerStream, type SqlStreamOptions } from '@wpfleet/sql';
import { afterAll, describe, expect, it } from 'vitest';
import { MINI_DUMP, prng, splitAt } from './transform-helpers.js';
import { through } from './through-stream.js';
import { tsSqlWorkerPool } from './ts-sql-worker.js';

function bigDump(seed: number): Buffer {
  const rnd = prng(seed);
  const rows = Array.from(
    { length: 4000 },
    (_, i) =>
      `(${i},'https://old.example.com/${i} ünï ${'x'.repeat(Math.floor(rnd() * 80))}','a:1:{i:0;s:27:\\"https://old.example.com/abc\\";}')`,
  );
  return Buffer.concat([
    Buffer.from(MINI_DUMP),
    Buffer.from(
      `CREATE TABLE \`wp_t\` (\n  \`id\` int,\n  \`v\` text,\n  \`s\` text\n);\nINSERT INTO \`wp_t\` VALUES ${rows.join(',')};\n`,
    ),
  ]);
}

const options: SqlStreamOptions = {
  pairs: [{ from: 'https://old.example.com', to: 'https://new.example.org' }],
  prefix: { from: 'wp_', to: 'wp_', staging: 'wpfs_' },
  fixes: { target: { flavour: 'mysql', version: '8.0.36' } },
  keepRowHashes: true,
};

describe('SqlStream in worker threads', () => {
  const pool = tsSqlWorkerPool(2);
  afterAll(() => pool.close());

  it('gives byte-identical output, report and digests to the in-process stream', async () => {
    const input = bigDump(1);
    const chunks = splitAt(input, [1000, 5000, 77777, 200000]);
    const local = new SqlStream(options);
    const expected = await through(local, chunks);
    const remote = new SqlWorkerStream(pool, options);
    const got = await through(remote, chunks);
    expect(got).toEqualBytes(expected);
    expect(remote.report()).toEqual(local.report());
    expect(remote.digests.get('wp_t')?.rowHash(1234)).toBe(local.digests.get('wp_t')?.rowHash(1234));
  });

  it('runs several dumps at once on the pool, each with its own output', async () => {
    const inputs = [bigDump(2), bigDump(3), bigDump(4)];
    const expected = await Promise.all(inputs.map((i) => through(new SqlStream(options), [i])));
    const got = await Promise.all(
      inputs.map((i) => through(new SqlWorkerStream(pool, options), splitAt(i, [65536, 131072]))),
    );
    got.forEach((g, k) => expect(g).toEqualBytes(expected[k]!));
  });

  it('reports a truncated dump from the worker as WPF_SQL_PARSE with its offset', async () => {
    const bad = Buffer.from("SELECT 1;\nINSERT INTO `t` VALUES (1,'abc");
    await expect(through(new SqlWorkerStream(pool, options), [bad])).rejects.toMatchObject({
      code: 'WPF_SQL_PARSE',
      message: expect.stringContaining('byte 36: unterminated string literal'),
    });
    // The worker is reusable after a bad dump.
    const ok = await through(new SqlWorkerStream(pool, {}), [Buffer.from(MINI_DUMP)]);
    expect(ok.toString()).toBe(MINI_DUMP);
  });
});
