// Round trip through real MariaDB: a lab site exported with mariadb-dump, streamed through the SqlStream
// (URL change, prefix change into staging tables, target fixes), imported on another lab host, re-dumped, and
// digested again. A byte flipped on the target is named by table and primary key. The dump is wrapped in the
// replication statements MySQL 8's mysqldump writes, which MariaDB rejects unless the stream drops them.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readLabState, type LabDb, type LabState } from '@wpfleet/lab';
import { compareDigests, digestDump, SqlStream, type TableDigest } from '@wpfleet/sql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mariadb, mariadbClientArgs } from './lab-mariadb.js';

const STAGING = 'wpfsq_';
const GTID_HEAD =
  "SET @MYSQLDUMP_TEMP_LOG_BIN = @@SESSION.SQL_LOG_BIN;\nSET @@SESSION.SQL_LOG_BIN= 0;\nSET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5';\n";
const GTID_TAIL = 'SET @@SESSION.SQL_LOG_BIN = @MYSQLDUMP_TEMP_LOG_BIN;\n';

function dump(db: LabDb, tables: string[] = []) {
  return spawn(
    'mariadb-dump',
    [...mariadbClientArgs(db), '--single-transaction', '--order-by-primary', db.name, ...tables],
    {
      env: { ...process.env, MYSQL_PWD: db.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

async function stagingDigests(db: LabDb, expect: Map<string, TableDigest>, targetPrefix: string) {
  const tables = (await mariadb(db, `SHOW TABLES LIKE '${STAGING}%'`)).split('\n').filter(Boolean);
  const child = dump(db, tables);
  const [result] = await Promise.all([
    digestDump(child.stdout, { digestPrefix: { from: STAGING, to: targetPrefix }, expect }),
    once(child, 'close'),
  ]);
  return result;
}

async function dropStaging(db: LabDb): Promise<void> {
  const tables = (await mariadb(db, `SHOW TABLES LIKE '${STAGING}%'`)).split('\n').filter(Boolean);
  if (tables.length > 0) await mariadb(db, `DROP TABLE ${tables.map((t) => `\`${t}\``).join(', ')}`);
}

describe('SqlStream round trip through real MariaDB', () => {
  let lab: LabState;
  let source: LabDb;
  let target: LabDb;
  let targetPrefix: string;
  let stream: SqlStream;
  let imported = '';

  beforeAll(async () => {
    lab = readLabState(inject('wpfleetLabDir'));
    const site = lab.sites.find((s) => s.name === 'news') ?? lab.sites[0]!;
    const t = lab.targets.find((x) => x.site === site.name)!;
    source = site.db;
    target = t.db;
    targetPrefix = t.prefix;
    await dropStaging(target);
    const version = (await mariadb(target, 'SELECT VERSION()')).trim();
    stream = new SqlStream({
      pairs: [{ from: site.url, to: 'https://news.longer-name.example.org' }],
      prefix: { from: site.prefix, to: targetPrefix, staging: STAGING },
      fixes: {
        target: { flavour: /mariadb/i.test(version) ? 'mariadb' : 'mysql', version: version.split('-')[0]! },
      },
      keepRowHashes: true,
    });
    const exporter = dump(source);
    const importer = spawn('mariadb', [...mariadbClientArgs(target), target.name], {
      env: { ...process.env, MYSQL_PWD: target.password },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let importErr = '';
    importer.stderr.on('data', (d) => (importErr += d));
    stream.on('data', (d: Buffer) => {
      if (imported.length < 2_000_000) imported += d.toString('utf8');
    });
    const mysql8Shaped = Readable.from(
      (async function* () {
        yield Buffer.from(GTID_HEAD);
        yield* exporter.stdout;
        yield Buffer.from(GTID_TAIL);
      })(),
    );
    await Promise.all([pipeline(mysql8Shaped, stream, importer.stdin), once(exporter, 'close')]);
    const [code] = (await once(importer, 'close')) as [number];
    if (code !== 0) throw new Error(`import failed: ${importErr}`);
  }, 300_000);

  afterAll(async () => {
    if (target) await dropStaging(target);
  });

  it('loads the transformed dump into staging tables beside the live ones', async () => {
    const staged = (await mariadb(target, `SHOW TABLES LIKE '${STAGING}%'`)).split('\n').filter(Boolean);
    expect(staged).toContain(`${STAGING}posts`);
    expect(staged.length).toBe(stream.digests.size);
    expect(imported).not.toMatch(/INSERT INTO `wp_/);
  });

  it("imports although the dump carried MySQL 8's GTID_PURGED and SQL_LOG_BIN statements, and reports dropping them", () => {
    expect(imported).not.toMatch(/GTID_PURGED|SQL_LOG_BIN/);
    expect(
      stream.report().findings.find((f) => f.code === 'replication-statement-removed')?.details?.count,
    ).toBe(4);
  });

  it('writes the live target prefix into the roles option of the staging copy', async () => {
    expect(
      (
        await mariadb(
          target,
          `SELECT COUNT(*) FROM \`${STAGING}options\` WHERE option_name = '${targetPrefix}user_roles'`,
        )
      ).trim(),
    ).toBe('1');
  });

  it('re-dumping the staging tables gives the digests the stream computed, keyed by live table name', async () => {
    const read = await stagingDigests(target, stream.digests, targetPrefix);
    expect([...read.digests.keys()].sort()).toEqual([...stream.digests.keys()].sort());
    expect(compareDigests(stream.digests, read.digests, read.mismatches)).toEqual([]);
    expect(stream.report().replacements.total).toBeGreaterThan(0);
  });

  it('names the table and primary key of a row whose byte was flipped on the target', async () => {
    const ids = (await mariadb(target, `SELECT ID FROM \`${STAGING}posts\` ORDER BY ID`))
      .split('\n')
      .filter(Boolean);
    const victim = ids[Math.floor(ids.length / 2)]!;
    await mariadb(
      target,
      `UPDATE \`${STAGING}posts\` SET post_title = CONCAT('#', SUBSTRING(post_title, 2)) WHERE ID = ${victim}`,
    );
    const read = await stagingDigests(target, stream.digests, targetPrefix);
    const diff = compareDigests(stream.digests, read.digests, read.mismatches);
    expect(diff.map((d) => d.table)).toEqual([`${targetPrefix}posts`]);
    expect(diff[0]!.firstDifferingRow?.primaryKey).toEqual({ ID: victim });
    expect(diff[0]!.message).toContain(`ID=${victim}`);
  });
});
