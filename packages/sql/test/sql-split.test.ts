// The split SqlStream (one thread tokenizes, batches of INSERT statements are walked elsewhere) must give the
// same bytes, report, digests and row hashes as the in-process stream, wherever chunks and batches end.
import { afterAll, describe, expect, it } from 'vitest';
import { InsertWalker } from '../src/insert-walker.js';
import { runSqlBatch } from '../src/sql-batch.js';
import { SqlStream } from '../src/sql-stream.js';
import { SqlTransformer, type SqlStreamOptions } from '../src/sql-transformer.js';
import { SqlWorkerStream, type SqlWorkerStreamTuning } from '../src/sql-worker-pool.js';
import { MINI_DUMP, prng, runChunks, ser, splitAt, sqlEscape } from './transform-helpers.js';
import { through } from './through-stream.js';
import { tsSqlWorkerPool } from './ts-sql-worker.js';

function dump(seed: number): Buffer {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const text = () =>
    pick([
      'https://old.example.com/a',
      'see https://old.example.com/b?x=1 and http://old.example.com',
      '<a href="https://old.example.com/c">ünï</a>',
      'https:\\/\\/old.example.com\\/d',
      'nothing here',
      "it's a \\ backslash\nand a newline",
      '',
    ]);
  const serialized = () =>
    pick([
      `a:2:{s:3:"url";${ser(text())}s:4:"name";${ser('Zoë "café"')}}`,
      ser('https://old.example.com/e'),
      // Does not parse (wrong length) but holds the URL: a finding, left untouched.
      'a:1:{s:99:"https://old.example.com/broken";}',
      `O:8:"stdClass":1:{s:1:"u";${ser('//old.example.com/f')}}`,
      // A custom-serialized payload holding the URL: copied as it is, and reported.
      `a:1:{i:0;C:11:"ArrayObject":37:{x:i:0;s:23:"https://old.example.com";}}`,
    ]);
  const statements: string[] = [MINI_DUMP];
  statements.push(
    'CREATE TABLE `wp_posts` (\n  `ID` bigint NOT NULL,\n  `post_content` longtext,\n  `guid` varchar(255),\n  `meta` longtext,\n  PRIMARY KEY (`ID`)\n);\n',
    'CREATE TABLE `wp_usermeta` (\n  `umeta_id` bigint NOT NULL,\n  `user_id` bigint,\n  `meta_key` varchar(255),\n  `meta_value` longtext,\n  PRIMARY KEY (`umeta_id`)\n);\n',
  );
  let id = 0;
  for (let s = 0; s < 40; s++) {
    const rows = 1 + Math.floor(rnd() * 30);
    const kind = pick(['posts', 'usermeta', 'columns', 'other']);
    const values: string[] = [];
    for (let r = 0; r < rows; r++) {
      id++;
      if (kind === 'posts' || kind === 'columns')
        values.push(
          `(${id},'${sqlEscape(text())}','https://old.example.com/?p=${id}','${sqlEscape(serialized())}')`,
        );
      else if (kind === 'usermeta')
        values.push(
          `(${id},1,'${pick(['wp_capabilities', 'wp_user_level', 'nickname'])}','${sqlEscape(serialized())}')`,
        );
      else
        values.push(`(${id},'${sqlEscape(text())}',NULL,0x6869,X'4142',_binary 'https://old.example.com')`);
    }
    const head =
      kind === 'posts'
        ? 'INSERT INTO `wp_posts` VALUES '
        : kind === 'columns'
          ? 'INSERT INTO `wp_posts` (`ID`, `post_content`, `guid`, `meta`) VALUES '
          : kind === 'usermeta'
            ? 'INSERT INTO `wp_usermeta` VALUES '
            : // No CREATE TABLE for this one: its digest is made on the first INSERT.
              'INSERT INTO `wp_other` VALUES ';
    statements.push(`${head}${values.join(',')};\n`);
    if (rnd() < 0.2) statements.push('-- a comment between statements\nLOCK TABLES `wp_posts` WRITE;\n');
  }
  return Buffer.from(statements.join(''), 'utf8');
}

const options: SqlStreamOptions = {
  pairs: [{ from: 'https://old.example.com', to: 'https://www.new.example.org' }],
  prefix: { from: 'wp_', to: 'wpn_', staging: 'wpfs_' },
  fixes: { target: { flavour: 'mariadb', version: '10.11.6' } },
  skipColumns: ['wp_posts.guid'],
  keepRowHashes: true,
};

function randomSplits(buf: Buffer, seed: number, n: number): Buffer[] {
  const rnd = prng(seed);
  return splitAt(
    buf,
    Array.from({ length: n }, () => Math.floor(rnd() * buf.length)),
  );
}

/** The transformer in split mode with every batch walked right away on this thread. */
function runSplit(
  chunks: Buffer[],
  opts: SqlStreamOptions,
  minBytes: number,
): { out: Buffer; t: SqlTransformer } {
  const t = new SqlTransformer(opts, undefined, true);
  const walker = new InsertWalker(opts);
  const parts: Buffer[] = [];
  const take = (min: number) => {
    const batch = t.takeBatch(min);
    if (!batch) return;
    const result = runSqlBatch(walker, batch);
    t.absorb(result);
    parts.push(result.bytes);
  };
  for (const c of chunks) {
    expect(t.push(c).length).toBe(0);
    take(minBytes);
  }
  t.end();
  take(0);
  return { out: Buffer.concat(parts), t };
}

interface Digested {
  report(): unknown;
  digests: Map<string, { rows: number; digest: string; rowHash(i: number): number | undefined }>;
}

