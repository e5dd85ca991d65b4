// The target database server's flavour and version, which decide the dump fixes (collations, sandbox line), and
// the constraint names its database already uses.
import type { TargetFacts } from '../sql/dump-fixes.js';
import type { WpCli } from '../wp-cli/wp-cli.js';

export async function targetDbFacts(wp: WpCli): Promise<TargetFacts> {
  const version = (await wp.dbQuery('SELECT VERSION()', { header: false })).rows[0]?.[0] ?? '';
  const flavour = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  const number = /^\d+(?:\.\d+)*/.exec(version)?.[0];
  return number ? { flavour, version: number } : { flavour };
}

/**
 * The foreign key and check constraint names tables of the target database already use, outside `exceptPrefix`
 * (the staging tables, which the db step drops before it loads): a staged table may not declare them again.
 */
export async function takenConstraintNames(wp: WpCli, exceptPrefix: string): Promise<string[]> {
  const rows = (
    await wp.dbQuery(
      "SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK')",
      { header: false },
    )
  ).rows;
  return rows.filter((r) => r[0] !== undefined && r[1] !== undefined && !r[0].startsWith(exceptPrefix)).map((r) => r[1]!);
}

/** The trigger names of the target database's tables outside `exceptPrefix` (the staging tables). */
export async function takenTriggerNames(wp: WpCli, exceptPrefix: string): Promise<string[]> {
  const rows = (
    await wp.dbQuery('SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()', { header: false })
  ).rows;
  return rows.filter((r) => r[0] !== undefined && r[1] !== undefined && !r[0].startsWith(exceptPrefix)).map((r) => r[1]!);
}
