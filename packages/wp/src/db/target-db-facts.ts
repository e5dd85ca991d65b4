// What the db step needs to know about the target database before it loads, in one query: the server's flavour and
// version, which decide the dump fixes (collations, sandbox line), and the constraint and trigger names its tables
// already use, which a staged table may not declare again (both are unique per database).
import type { TargetDbFacts } from '@wpfleet/sql';
import type { WpCli } from '../wp-cli/wp-cli.js';

export interface DbStepTargetFacts {
  server: TargetDbFacts;
  /** Foreign key and check constraint names of tables outside the staging prefix. */
  constraintNames: string[];
  /** Trigger names of tables outside the staging prefix. */
  triggerNames: string[];
}

const FACTS_SQL = [
  "SELECT 'version', '', VERSION()",
  "SELECT 'constraint', TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK')",
  "SELECT 'trigger', EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
].join(' UNION ALL ');

/** `stagingPrefix`: the staging tables' names are not taken (the db step drops those tables before it loads). */
export async function targetDbFacts(wp: WpCli, stagingPrefix: string): Promise<DbStepTargetFacts> {
  const rows = (await wp.dbQuery(FACTS_SQL, { header: false })).rows;
  const version = rows.find((r) => r[0] === 'version')?.[2] ?? '';
  const flavour = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  const number = /^\d+(?:\.\d+)*/.exec(version)?.[0];
  const names = (kind: string) =>
    rows
      .filter(
        (r) => r[0] === kind && r[1] !== undefined && r[2] !== undefined && !r[1].startsWith(stagingPrefix),
      )
      .map((r) => r[2]!);
  return {
    server: number ? { flavour, version: number } : { flavour },
    constraintNames: names('constraint'),
    triggerNames: names('trigger'),
  };
}
