// One rule for naming a table in a finding, whichever step reports it and whichever side it looked at: the
// table's source name, with its name on the target beside it when the table prefix changes (issue 13: the db step
// said `ac9_options` and verify `wp_options` for one table).
import type { JsonObject, StepFinding } from '@wpfleet/core';
import type { SqlFinding } from '@wpfleet/sql';

export interface TablePrefixes {
  source: string;
  target: string;
}

export interface TableInFinding {
  /** The source's name: what the finding's `table` holds. */
  table: string;
  /** The live name on the target, when it differs. */
  targetTable?: string;
}

/** The names of a table known by its `side`'s name (a stream's final name is the target's). */
export function tableInFinding(
  name: string,
  side: 'source' | 'target',
  prefixes: TablePrefixes,
): TableInFinding {
  const [from, to] =
    side === 'source' ? [prefixes.source, prefixes.target] : [prefixes.target, prefixes.source];
  const other = name.startsWith(from) ? to + name.slice(from.length) : name;
  const [source, target] = side === 'source' ? [name, other] : [other, name];
  return source === target ? { table: source } : { table: source, targetTable: target };
}

/** How a message names it: `wp_options`, or `wp_options (ac9_options on the target)`. */
export function tableLabel(names: TableInFinding): string {
  return names.targetTable === undefined
    ? names.table
    : `${names.table} (${names.targetTable} on the target)`;
}

/**
 * The finding fields: `where.table` (with the side looked at), and `details.targetTable` beside the other details
 * when the names differ.
 */
export function tableFields(
  names: TableInFinding,
  side: 'source' | 'target',
  details?: JsonObject,
): Pick<StepFinding, 'where' | 'details'> {
  const merged = names.targetTable === undefined ? details : { ...details, targetTable: names.targetTable };
  return { where: { side, table: names.table }, ...(merged ? { details: merged } : {}) };
}

/**
 * A message written with `written` (one side's name, maybe as `name.column`) renamed by the rule: each mention
 * becomes the source name, with the target's beside it when they differ.
 */
export function renameTableInMessage(message: string, written: string, names: TableInFinding): string {
  const escaped = written.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const mention = new RegExp(`(?<![\\w$])${escaped}(\\.[^\\s,;:()]*[^\\s,;:().])?(?![\\w$])`, 'g');
  return message.replace(mention, (_whole, column: string | undefined) => {
    const col = column ?? '';
    return names.targetTable === undefined
      ? `${names.table}${col}`
      : `${names.table}${col} (${names.targetTable}${col} on the target)`;
  });
}

/** The SqlStream's findings as the db step reports them: the stream names a table by its final (target) name. */
export function streamFindings(findings: readonly SqlFinding[], prefixes: TablePrefixes): StepFinding[] {
  return findings.map((f) => {
    const details = f.details as JsonObject | undefined;
    const base = { severity: f.severity, code: f.code };
    const table = f.where.table;
    if (table === undefined)
      return { ...base, message: f.message, where: { side: 'source' }, ...(details ? { details } : {}) };
    const names = tableInFinding(table, 'target', prefixes);
    return {
      ...base,
      message: renameTableInMessage(f.message, table, names),
      ...tableFields(names, 'source', details),
    };
  });
}
