// Tables and columns named in UTF-8 (legal in MySQL: `wp_ünïcode`, `wp_表`) travel through the SqlStream byte for
// byte, and everything that names them (report, digests, findings, row locations, the user's --skip-columns,
// --include-tables and --skip-tables) uses the names the database has, not their bytes read one char per byte.
import { Readable } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import { afterAll, describe, expect, it } from 'vitest';
import { compareDigests, digestDump, SqlStream, upgradeDigestKeys } from '../src/sql-stream.js';
import type { SqlStreamOptions } from '../src/sql-transformer.js';
import { SqlWorkerStream } from '../src/sql-worker-pool.js';
import { through } from './through-stream.js';
import { run, runChunks, splitAt } from './transform-helpers.js';
import { tsSqlWorkerPool } from './ts-sql-worker.js';

const OLD = 'https://old.example.com';
const NEW = 'https://www.new.example.org';

/** The dump as the source wrote it (`wp_`, OLD) or as it must leave the stream (`wpfs_`, NEW where replaced). */
const dump = (t: string, url: string) => `--
-- Table structure for table \`${t}ünïcode\`
--

DROP TABLE IF EXISTS \`${t}ünïcode\`;
CREATE TABLE \`${t}ünïcode\` (
  \`id\` int NOT NULL,
  \`ürl\` text,
  \`κλειδί\` varchar(40),
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
LOCK TABLES \`${t}ünïcode\` WRITE;
INSERT INTO \`${t}ünïcode\` VALUES (1,'${url}/a','${OLD}/kept'),(2,'${url}/b','ключ');
UNLOCK TABLES;
CREATE TABLE \`${t}表\` (
  \`编号\` int NOT NULL,
  \`内容\` text,
  \`链接\` text,
  PRIMARY KEY (\`编号\`)
);
INSERT INTO \`${t}表\` (\`编号\`, \`内容\`, \`链接\`) VALUES (1,'${OLD}/skipped','${url}/c');
INSERT INTO \`${t}表\` (\`编号\`, \`内容\`, \`链接\`) VALUES (2,'x','a:1:{s:3:\\"url\\";s:99:\\"${OLD}/broken\\";}');
CREATE TABLE ${t}città (
  nr int NOT NULL,
  località text,
  PRIMARY KEY (nr)
);
INSERT INTO ${t}città VALUES (1,'${url}/d');
`;

const INPUT = Buffer.from(dump('wp_', OLD));
const OUTPUT = Buffer.from(dump('wpfs_', NEW));

const OPTIONS: SqlStreamOptions = {
  pairs: [{ from: OLD, to: NEW }],
  prefix: { from: 'wp_', to: 'new_', staging: 'wpfs_' },
  // Given in UTF-8, as a user types them: one by table and column, one column of any table.
  skipColumns: ['wp_表.内容', 'κλειδί'],
  keepRowHashes: true,
};

