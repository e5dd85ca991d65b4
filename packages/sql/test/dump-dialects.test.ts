// Dumps in the shapes real dumpers write (mysqldump 5.7/8.0/8.4 and their options, mariadb-dump 10.x/11.x,
// phpMyAdmin, WP Migrate DB, `wp db export`) through the SqlStream with a URL replacement, a rename into staging
// and target fixes: the output differs from the input only where a literal is replaced, a name renamed or a
// fix applies; every row is digested; the reader side digests the output to the same Digest; truncation fails
// with the byte offset. The dumps and their expected output are files in fixtures/dumps (dump-fixtures.ts).
import { Readable } from 'node:stream';
import { digestDump, SqlStream, type SqlStreamOptions, type TableDigestJson } from '@wpfleet/sql';
import { describe, expect, it } from 'vitest';
import { dumpFixtures } from './dump-fixtures.js';
import { through } from './through-stream.js';
import { prng, run, runChunks, splitAt } from './transform-helpers.js';

const OLD = 'https://old.example.com';
const NEW = 'https://www.new-site.example';

/** What differs between the input and the expected output of the inline dumps below. */
interface Side {
  /** Prefix of table names (source `wp_`, staging `wpfs_` in the output). */
  t: string;
  url: string;
}

const IN: Side = { t: 'wp_', url: OLD };
const OUT: Side = { t: 'wpfs_', url: NEW };

const OPTIONS: SqlStreamOptions = {
  pairs: [{ from: OLD, to: NEW }],
  prefix: { from: 'wp_', to: 'new_', staging: 'wpfs_' },
  fixes: { target: { flavour: 'mariadb', version: '10.11.6' } },
};

const CASES = dumpFixtures();

const variants: { name: string; wrap: (s: string) => Buffer }[] = [
  { name: 'LF', wrap: (s) => Buffer.from(s, 'utf8') },
  { name: 'CRLF', wrap: (s) => Buffer.from(s.replace(/\n/g, '\r\n'), 'utf8') },
  { name: 'BOM', wrap: (s) => Buffer.from(`\ufeff${s}`, 'utf8') },
];

const digestsOf = (d: Map<string, { toJSON(): TableDigestJson }>) =>
  Object.fromEntries([...d].map(([k, x]) => [k, x.toJSON()]));

/** The first line where two outputs differ (readable in a failure), or null. */
function firstDifference(got: Buffer, want: Buffer): { line: number; got: string; want: string } | null {
  const a = got.toString('utf8').split('\n');
  const b = want.toString('utf8').split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i]) return { line: i + 1, got: a[i] ?? '<end>', want: b[i] ?? '<end>' };
  return null;
}

const standardDigests = new Map<string, TableDigestJson>();

describe('dumps from other dumpers and options', () => {
  it('reads its cases from fixtures/dumps', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(12);
  });

  for (const c of CASES) {
    for (const variant of variants) {
      it(`${c.name} [${variant.name}]: changes only replaced values, renamed names and fixes, and digests every row`, async () => {
        const input = variant.wrap(c.input);
        const expected = variant.wrap(c.expected);
        // Nothing asked, nothing changed: the very bytes come out.
        expect(run(input).out).toEqualBytes(input);
        const random = prng(input.length);
        const cuts = Array.from({ length: 12 }, () => Math.floor(random() * input.length));
        const stream = new SqlStream(c.options);
        const out = await through(stream, splitAt(input, cuts));
        expect(firstDifference(out, expected)).toBeNull();
        expect(out).toEqualBytes(expected);
        const report = stream.report();
        expect(report.replacements.total).toBe(c.replacements);
        const sent = report.digests;
        // Digest keys are the tables' names as the server has them (UTF-8), as on the reader side.
        const rows = Object.entries(sent).map(([k, d]) => [k, d.rows]);
        expect(Object.fromEntries(rows)).toEqual(c.rows);
        // The reader side reads the staged output back to the same Digest.
        const read = await digestDump(Readable.from([out]), { digestPrefix: { from: 'wpfs_', to: 'new_' } });
        expect(digestsOf(read.digests)).toEqual(sent);
        if (c.standardOptions) {
          const d = sent.new_options!;
          const first = standardDigests.get('new_options');
          if (first === undefined) standardDigests.set('new_options', d);
          else expect(d).toEqual(first);
        }
      });
    }

    it(`${c.name}: a dump cut inside a string or before a statement's end fails with the byte offset`, () => {
      const input = Buffer.from(c.input, 'utf8');
      const insert = input.indexOf(/^(?:INSERT|REPLACE)/m.exec(c.input)![0]);
      const quote = input.indexOf("'", insert);
      expect(() => runChunks([input.subarray(0, quote + 2)], c.options)).toThrow(
        `SQL dump unreadable at byte ${quote}: unterminated string literal`,
      );
      const end = input.indexOf(';\n', quote);
      expect(() => runChunks([input.subarray(0, end)], c.options)).toThrow(
        new RegExp(`SQL dump unreadable at byte \\d+: statement has no terminating ';'`),
      );
    });
  }

  it('skips a byte order mark before a first INSERT wherever a chunk ends', () => {
    const sql = (v: Side) => `\ufeffINSERT INTO \`${v.t}posts\` VALUES (1,'${v.url}');\n`;
    const input = Buffer.from(sql(IN));
    const want = Buffer.from(sql(OUT));
    for (let at = 0; at <= 8; at++) {
      const { out, t } = runChunks(splitAt(input, [at]), OPTIONS);
      expect(out).toEqualBytes(want);
      expect(t.report().digests.new_posts?.rows).toBe(1);
    }
    // Only at the very start; later the same bytes stay part of their statement, unchanged.
    const later = Buffer.concat([Buffer.from('SELECT 1;\n'), input]);
    expect(run(later).out).toEqualBytes(later);
  });

  it('rewrites a row of several megabytes in one INSERT and digests it', async () => {
    const big = (v: Side) =>
      `CREATE TABLE \`${v.t}posts\` (\`ID\` int, \`post_content\` longtext);\nINSERT INTO \`${v.t}posts\` VALUES (1,'${`<p>see <a href=\\"${v.url}/page\\">it</a></p>\\n`.repeat(60_000)}'),(2,'x');\n`;
    const input = Buffer.from(big(IN));
    expect(input.length).toBeGreaterThan(3_000_000);
    const random = prng(7);
    const cuts = Array.from({ length: 40 }, () => Math.floor(random() * input.length));
    const stream = new SqlStream(OPTIONS);
    const out = await through(stream, splitAt(input, cuts));
    expect(out).toEqualBytes(Buffer.from(big(OUT)));
    expect(stream.report().replacements.total).toBe(60_000);
    const read = await digestDump(Readable.from([out]), { digestPrefix: { from: 'wpfs_', to: 'new_' } });
    expect(digestsOf(read.digests)).toEqual(stream.report().digests);
    expect(stream.report().digests.new_posts?.rows).toBe(2);
  });
});
