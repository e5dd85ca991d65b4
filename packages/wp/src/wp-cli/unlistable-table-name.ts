// Whether a table name can stand in WP-CLI's comma-separated `--tables` / `--exclude_tables` list. WP-CLI splits
// the list on commas (and trims its items), so a source table named `wp_x,wp2_users` would name two other tables:
// one the site does not own would be dumped unrenamed and replace a live table of the target.
import { WpfleetError } from '@wpfleet/core';

/** Why `name` cannot stand in a comma list, or undefined when it can. */
export function unlistableTableName(name: string): string | undefined {
  if (name.includes(',')) return 'a comma';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return 'a control character';
  if (name.trim() !== name) return 'leading or trailing blanks';
  if (name === '') return 'no characters';
  return undefined;
}

/** Refuses the site when one of its own tables cannot stand in the export's table list; the message names it. */
export function assertListableTables(tables: readonly string[], where: { host: string; site: string }): void {
  for (const table of tables) {
    const why = unlistableTableName(table);
    if (why !== undefined) {
      throw new WpfleetError(
        'WPF_TABLE_NAME_UNLISTABLE',
        `the source table ${JSON.stringify(table)} of site ${where.site} has ${why} in its name, which WP-CLI's comma-separated table list would split or trim`,
        {
          kind: 'environment',
          where,
          hint: 'Rename or drop that table in the source database (it is not a name WordPress creates), then run `wpfleet resume`. Nothing was copied and the live tables of the target are unchanged.',
        },
      );
    }
  }
}
