// The mysql client's own error text, from real MariaDB (whose client echoes the failed statement in batch mode): what withoutRowData must recognise to keep rows out of
// messages. Runs against the lab's first target database, in a scratch table it drops again.
import { execa } from 'execa';
import { readLabState, type LabDb } from '@wpfleet/lab';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withoutRowData } from '../../src/db/without-row-data.js';

const TABLE = 'wpfleet_rowdata_probe';

async function client(db: LabDb, sql: string): Promise<{ exitCode: number; stderr: string }> {
  const r = await execa(
    'mariadb',
    ['--no-defaults', '--protocol=TCP', '-h', db.host, '-P', String(db.port), '-u', db.user, db.name],
    { input: sql, env: { MYSQL_PWD: db.password }, reject: false },
  );
  return { exitCode: r.exitCode ?? -1, stderr: r.stderr };
}

describe('row data in real MariaDB import errors', () => {
  let db: LabDb;

  beforeAll(async () => {
    db = readLabState(inject('wpfleetLabDir')).targets[0]!.db;
    await client(
      db,
      `DROP TABLE IF EXISTS ${TABLE}; CREATE TABLE ${TABLE} (id INT PRIMARY KEY, email VARCHAR(100) UNIQUE);`,
    );
  });

  afterAll(async () => {
    await client(db, `DROP TABLE IF EXISTS ${TABLE};`);
  });

  const cases: Array<[string, string, string]> = [
    [
      'a duplicate key',
      `INSERT INTO ${TABLE} VALUES (1,'ceo@client-shop.example'),(2,'ceo@client-shop.example');`,
      'ceo@client-shop.example',
    ],
    [
      'a syntax error inside the rows',
      `INSERT INTO ${TABLE} VALUES (3,'$P$Bsecrethash'),(4,'x' 'y' ,);`,
      'secrethash',
    ],
    [
      'a value the column refuses (strict mode)',
      `SET SESSION sql_mode='STRICT_ALL_TABLES'; INSERT INTO ${TABLE} VALUES ('sk_live_token','z');`,
      'sk_live_token',
    ],
  ];

  it.each(cases)(
    '%s: the client quotes the row, and the message keeps only the error',
    async (_name, sql, secret) => {
      const { exitCode, stderr } = await client(db, `DELETE FROM ${TABLE};\n${sql}`);
      expect(exitCode).not.toBe(0);
      // The premise: the real client does quote the row data.
      expect(stderr).toContain(secret);
      const out = withoutRowData(stderr);
      expect(out).not.toContain(secret);
      expect(out).toMatch(/^ERROR \d+ \(\w+\) at line \d+: /m);
    },
  );
});