function expectSame(got: Digested, want: Digested): void {
  expect(got.report()).toEqual(want.report());
  expect([...got.digests.keys()]).toEqual([...want.digests.keys()]);
  for (const [k, d] of want.digests) {
    const g = got.digests.get(k)!;
    expect(g.rows).toBe(d.rows);
    expect(g.digest).toBe(d.digest);
    const hashes = (x: typeof d) => Array.from({ length: x.rows }, (_, i) => x.rowHash(i));
    expect(hashes(g)).toEqual(hashes(d));
  }
}

describe('SqlStream split into batches', () => {
  it('gives the same output, report, digests and row hashes as the whole stream, at random chunk and batch ends', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const input = dump(seed);
      const want = runChunks([input], options);
      // The digest sees renamed tables, serialized rewrites, skipped columns and a table without CREATE TABLE.
      expect(want.t.report().replacements.total).toBeGreaterThan(0);
      expect(want.t.digests.has('wpn_other')).toBe(true);
      expect(want.t.report().findings.some((f) => f.code === 'serialized-unparseable')).toBe(true);
      expect(want.t.report().findings.some((f) => f.code === 'serialized-custom-object-kept')).toBe(true);
      for (const minBytes of [0, 1, 700, 1 << 18]) {
        const got = runSplit(randomSplits(input, seed * 100 + minBytes, 25), options, minBytes);
        expect(got.out).toEqualBytes(want.out);
        expectSame(got.t, want.t);
      }
    }
  });

  it('gives the same result for every split offset of a small dump', () => {
    const input = Buffer.from(MINI_DUMP);
    const want = runChunks([input], options);
    for (let at = 0; at <= input.length; at++) {
      const got = runSplit(splitAt(input, [at]), options, 1);
      expect(got.out).toEqualBytes(want.out);
      expectSame(got.t, want.t);
    }
  });

  it('keeps digests and counts right without digests, prefix or pairs', () => {
    const input = dump(9);
    for (const opts of [
      { ...options, digest: false },
      { pairs: options.pairs },
      { prefix: options.prefix, keepRowHashes: false },
    ] satisfies SqlStreamOptions[]) {
      const want = runChunks([input], opts);
      const got = runSplit(randomSplits(input, 9, 10), opts, 1);
      expect(got.out).toEqualBytes(want.out);
      expectSame(got.t, want.t);
    }
  });
});

describe('SqlWorkerStream spreading one dump over worker threads', () => {
  const pools = [tsSqlWorkerPool(1), tsSqlWorkerPool(2)];
  afterAll(() => Promise.all(pools.map((p) => p.close())));

  const cases: [string, number, SqlWorkerStreamTuning][] = [
    ['one worker, default batches', 0, {}],
    ['two workers, one statement per batch', 1, { batchBytes: 1, queuedPerWorker: 1 }],
    ['one worker, this thread walking when it is busy', 0, { batchBytes: 1, queuedPerWorker: 1 }],
    ['this thread walking every batch', 1, { batchBytes: 1, queuedPerWorker: 0 }],
  ];
  for (const [name, pool, tuning] of cases) {
    it(`gives byte-identical output, report, digests and row hashes to SqlStream (${name})`, async () => {
      for (const seed of [21, 22]) {
        const input = dump(seed);
        const local = new SqlStream(options);
        const want = await through(local, [input]);
        const remote = new SqlWorkerStream(pools[pool]!, options, tuning);
        const got = await through(remote, randomSplits(input, seed, 30));
        expect(got).toEqualBytes(want);
        expectSame(remote, local);
      }
    });
  }

  it('reports a damaged INSERT walked on a worker as WPF_SQL_PARSE at the same byte as SqlStream', async () => {
    const bad = Buffer.from('SELECT 1;\nINSERT INTO `t` VALUES (1,2),3;\n');
    const local = through(new SqlStream(options), [bad]);
    await expect(local).rejects.toMatchObject({ code: 'WPF_SQL_PARSE' });
    const message = ((await local.catch((e: Error) => e)) as Error).message;
    expect(message).toContain('byte 39');
    await expect(
      through(new SqlWorkerStream(pools[0]!, options, { batchBytes: 1 }), [bad]),
    ).rejects.toMatchObject({ code: 'WPF_SQL_PARSE', message, kind: 'user' });
    // The pool stays usable.
    const ok = await through(new SqlWorkerStream(pools[0]!, {}), [Buffer.from(MINI_DUMP)]);
    expect(ok.toString()).toBe(MINI_DUMP);
  });

  it('fails a dump still streaming when its pool is closed, instead of hanging', async () => {
    const pool = tsSqlWorkerPool(1);
    const streaming = through(
      new SqlWorkerStream(pool, options, { batchBytes: 1 }),
      randomSplits(dump(41), 41, 20),
    );
    // The expectation is attached before the close, which rejects the stream at once.
    const failed = expect(streaming).rejects.toThrow('pool was closed');
    await pool.close();
    await failed;
  });

  it('shares the workers between dumps streaming at once', async () => {
    const inputs = [dump(31), dump(32), dump(33)];
    const want = await Promise.all(inputs.map((i) => through(new SqlStream(options), [i])));
    const got = await Promise.all(
      inputs.map((i, k) =>
        through(new SqlWorkerStream(pools[1]!, options, { batchBytes: 1 }), randomSplits(i, k, 10)),
      ),
    );
    got.forEach((g, k) => expect(g).toEqualBytes(want[k]!));
  });
});
