// Reads `SHOW GRANTS` output and tells whether a DB user may do what a migration needs on one database:
// load staging tables (CREATE, DROP, INSERT, ALTER, INDEX, LOCK TABLES) and swap them (ALTER, DROP, CREATE,
// INSERT for RENAME TABLE). Grant lines carry password hashes, so callers must not log the raw output.
import { escapeRegExp } from '@wpfleet/sql';

export const MIGRATION_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'ALTER',
  'INDEX',
  'LOCK TABLES',
] as const;

const ALL = new Set<string>([
  ...MIGRATION_PRIVILEGES,
  'REFERENCES',
  'CREATE TEMPORARY TABLES',
  'CREATE VIEW',
  'SHOW VIEW',
  'TRIGGER',
  'EVENT',
  'EXECUTE',
]);

interface GrantLine {
  privileges: string[];
  database: string;
}

function parseGrantLine(line: string): GrantLine | null {
  const match =
    /^GRANT\s+(.+?)\s+ON\s+(?:TABLE\s+)?(\*|`(?:[^`]|``)*`|[A-Za-z0-9_$]+)\.(\*|`(?:[^`]|``)*`|[A-Za-z0-9_$]+)\s+TO\s/i.exec(
      line.trim(),
    );
  if (!match) return null;
  const privileges = match[1]!
    .split(',')
    .map((p) =>
      p
        .trim()
        .toUpperCase()
        .replace(/\s*\(.*\)$/, ''),
    )
    .flatMap((p) => (p === 'ALL' || p === 'ALL PRIVILEGES' ? [...ALL] : [p]));
  const database = match[2]!.startsWith('`') ? match[2]!.slice(1, -1).replace(/``/g, '`') : match[2]!;
  if (match[3] !== '*') return null; // table-level grants never cover new staging tables
  return { privileges, database };
}

/** MySQL database-name patterns in grants: `%` and `_` are wildcards, `\_` and `\%` are literals. */
function databaseMatches(pattern: string, database: string): boolean {
  if (pattern === '*') return true;
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      regex += escapeRegExp(pattern[++i]!);
    } else if (c === '%') regex += '.*';
    else if (c === '_') regex += '.';
    else regex += escapeRegExp(c);
  }
  return new RegExp(`^${regex}$`).test(database);
}

export interface GrantCheck {
  database: string;
  granted: string[];
  missing: string[];
}

/**
 * Which of the `required` privileges (the migration's, plus TRIGGER or CREATE VIEW when the source has triggers or
 * views to load) the grants give on `database`, and which are missing.
 */
export function checkGrants(
  showGrantsOutput: string,
  database: string,
  required: readonly string[] = MIGRATION_PRIVILEGES,
): GrantCheck {
  const granted = new Set<string>();
  for (const line of showGrantsOutput.split('\n')) {
    const grant = parseGrantLine(line);
    if (grant && databaseMatches(grant.database, database)) for (const p of grant.privileges) granted.add(p);
  }
  const missing = required.filter((p) => !granted.has(p));
  return { database, granted: [...granted].filter((p) => required.includes(p)).sort(), missing };
}