describe('UTF-8 table and column names', () => {
  it('come out as the very bytes that went in, renamed only in their prefix, wherever a chunk ends', () => {
    expect(run(INPUT).out).toEqualBytes(INPUT);
    for (let at = 0; at <= INPUT.length; at++) {
      expect(runChunks(splitAt(INPUT, [at]), OPTIONS).out).toEqualBytes(OUTPUT);
    }
  });

  it('are reported, digested and matched against --skip-columns by the names the database has', () => {
    const report = run(INPUT, OPTIONS).t.report();
    expect(report.replacements.tables).toEqual({
      new_ünïcode: { ürl: 2 },
      new_表: { 链接: 1 },
      new_città: { località: 1 },
    });
    expect(Object.keys(report.digests)).toEqual(['new_ünïcode', 'new_表', 'new_città']);
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'serialized-unparseable',
        where: { table: 'new_表' },
        details: expect.objectContaining({ column: '链接' }),
      }),
    ]);
    expect(report.findings[0]!.message).toContain('new_表.链接');
  });

  it('select the tables --include-tables and --skip-tables name in UTF-8', () => {
    const only = run(INPUT, { pairs: OPTIONS.pairs, includeTables: ['wp_ünïcode'] }).t.report();
    expect(only.replacements.tables).toEqual({ wp_ünïcode: { ürl: 2, κλειδί: 1 } });
    const skipped = run(INPUT, { pairs: OPTIONS.pairs, skipTables: ['wp_ünïcode', 'wp_città'] }).t.report();
    expect(Object.keys(skipped.replacements.tables)).toEqual(['wp_表']);
  });

  describe('on worker threads', () => {
    const pool = tsSqlWorkerPool(1);
    afterAll(() => pool.close());

    it('give the same bytes, report and digests as in-process', async () => {
      const local = new SqlStream(OPTIONS);
      const want = await through(local, [INPUT]);
      expect(want).toEqualBytes(OUTPUT);
      for (const batchBytes of [1, 1 << 18]) {
        const remote = new SqlWorkerStream(pool, OPTIONS, { batchBytes });
        const got = await through(remote, splitAt(INPUT, [100, 400, 700]));
        expect(got).toEqualBytes(OUTPUT);
        expect(remote.report()).toEqual(local.report());
      }
    });
  });

  it('digest to the same keys on the reader side, and a damaged row is named by its UTF-8 key', async () => {
    const stream = new SqlStream(OPTIONS);
    const loaded = await through(stream, [INPUT]);
    // The target's re-dump groups rows its own way: one INSERT per row here.
    const redump = loaded.toString('utf8').replace(/\),\(/g, ');\nINSERT INTO `wpfs_ünïcode` VALUES (');
    expect(redump).not.toBe(loaded.toString('utf8'));
    const read = await digestDump(Readable.from([redump]), {
      digestPrefix: { from: 'wpfs_', to: 'new_' },
      expect: stream.digests,
    });
    expect([...read.digests.keys()]).toEqual(['new_ünïcode', 'new_表', 'new_città']);
    expect(compareDigests(stream.digests, read.digests, read.mismatches)).toEqual([]);

    const damaged = redump.replace(`'${NEW}/c'`, `'${NEW}/C'`);
    const bad = await digestDump(Readable.from([damaged]), {
      digestPrefix: { from: 'wpfs_', to: 'new_' },
      expect: stream.digests,
    });
    const [diff, ...rest] = compareDigests(stream.digests, bad.digests, bad.mismatches);
    expect(rest).toEqual([]);
    expect(diff).toMatchObject({
      table: 'new_表',
      problem: 'rows-differ',
      firstDifferingRow: { index: 0, primaryKey: { 编号: '1' } },
    });
    expect(diff!.message).toBe(
      'table new_表 differs: 2 rows sent, 2 rows on the target; first differing row: #1 (编号=1)',
    );
  });

  it('keeps the bytes of a name that is not UTF-8 (a dump in a single-byte character set)', () => {
    // `wp_café` in latin1: byte 0xE9 alone is no UTF-8.
    const latin1 = (t: string) =>
      Buffer.from(
        `CREATE TABLE \`${t}caf\xe9\` (\`id\` int);\nINSERT INTO \`${t}caf\xe9\` VALUES (1);\n`,
        'latin1',
      );
    const { out, t } = run(latin1('wp_'), OPTIONS);
    expect(out).toEqualBytes(latin1('wpfs_'));
    expect(Object.keys(t.report().digests)).toEqual(['new_caf\xe9']);
  });
});

describe('dump fixes on UTF-8 names', () => {
  it('leave out a constraint name and rename a trigger the target uses, given as the database reports them', () => {
    const sql = (trigger: string) =>
      'CREATE TABLE `wp_bestellung` (\n  `id` int NOT NULL,\n  `kunde` int,\n' +
      '  CONSTRAINT `fk_kündé` FOREIGN KEY (`kunde`) REFERENCES `wp_kunde` (`id`)\n);\n' +
      `/*!50003 CREATE*/ /*!50003 TRIGGER \`${trigger}\` BEFORE INSERT ON \`wp_bestellung\` FOR EACH ROW SET NEW.kunde = 1 */;\n`;
    const long = `trg_${'ü'.repeat(60)}`;
    const { out, t } = run(sql(long), {
      fixes: { takenConstraintNames: ['FK_KÜNDÉ'], takenTriggerNames: [long], renamedTriggerPrefix: 'wpfs_' },
    });
    const text = out.toString('utf8');
    expect(isUtf8(out)).toBe(true);
    expect(text).not.toContain('fk_kündé');
    expect(text).toContain('  FOREIGN KEY (`kunde`)');
    // 64 characters, MySQL's limit, not 64 bytes: the name is cut between characters.
    const renamed = `wpfs_trg_${'ü'.repeat(55)}`;
    expect(text).toContain(`TRIGGER \`${renamed}\` BEFORE`);
    const findings = t.report().findings;
    expect(findings.find((f) => f.code === 'constraint-name-generated')?.message).toContain(
      'constraint fk_kündé',
    );
    expect(findings.find((f) => f.code === 'trigger-renamed')?.details).toMatchObject({
      from: long,
      to: renamed,
    });
  });
});

describe('digests journalled before names were read as UTF-8', () => {
  it('meet the target table they name once their bytes are read as UTF-8', () => {
    const old = (name: string) => Buffer.from(name, 'utf8').toString('latin1');
    const d = { rows: 1, digest: '00' };
    const target = new Map([
      ['new_ünïcode', d],
      ['new_表', d],
      ['new_posts', d],
    ]);
    const journalled = new Map([
      [old('new_ünïcode'), d],
      [old('new_表'), d],
      ['new_posts', d],
      [old('new_gone_ü'), d],
    ]);
    expect(old('new_ünïcode')).toBe('new_Ã¼nÃ¯code');
    const upgraded = upgradeDigestKeys(journalled, target);
    expect([...upgraded.keys()]).toEqual(['new_ünïcode', 'new_表', 'new_posts', old('new_gone_ü')]);
    expect(compareDigests(upgraded, target).map((x) => [x.table, x.problem])).toEqual([
      [old('new_gone_ü'), 'missing-on-target'],
    ]);
    // Today's keys are left alone.
    expect(upgradeDigestKeys(target, target)).toBe(target);
  });
});
