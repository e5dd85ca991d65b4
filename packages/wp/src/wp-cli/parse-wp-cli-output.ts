// Parsers for the WP-CLI outputs wpfleet reads, shaped by the records of a real WP-CLI 2.12.0
// (/work/shared/wp-cli). Each validates with zod, so a surprising output fails loudly instead of silently.
import { z } from 'zod';

/** JSON output of a `--format=json` command, validated. */
export function parseJsonOutput<T extends z.ZodType>(stdout: string, schema: T): z.infer<T> {
  return schema.parse(JSON.parse(stdout.trim())) as z.infer<T>;
}

/** A single line answer (`core version`, `db prefix`, `option get`): the value without its trailing newline. */
export function parseLine(stdout: string): string {
  return stdout.replace(/\r?\n$/, '');
}

/** `--format=count` and `--size_format=b`: an integer, with or without a trailing newline. */
export function parseCount(stdout: string): number {
  const text = stdout.trim();
  if (!/^\d+$/.test(text)) throw new Error(`expected a number, got ${JSON.stringify(text.slice(0, 80))}`);
  return Number(text);
}

/** `db tables --format=csv`: one line of comma-separated names (table names cannot contain commas here). */
export function parseCsvLine(stdout: string): string[] {
  const line = stdout.trim();
  return line === '' ? [] : line.split(',');
}

/** `db size` sizes are strings like `"49152 B"` (with --size_format unset they use bytes and a unit). */
export function parseSizeBytes(size: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?$/i.exec(size.trim());
  if (!m) throw new Error(`unrecognised size: ${size}`);
  const factor = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 }[
    (m[2] ?? 'B').toUpperCase() as 'B'
  ];
  return Math.round(Number(m[1]) * factor);
}

export interface TsvTable {
  /** Empty when the query ran with `--skip-column-names`. */
  columns: string[];
  rows: string[][];
}

/** The mysql client's batch escapes (\\t, \\n, \\\\, \\0) undone; NULL stays the text `NULL`, as the client prints it. */
function unescapeTsvField(field: string): string {
  return field.replace(/\\([tn0\\])/g, (_m, c: string) => ({ t: '\t', n: '\n', '0': '\0', '\\': '\\' })[c]!);
}

/** `db query` output: tab-separated, a header row unless `--skip-column-names`, a trailing blank line. */
export function parseTsv(stdout: string, options: { header: boolean }): TsvTable {
  const lines = stdout.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const rows = lines.map((line) => line.split('\t').map(unescapeTsvField));
  if (!options.header) return { columns: [], rows };
  const [columns = [], ...rest] = rows;
  return { columns, rows: rest };
}

export const pluginSchema = z.object({
  name: z.string(),
  status: z.string(),
  version: z.string(),
  update_version: z.string().optional(),
  file: z.string().optional(),
  update: z.string().optional(),
  auto_update: z.string().optional(),
});
export type WpPlugin = z.infer<typeof pluginSchema>;

export const themeSchema = z.object({
  name: z.string(),
  status: z.string(),
  version: z.string(),
  update: z.string().optional(),
  update_version: z.string().optional(),
  auto_update: z.string().optional(),
});
export type WpTheme = z.infer<typeof themeSchema>;

export const userSchema = z.object({
  ID: z.coerce.number().int(),
  user_login: z.string(),
  user_email: z.string(),
  roles: z.string(),
});
export type WpUser = z.infer<typeof userSchema>;

export const termSchema = z.object({
  term_id: z.coerce.number().int(),
  term_taxonomy_id: z.coerce.number().int(),
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  parent: z.coerce.number().int(),
  count: z.coerce.number().int(),
});
export type WpTerm = z.infer<typeof termSchema>;

export const cronEventSchema = z.object({
  hook: z.string(),
  next_run_gmt: z.string(),
  next_run_relative: z.string().optional(),
  recurrence: z.string(),
});
export type WpCronEvent = z.infer<typeof cronEventSchema>;

/** `site list --format=json` (multisite). WP-CLI prints ids as strings; they are coerced. */
export const siteSchema = z.object({
  blog_id: z.coerce.number().int(),
  url: z.string(),
  last_updated: z.string().optional(),
  registered: z.string().optional(),
});
export type WpSite = z.infer<typeof siteSchema>;

export const dbSizeSchema = z.array(z.object({ Name: z.string(), Size: z.string() }));

export const configEntrySchema = z.object({ name: z.string(), value: z.unknown(), type: z.string() });
