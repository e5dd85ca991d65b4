// A table prefix change: the target's wp-config.php names another `$table_prefix` than the source's, so the db
// step renames every table and the prefix-bearing values WordPress stores. Shown before the run (plan, plan.json,
// `migrate --dry-run`), since it changes names an operator or a plugin may rely on.

export interface PrefixChange {
  from: string;
  to: string;
}

/** The change when both prefixes are known and differ; undefined otherwise. */
export function prefixChangeOf(
  source: string | undefined,
  target: string | undefined,
): PrefixChange | undefined {
  return source !== undefined && target !== undefined && source !== target
    ? { from: source, to: target }
    : undefined;
}

/** One line for people: which tables and which stored names follow the new prefix. */
export function describePrefixChange(change: PrefixChange, multisite = false): string {
  const { from, to } = change;
  const roles = multisite ? `${from}user_roles and ${from}N_user_roles` : `${from}user_roles`;
  return `tables ${from}* become ${to}*; ${roles} and the user meta keys ${from}capabilities, ${from}user_level (every key starting ${from}) follow as ${to}...`;
}
