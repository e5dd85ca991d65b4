// Whether a table name can stand in WP-CLI's comma-separated `--tables` / `--exclude_tables` list. WP-CLI splits
// the list on commas (and trims its items), so a source table named `wp_x,wp2_users` would name two other tables:
// one the site does not own would be dumped unrenamed and replace a live table of the target.

/** Why `name` cannot stand in a comma list, or undefined when it can. */
export function unlistableTableName(name: string): string | undefined {
  if (name.includes(',')) return 'a comma';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return 'a control character';
  if (name.trim() !== name) return 'leading or trailing blanks';
  if (name === '') return 'no characters';
  return undefined;
}
