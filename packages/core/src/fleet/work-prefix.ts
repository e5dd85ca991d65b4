// The staging and backup table prefixes: wpfleet creates, renames and drops tables under them, so they must never
// reach the live tables or each other's.
const TABLE_PREFIX = /^[A-Za-z0-9_]+$/;
/** WordPress's default live table prefix: a staging or backup prefix there would name the live tables. */
const WORDPRESS_DEFAULT_PREFIX = 'wp_';

/** Why a staging/backup prefix pair is unsafe, or undefined. Shared by the fleet file and loaded plans. */
export function workPrefixProblem(staging: unknown, backup: unknown): string | undefined {
  for (const [what, prefix] of [
    ['staging', staging],
    ['backup', backup],
  ] as const) {
    if (typeof prefix !== 'string' || !TABLE_PREFIX.test(prefix))
      return `the ${what} prefix is not letters, digits and \`_\``;
    if (prefix.startsWith(WORDPRESS_DEFAULT_PREFIX))
      return `the ${what} prefix starts with \`${WORDPRESS_DEFAULT_PREFIX}\`, WordPress's own table prefix`;
  }
  const [s, b] = [staging as string, backup as string];
  if (s.startsWith(b) || b.startsWith(s))
    return 'the staging and backup prefixes overlap: one starts with the other';
  return undefined;
}
