// How the sql package's lab tests reach a lab database: the MariaDB client over TCP with the database's own
// credentials (password through the environment, never argv).
import { execa } from 'execa';
import type { LabDb } from '@wpfleet/lab';

/** The client options that connect to `db`, for `mariadb` and `mariadb-dump` alike; MYSQL_PWD carries the password. */
export function mariadbClientArgs(db: LabDb): string[] {
  return [
    '--no-defaults',
    '--default-character-set=utf8mb4',
    '--protocol=TCP',
    '-h',
    db.host,
    '-P',
    String(db.port),
    '-u',
    db.user,
  ];
}

/** Runs `input` against `db` and returns its output, tab-separated without column names; rejects on failure. */
export async function mariadb(db: LabDb, input: string | Buffer): Promise<string> {
  const r = await execa('mariadb', [...mariadbClientArgs(db), '-N', '-B', '--raw', db.name], {
    input,
    env: { MYSQL_PWD: db.password },
  });
  return r.stdout;
}
