// Parsers for the WP-CLI outputs wpfleet reads, shaped by the records of a real WP-CLI 2.12.0
// (/work/shared/wp-cli). Each validates with zod, so a surprising output fails loudly instead of silently.
//
// Real WP-CLI shares stdout with the site: a plugin that echoes while loading, blank lines after a closing `?>`,
// a byte-order mark in a plugin file, or PHP notices from wp-config.php (evaluated before WP-CLI sends PHP's
// messages to stderr, so they land on stdout where php.ini has display_errors on) all come before the answer.
// The parsers therefore look for the answer at the end of stdout instead of taking stdout whole.
import { z } from 'zod';

const PHP_LEVEL =
  '(?:Fatal error|Recoverable fatal error|Parse error|Warning|Notice|Deprecated|Strict Standards)';
/** As display_errors prints it: `Warning: Constant WP_DEBUG already defined in /srv/www/wp-config.php on line 91`. */
const PHP_DISPLAYED = new RegExp(`^${PHP_LEVEL}: .* on line \\d+\r?$`);
/** As log_errors prints it to stderr (php-cli with no error_log): `PHP Warning:  Undefined variable $x in ...`. */
const PHP_LOGGED = new RegExp(`^PHP ${PHP_LEVEL}:  `);

/** Whether a line is PHP's own message (a notice, a deprecation, a fatal error), not WP-CLI's. */
export function isPhpDiagnostic(line: string): boolean {
  return PHP_DISPLAYED.test(line) || PHP_LOGGED.test(line);
}

/** stdout's lines without byte-order marks (a BOM in a plugin or theme file is echoed before anything else). */
function stdoutLines(stdout: string): string[] {
  return stdout.replace(/\uFEFF/g, '').split(/\r?\n/);
}

/** The last non-blank line of stdout, trimmed: a one-value answer after whatever the site printed first. */
export function lastLine(stdout: string): string {
  const lines = stdoutLines(stdout);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line !== '') return line;
  }
  return '';
}

/**
 * The texts that may hold WP-CLI's JSON answer, most likely first: the whole output, then each line from the last
 * (WP-CLI prints JSON on one line), then the part of a line from each `[` or `{` (output echoed without a newline).
 */
function* jsonCandidates(stdout: string): Generator<string> {
  yield stdout.replace(/\uFEFF/g, '').trim();
  const lines = stdoutLines(stdout);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    yield line;
    let from = line.search(/[[{]/);
    for (let n = 0; from > 0 && n < 16; n++) {
      yield line.slice(from);
      const next = line.slice(from + 1).search(/[[{]/);
      from = next < 0 ? -1 : from + 1 + next;
    }
  }
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The JSON answer in WP-CLI's stdout, tolerating what the site printed around it. The error never quotes the
 * output: `config get --format=json` holds DB_PASSWORD and the salts.
 */
export function parseJsonAnswer(stdout: string): unknown {
  return parseJsonOutput(stdout, z.unknown());
}

/** JSON output of a `--format=json` command, validated: the last JSON text in stdout that fits the schema. */
export function parseJsonOutput<T extends z.ZodType>(stdout: string, schema: T): z.infer<T> {
  let firstFailure: z.ZodError | undefined;
  for (const text of jsonCandidates(stdout)) {
    const parsed = tryJson(text);
    if (!parsed.ok) continue;
    const result = schema.safeParse(parsed.value);
    if (result.success) return result.data as z.infer<T>;
    firstFailure ??= result.error;
  }
  if (firstFailure) throw firstFailure;
  throw new Error(`expected a JSON document in WP-CLI's output, found none in ${stdout.length} bytes`);
}

/** A single line answer (`core version`, `db prefix`, `cli version`): the last line, without noise before it. */
export function parseLine(stdout: string): string {
  return lastLine(stdout);
}

/** `--format=count` and `--size_format=b`: an integer, with or without a trailing newline. */
export function parseCount(stdout: string): number {
  const text = lastLine(stdout);
  if (!/^\d+$/.test(text)) throw new Error(`expected a number, got ${JSON.stringify(text.slice(0, 80))}`);
  return Number(text);
}

/** `db tables --format=csv`: one line of comma-separated names (table names cannot contain commas here). */
export function parseCsvLine(stdout: string): string[] {
  const line = lastLine(stdout);
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
  const lines = stdout.replace(/^\uFEFF+/, '').split('\n');
  // `db query` evaluates wp-config.php before it runs the client: PHP's messages about it (display_errors on
  // stdout) come first, each after a blank line. The client's own rows never end in "on line N".
  while (
    lines.length > 0 &&
    (isPhpDiagnostic(lines[0]!) || (lines[0] === '' && lines.length > 1 && isPhpDiagnostic(lines[1]!)))
  ) {
    lines.shift();
  }
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
