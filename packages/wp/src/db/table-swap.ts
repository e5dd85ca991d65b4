// The Swap: one `RENAME TABLE` statement that makes the staging tables live and keeps the previous live tables
// under a backup prefix. MariaDB and MySQL apply a multi-table RENAME atomically, so visitors see either the old
// site or the new one. Only live tables with a staging counterpart move: another install sharing the database
// (a longer prefix such as `wp_shop_`) is never touched.
import { WpfleetError } from '@wpfleet/core';

export interface SwapPrefixes {
  live: string;
  staging: string;
  backup: string;
}

export interface SwapInput extends SwapPrefixes {
  /** Every table in the target database. */
  tables: string[];
  /** Table suffixes (name without prefix) the copy brought, e.g. `posts`, `2_options`. */
  copied: string[];
}

export interface SwapPlan {
  sql: string;
  /** Suffixes moved from live to backup (live tables that had a staging counterpart). */
  backedUp: string[];
  /** Suffixes that became live. */
  promoted: string[];
  /** Live tables the copy did not bring: left in place and reported. */
  untouched: string[];
}

const IDENTIFIER = /^[A-Za-z0-9_$]+$/;

export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * SQL that drops these tables, and these views: `DROP TABLE IF EXISTS` passes over a view (a note, not an error), so a
 * staged view would outlive its tables without the second statement, which then finds only the views left.
 */
export function dropTablesSql(names: readonly string[]): string {
  const list = names.map(quoteIdentifier).join(', ');
  return `DROP TABLE IF EXISTS ${list}; DROP VIEW IF EXISTS ${list}`;
}

/**
 * Each prefix a plain identifier and none starting with another (which also rules out two equal ones), so the
 * staging and backup names can never cover a live table. `where` names the site and step for the message.
 */
export function assertPrefixes(
  prefixes: SwapPrefixes,
  where?: { host?: string; site?: string; step?: string },
): void {
  const entries: [keyof SwapPrefixes, string][] = [
    ['live', prefixes.live],
    ['staging', prefixes.staging],
    ['backup', prefixes.backup],
  ];
  for (const [role, prefix] of entries) {
    if (!IDENTIFIER.test(prefix)) {
      throw new WpfleetError(
        'WPF_BAD_PREFIX',
        `${role} table prefix ${JSON.stringify(prefix)} is not a plain identifier`,
        {
          kind: 'user',
          ...(where ? { where } : {}),
          hint: 'Table prefixes may only contain letters, digits, `_` and `$`.',
        },
      );
    }
  }
  for (const [a, pa] of entries) {
    for (const [b, pb] of entries) {
      if (a !== b && pb.startsWith(pa)) {
        throw new WpfleetError(
          'WPF_PREFIX_CLASH',
          `the ${b} prefix ${JSON.stringify(pb)} starts with the ${a} prefix ${JSON.stringify(pa)}`,
          {
            kind: 'user',
            ...(where ? { where } : {}),
            hint: 'Choose staging and backup prefixes that do not start with the live prefix (and vice versa), so that WordPress never mistakes staging tables for its own (defaults: `wpfs_` and `wpfb_`).',
          },
        );
      }
    }
  }
}

function suffixesWith(prefix: string, tables: string[]): Set<string> {
  return new Set(tables.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length)));
}

export function planSwap(input: SwapInput): SwapPlan {
  assertPrefixes(input);
  const live = suffixesWith(input.live, input.tables);
  const staging = suffixesWith(input.staging, input.tables);
  const backup = suffixesWith(input.backup, input.tables);
  const copied = [...new Set(input.copied)].sort();
  const missing = copied.filter((s) => !staging.has(s));
  if (missing.length) {
    throw new WpfleetError(
      'WPF_SWAP_INCOMPLETE',
      `staging tables are missing: ${missing.map((s) => input.staging + s).join(', ')}`,
      {
        kind: 'environment',
        hint: 'The copy did not finish; run `wpfleet resume` to copy again. The live tables were not changed.',
      },
    );
  }
  const occupied = copied.filter((s) => live.has(s) && backup.has(s));
  if (occupied.length) {
    throw new WpfleetError(
      'WPF_SWAP_BACKUP_EXISTS',
      `backup tables from an earlier swap are in the way: ${occupied.map((s) => input.backup + s).join(', ')}`,
      {
        kind: 'policy',
        hint: 'They are the rollback point of an earlier migration. Drop them once you no longer need that rollback (`wpfleet undo` restores them instead). Nothing was changed.',
      },
    );
  }
  const renames: string[] = [];
  const backedUp: string[] = [];
  for (const suffix of copied) {
    if (live.has(suffix)) {
      renames.push(`${quoteIdentifier(input.live + suffix)} TO ${quoteIdentifier(input.backup + suffix)}`);
      backedUp.push(suffix);
    }
    renames.push(`${quoteIdentifier(input.staging + suffix)} TO ${quoteIdentifier(input.live + suffix)}`);
  }
  const untouched = [...live].filter((s) => !copied.includes(s)).sort();
  return { sql: `RENAME TABLE ${renames.join(', ')};`, backedUp, promoted: copied, untouched };
}

export interface UndoInput extends SwapPrefixes {
  tables: string[];
  /** What the swap promoted and backed up (from the Journal). */
  promoted: string[];
  backedUp: string[];
}

/** Reverses a swap in one statement: the migrated tables go back under the staging prefix, the backup goes live. */
export function planUndo(input: UndoInput): { sql: string } {
  assertPrefixes(input);
  const present = new Set(input.tables);
  const renames: string[] = [];
  for (const suffix of input.promoted) {
    if (!present.has(input.live + suffix)) {
      throw new WpfleetError(
        'WPF_UNDO_MISSING',
        `live table ${input.live + suffix} is missing, so the swap cannot be undone safely`,
        {
          kind: 'environment',
          hint: 'Inspect the target database by hand; nothing was changed.',
        },
      );
    }
    if (present.has(input.staging + suffix)) {
      throw new WpfleetError(
        'WPF_UNDO_MISSING',
        `staging table ${input.staging + suffix} already exists, so undo would overwrite it`,
        {
          kind: 'environment',
          hint: 'Drop the leftover staging table first; nothing was changed.',
        },
      );
    }
    renames.push(`${quoteIdentifier(input.live + suffix)} TO ${quoteIdentifier(input.staging + suffix)}`);
  }
  for (const suffix of input.backedUp) {
    if (!present.has(input.backup + suffix)) {
      throw new WpfleetError(
        'WPF_UNDO_MISSING',
        `backup table ${input.backup + suffix} is missing, so the old site cannot be restored`,
        {
          kind: 'environment',
          hint: 'Inspect the target database by hand; nothing was changed.',
        },
      );
    }
    renames.push(`${quoteIdentifier(input.backup + suffix)} TO ${quoteIdentifier(input.live + suffix)}`);
  }
  return { sql: `RENAME TABLE ${renames.join(', ')};` };
}

/** Where a swap stands, read from the table list, so a resumed run can check the effect before acting. */
export function swapState(
  prefixes: SwapPrefixes,
  tables: string[],
  copied: string[],
): 'pending' | 'done' | 'mixed' {
  const present = new Set(tables);
  const stagingLeft = copied.filter((s) => present.has(prefixes.staging + s)).length;
  const liveThere = copied.filter((s) => present.has(prefixes.live + s)).length;
  if (stagingLeft === copied.length) return 'pending';
  if (stagingLeft === 0 && liveThere === copied.length) return 'done';
  return 'mixed';
}
