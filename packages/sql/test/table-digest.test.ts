import { Readable } from 'node:stream';
import { compareDigests, digestDump, SqlStream } from '@wpfleet/sql';
import { describe, expect, it } from 'vitest';
import { run } from './transform-helpers.js';

const CREATE =
  'CREATE TABLE `wp_posts` (\n  `ID` bigint NOT NULL,\n  `post_title` text,\n  `post_content` longtext,\n  PRIMARY KEY (`ID`)\n);\n';
const digestsOf = (sql: string, opts = {}) => run(sql, opts).t.report().digests;

describe('Digest', () => {
  it('does not depend on how rows are grouped into INSERT statements', () => {
    const one = `${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'a','x'),(2,'b','y'),(3,'c',NULL);\n`;
    const three = `${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'a','x');\nINSERT INTO \`wp_posts\` VALUES (2,'b','y'),(3,'c',NULL);\n`;
    expect(digestsOf(one)).toEqual(digestsOf(three));
    expect(digestsOf(one).wp_posts?.rows).toBe(3);
  });

  it('does not depend on row order', () => {
    const a = `${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'a','x'),(2,'b','y');\n`;
    const b = `${CREATE}INSERT INTO \`wp_posts\` VALUES (2,'b','y'),(1,'a','x');\n`;
    expect(digestsOf(a)).toEqual(digestsOf(b));
  });

  it("does not depend on how a dumper escaped a string (\\' versus '')", () => {
    const a = `${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'it\\'s','a\\nb');\n`;
    const b = `${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'it''s','a\nb');\n`;
    expect(digestsOf(a)).toEqual(digestsOf(b));
  });

  it('gives the same digest for a blob dumped as hex (--hex-blob) and as _binary string', () => {
    const a = `${CREATE}INSERT INTO \`wp_posts\` VALUES (1,0x41420A,NULL);\n`;
    const b = `${CREATE}INSERT INTO \`wp_posts\` VALUES (1,_binary 'AB\\n',NULL);\n`;
    expect(digestsOf(a)).toEqual(digestsOf(b));
  });

  it("reads X'..' hex literals and b'..' bit literals in rows", () => {
    const a = `${CREATE}INSERT INTO \`wp_posts\` VALUES (1,X'41420A',b'0101');\n`;
    const b = `${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'AB\\n',b'0101');\n`;
    expect(digestsOf(a)).toEqual(digestsOf(b));
    expect(run(a).out.toString()).toBe(a);
  });

  it('tells NULL from the string NULL and from an empty string', () => {
    const d = (v: string) =>
      digestsOf(`${CREATE}INSERT INTO \`wp_posts\` VALUES (1,${v},'x');\n`).wp_posts?.digest;
    expect(new Set([d('NULL'), d("'NULL'"), d("''")]).size).toBe(3);
  });

  it('tells apart values that only differ in where the column boundary falls', () => {
    const a = digestsOf(`${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'ab','c');\n`);
    const b = digestsOf(`${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'a','bc');\n`);
    expect(a.wp_posts?.digest).not.toBe(b.wp_posts?.digest);
  });

  it('is computed over the rows as they leave the stream (after replacement)', () => {
    const sent = digestsOf(`${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'https://old.example.com','x');\n`, {
      pairs: [{ from: 'https://old.example.com', to: 'https://new.example.org' }],
    });
    const arrived = digestsOf(
      `${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'https://new.example.org','x');\n`,
    );
    expect(sent).toEqual(arrived);
  });

  it('names the table and the primary key of the first differing row when a byte flips on the target', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `(${i + 1},'title ${i}','content ${i}')`);
    const source = `${CREATE}INSERT INTO \`wp_posts\` VALUES ${rows.join(',')};\n`;
    const stream = new SqlStream({
      prefix: { from: 'wp_', to: 'wp_', staging: 'wpfs_' },
      keepRowHashes: true,
    });
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve).on('error', reject);
      stream.end(Buffer.from(source));
    });
    const loaded = Buffer.concat(chunks).toString();
    expect(loaded).toContain('INSERT INTO `wpfs_posts`');
    const intact = await digestDump(Readable.from([loaded]), {
      digestPrefix: { from: 'wpfs_', to: 'wp_' },
      expect: stream.digests,
    });
    expect(compareDigests(stream.digests, intact.digests, intact.mismatches)).toEqual([]);

    const damaged = loaded.replace("'content 36'", "'content 3X'");
    const read = await digestDump(Readable.from([damaged]), {
      digestPrefix: { from: 'wpfs_', to: 'wp_' },
      expect: stream.digests,
    });
    const diff = compareDigests(stream.digests, read.digests, read.mismatches);
    expect(diff).toHaveLength(1);
    expect(diff[0]).toMatchObject({
      table: 'wp_posts',
      problem: 'rows-differ',
      firstDifferingRow: { index: 36, primaryKey: { ID: '37' } },
    });
    expect(diff[0]!.message).toContain('ID=37');
  });

  it('reports tables missing on the target and tables only the target has', () => {
    const s = new Map([['wp_a', { rows: 1, digest: '00' }]]);
    const t = new Map([['wp_b', { rows: 2, digest: '11' }]]);
    expect(compareDigests(s, t).map((d) => [d.table, d.problem])).toEqual([
      ['wp_a', 'missing-on-target'],
      ['wp_b', 'extra-on-target'],
    ]);
  });

  it('reports a missing row as a row-count difference', () => {
    const a = run(`${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'a','x'),(2,'b','y');\n`).t.digests;
    const b = run(`${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'a','x');\n`).t.digests;
    const [d] = compareDigests(a, b);
    expect(d).toMatchObject({ sourceRows: 2, targetRows: 1, problem: 'rows-differ' });
  });

  it('keys digests by the final table name when the prefix changes', () => {
    expect(
      Object.keys(
        digestsOf(`${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'a','x');\n`, {
          prefix: { from: 'wp_', to: 'new_' },
        }),
      ),
    ).toEqual(['new_posts']);
  });
});

describe('Digest comparison without row hashes', () => {
  it('compares digests but names no row when the sender kept no row hashes', async () => {
    const sent = run(`${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'a','x'),(2,'b','y');\n`).t.digests;
    const read = await digestDump(
      Readable.from([`${CREATE}INSERT INTO \`wp_posts\` VALUES (1,'a','x'),(2,'b','Y');\n`]),
      { expect: sent },
    );
    const [d] = compareDigests(sent, read.digests, read.mismatches);
    expect(d).toMatchObject({ table: 'wp_posts', problem: 'rows-differ', sourceRows: 2, targetRows: 2 });
    expect(d!.firstDifferingRow).toBeUndefined();
  });
});
