// Which tables under a site's prefix are the site's own. SHOW TABLES LIKE 'wp\_%' (what `wp db tables
// --all-tables-with-prefix` runs) also matches every table of another WordPress sharing the database under a
// longer prefix that starts with this one (`wp_shop_` beside `wp_`), as on shared hosting with several installs in
// one database. Copying those would put another client's data into this site's staging tables.

const INSTALL_TABLES = ['options', 'posts', 'users'] as const;

export interface OwnTables {
  own: string[];
  /** Longer prefixes that hold another install (its options, posts and users tables), and their tables. */
  others: { prefix: string; tables: string[] }[];
}

/**
 * Splits `tables` (all starting with `prefix`) into the site's own and those of other installs nested under a
 * longer prefix. A multisite's blog tables (`wp_2_options`, `wp_2_posts`) have no users table of their own, so they
 * stay the site's.
 */
export function ownTables(tables: readonly string[], prefix: string): OwnTables {
  const present = new Set(tables);
  const nested = tables
    .filter((t) => t.endsWith('options') && t.length > prefix.length + 'options'.length)
    .map((t) => t.slice(0, -'options'.length))
    .filter((p) => p.startsWith(prefix) && INSTALL_TABLES.every((name) => present.has(p + name)))
    .sort((a, b) => a.length - b.length)
    // An install nested inside another nested one is already covered by the shorter prefix.
    .filter((p, i, all) => !all.slice(0, i).some((shorter) => p.startsWith(shorter)));
  const others = nested.map((p) => ({ prefix: p, tables: tables.filter((t) => t.startsWith(p)) }));
  const excluded = new Set(others.flatMap((o) => o.tables));
  return { own: tables.filter((t) => !excluded.has(t)), others };
}
