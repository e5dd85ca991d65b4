// `wpfleet search-replace`: the migration's SqlStream on a dump file or pipe, for agencies working by hand:
// serialization-safe replacements, prefix rename, dump fixes for the target, and a JSON report with digests.
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WpfleetError } from '@wpfleet/core';
import {
  DEFAULT_MAX_STATEMENT_BYTES,
  MAX_STATEMENT_BYTES_LIMIT,
  SqlStream,
  type SqlStreamOptions,
  type SqlStreamReport,
  type TargetDbFacts,
} from '@wpfleet/sql';
import { defineCommand, type CommandContext } from '../argv/command.js';
import { ExitCode } from '../argv/exit-code.js';

// WordPress's own rule for $table_prefix, short enough that prefix and table name fit MySQL's 64 characters.
const TABLE_PREFIX = /^[A-Za-z0-9_]{1,48}$/;

const usage = (message: string, hint = 'Run `wpfleet search-replace --help`.') =>
  new WpfleetError('WPF_USAGE', message, { kind: 'user', hint });

function keyValue(option: string, raw: string): [string, string] {
  const at = raw.indexOf('=');
  if (at <= 0 || at === raw.length - 1) throw usage(`--${option} takes OLD=NEW, got ${JSON.stringify(raw)}`);
  return [raw.slice(0, at), raw.slice(at + 1)];
}

function parseTarget(raw: string): TargetDbFacts {
  const m = /^(mysql|mariadb)(?::(\d+(?:\.\d+){0,2}))?$/i.exec(raw);
  if (!m)
    throw usage(
      `--target takes mysql|mariadb[:version], got ${JSON.stringify(raw)}`,
      'For example `--target mariadb:10.11.6` or `--target mysql:8.0`.',
    );
  return { flavour: m[1]!.toLowerCase() as TargetDbFacts['flavour'], ...(m[2] ? { version: m[2] } : {}) };
}

/** Builds the SqlStream options from the command line; exported for tests. */
function searchReplaceOptions(ctx: Pick<CommandContext, 'args' | 'options'>): SqlStreamOptions {
  const { args, options } = ctx;
  if (args.length % 2 !== 0)
    throw usage(
      `search-replace takes FROM TO pairs; ${JSON.stringify(args[args.length - 1])} has no replacement`,
    );
  const pairs = [];
  for (let i = 0; i < args.length; i += 2) pairs.push({ from: args[i]!, to: args[i + 1]! });
  const list = (name: string) => (options[name] as string[] | undefined) ?? [];
  const out: SqlStreamOptions = { pairs, caseInsensitive: options['case-insensitive'] === true };
  if (list('skip-columns').length) out.skipColumns = list('skip-columns');
  if (list('skip-tables').length) out.skipTables = list('skip-tables');
  if (list('include-tables').length) out.includeTables = list('include-tables');
  const prefix = options['rename-prefix'];
  if (typeof prefix === 'string') {
    const [from, to] = keyValue('rename-prefix', prefix);
    for (const p of [from, to]) {
      if (!TABLE_PREFIX.test(p))
        throw usage(
          `--rename-prefix takes OLD=NEW table prefixes of letters, digits and \`_\` (at most 48), got ${JSON.stringify(p)}`,
          'For example `--rename-prefix wp_=site2_`.',
        );
    }
    out.prefix = { from, to };
    // A renamed dump is one about to be imported: the same firewall as the migration's db step (SqlFirewall).
    out.firewall = options['strict-prefix'] === true ? { tablePrefix: to } : {};
  } else if (options['strict-prefix'] === true) {
    throw usage('--strict-prefix needs --rename-prefix OLD=NEW: it refuses every table outside NEW');
  }
  const cap = options['max-statement-bytes'];
  if (typeof cap === 'number') {
    if (cap > MAX_STATEMENT_BYTES_LIMIT)
      throw usage(
        `--max-statement-bytes can be at most ${MAX_STATEMENT_BYTES_LIMIT} (V8's longest string), got ${cap}`,
      );
    out.maxStatementBytes = cap;
  }
  const target = options['target'];
  const collations = list('map-collation');
  const engine = options['engine'];
  if (typeof target === 'string' || collations.length > 0 || typeof engine === 'string') {
    out.fixes = {
      ...(typeof target === 'string' ? { target: parseTarget(target) } : {}),
      ...(collations.length
        ? { collationMap: Object.fromEntries(collations.map((c) => keyValue('map-collation', c))) }
        : {}),
      ...(typeof engine === 'string' ? { engine } : {}),
    };
  }
  if (pairs.length === 0 && !out.prefix && !out.fixes) {
    throw usage('nothing to do: give FROM TO pairs, --rename-prefix, --target, --map-collation or --engine');
  }
  return out;
}

function summary(report: SqlStreamReport, dryRun: boolean): string {
  const lines = [
    `${dryRun ? 'would make' : 'made'} ${report.replacements.total} replacement(s) in ${report.statements} statement(s)`,
  ];
  for (const [table, cols] of Object.entries(report.replacements.tables)) {
    lines.push(
      `  ${table}: ${Object.entries(cols)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')}`,
    );
  }
  for (const f of report.findings) lines.push(`  ${f.severity}: ${f.message}`);
  // An empty input is most often a dump that failed upstream (`wp db export - | wpfleet search-replace ...`).
  if (report.bytesIn === 0)
    lines.push('  warning: the input was empty: no dump came in (did the command feeding it fail?)');
  return lines.join('\n') + '\n';
}

export const searchReplaceCommand = defineCommand({
  name: 'search-replace',
  summary:
    'Search-replace URLs and paths in a SQL dump, serialization-safe, with prefix rename and dump fixes.',
  description:
    'Streams a mysqldump/mariadb-dump file (or stdin) through the same SqlStream the migration uses: replacements ' +
    'inside string literals (PHP-serialized lengths fixed, JSON-escaped and URL-encoded forms, http/https/' +
    'protocol-relative variants, domain and path boundaries), table prefix rename (with the prefix-bearing ' +
    'option and user meta keys), and fixes for the target server. A value that looks serialized but does not ' +
    'parse is left untouched and reported. Memory stays flat whatever the dump size.',
  positionals: [
    {
      name: 'from-to',
      description: 'FROM TO pairs: the old URL or path, then its replacement.',
      variadic: true,
    },
  ],
  options: [
    {
      name: 'input',
      short: 'i',
      type: 'string',
      valueName: 'FILE',
      description: 'Read the dump from FILE (default: stdin).',
    },
    {
      name: 'output',
      short: 'o',
      type: 'string',
      valueName: 'FILE',
      description:
        'Write the result to FILE (default: stdout); written to FILE.partial first, renamed when complete.',
    },
    {
      name: 'rename-prefix',
      type: 'string',
      valueName: 'OLD=NEW',
      description:
        'Rename tables from prefix OLD to NEW, and the `{prefix}user_roles` option and `{prefix}` user meta keys with them. ' +
        'The dump then goes through the firewall the migration uses: only SET, CREATE/DROP TABLE, VIEW and TRIGGER, ' +
        'LOCK/UNLOCK, ALTER TABLE keys and INSERT pass; any other statement stops with its kind and byte offset.',
    },
    {
      name: 'strict-prefix',
      type: 'boolean',
      description:
        'With --rename-prefix: also refuse any statement that touches a table outside NEW, as the migration does ' +
        'for its staging prefix (check a dump before importing it).',
    },
    {
      name: 'max-statement-bytes',
      type: 'number',
      min: 1,
      valueName: 'BYTES',
      description: `Stop at a statement larger than this (default ${DEFAULT_MAX_STATEMENT_BYTES}); memory use is about twice it.`,
    },
    {
      name: 'skip-columns',
      type: 'list',
      valueName: 'COLS',
      description: 'Columns never rewritten, e.g. `guid` or `wp_posts.guid`.',
    },
    {
      name: 'skip-tables',
      type: 'list',
      valueName: 'TABLES',
      description: 'Tables (as named in the dump) that get no replacements.',
    },
    {
      name: 'include-tables',
      type: 'list',
      valueName: 'TABLES',
      description: 'Only these tables get replacements.',
    },
    { name: 'case-insensitive', type: 'boolean', description: 'Match FROM regardless of ASCII case.' },
    {
      name: 'target',
      type: 'string',
      valueName: 'mysql|mariadb[:VERSION]',
      description: 'Fix the dump for this server: sandbox line, DEFINER clauses, unknown collations.',
    },
    {
      name: 'map-collation',
      type: 'list',
      valueName: 'A=B',
      description: 'Rename collation A to B in table definitions (repeatable).',
    },
    {
      name: 'engine',
      type: 'string',
      valueName: 'ENGINE',
      description: 'Rewrite every table to this storage engine, e.g. InnoDB.',
    },
    {
      name: 'report',
      type: 'string',
      valueName: 'FILE',
      description: 'Write a JSON report: counts per table and column, findings, per-table digests.',
    },
    {
      name: 'dry-run',
      type: 'boolean',
      description: 'Read and transform, but write no dump; only the summary and report.',
    },
  ],
  examples: [
    'wpfleet search-replace https://old.example.com https://new.example.org -i dump.sql -o moved.sql',
    'wp db export - | wpfleet search-replace //old.example.com //new.example.org /var/www/old /srv/new --skip-columns guid > moved.sql',
    'wpfleet search-replace https://old.example.com https://new.example.org --rename-prefix wp_=site2_ --target mariadb:10.6 -i dump.sql -o out.sql --report report.json',
    'wpfleet search-replace https://old.example.com https://new.example.org -i dump.sql --dry-run --json',
    'wpfleet search-replace --rename-prefix wp_=wp_ --strict-prefix -i dump.sql --dry-run',
  ],
  async run(ctx) {
    const options = searchReplaceOptions(ctx);
    const dryRun = ctx.options['dry-run'] === true;
    const input = ctx.options['input'];
    const output = ctx.options['output'];
    const reportFile = ctx.options['report'];
    const stream = new SqlStream(options);
    const inPath = typeof input === 'string' ? resolve(ctx.cwd, input) : null;
    // A directory opens fine and fails only at the first read, with an error that names no path.
    if (
      inPath !== null &&
      (await stat(inPath).then(
        (st) => st.isDirectory(),
        () => false,
      ))
    )
      throw new WpfleetError('WPF_USAGE', `cannot read --input ${String(input)}: it is a directory`, {
        kind: 'user',
        hint: 'pass the dump file itself, or pipe it in on stdin; nothing was written',
      });
    const source = inPath !== null ? createReadStream(inPath) : ctx.io.stdin;
    const outPath = typeof output === 'string' ? resolve(ctx.cwd, output) : null;
    // A regular file is written beside itself and renamed into place, so a failed run never leaves half a dump
    // under the asked-for name. Anything else that exists (/dev/null, a FIFO) is written as it is: a rename
    // would replace the device with a file.
    const special =
      outPath !== null &&
      (await stat(outPath).then(
        (st) => !st.isFile(),
        () => false,
      ));
    const partial = outPath && !special ? `${outPath}.partial` : null;
    const sink: NodeJS.WritableStream = dryRun
      ? new Writable({ write: (_c, _e, cb) => cb() })
      : partial
        ? createWriteStream(partial, { mode: 0o600 })
        : outPath
          ? createWriteStream(outPath, { flags: 'a' })
          : ctx.io.stdout;
    try {
      await pipeline(source, stream, sink, { signal: ctx.signal, end: sink !== ctx.io.stdout });
    } catch (error) {
      if (partial) await rm(partial, { force: true });
      const fsError = error as NodeJS.ErrnoException;
      // Which file failed: the output (its directory missing, no permission) must not be reported as the input.
      if (
        fsError.syscall === 'open' &&
        outPath !== null &&
        (fsError.path === partial || fsError.path === outPath)
      ) {
        const reason =
          fsError.code === 'ENOENT'
            ? `the directory ${dirname(outPath)} does not exist`
            : fsError.code === 'EISDIR'
              ? 'it is a directory'
              : fsError.message;
        throw new WpfleetError('WPF_USAGE', `cannot write --output ${String(output)}: ${reason}`, {
          kind: 'user',
          hint: `${fsError.code === 'ENOENT' ? 'create the directory first or choose' : 'choose'} another --output; nothing was written`,
        });
      }
      if (inPath !== null && fsError.path === inPath) {
        const reason = fsError.code === 'ENOENT' ? 'no such file' : fsError.message;
        throw new WpfleetError('WPF_USAGE', `cannot read --input ${String(input)}: ${reason}`, {
          kind: 'user',
          hint: 'check the path and its permissions; nothing was written',
        });
      }
      throw error;
    }
    if (partial && outPath && !dryRun) await rename(partial, outPath);
    const report = stream.report();
    const full = { dryRun, pairs: options.pairs, ...report };
    if (typeof reportFile === 'string')
      await writeFile(resolve(ctx.cwd, reportFile), JSON.stringify(full, null, 2) + '\n', {
        mode: 0o600,
      }).catch((error: NodeJS.ErrnoException) => {
        throw new WpfleetError(
          'WPF_USAGE',
          `cannot write --report ${reportFile}: ${error.code === 'ENOENT' ? `the directory ${dirname(resolve(ctx.cwd, reportFile))} does not exist` : error.message}`,
          {
            kind: 'user',
            hint: `choose another --report; the dump itself ${dryRun || outPath === null ? 'was streamed' : `was written to ${String(output)}`}`,
          },
        );
      });
    // The dump may own stdout; the summary then goes to stderr.
    const summaryOut = !dryRun && outPath === null ? ctx.io.stderr : ctx.io.stdout;
    if (ctx.options['json']) summaryOut.write(JSON.stringify(full) + '\n');
    else if (!ctx.options['quiet']) summaryOut.write(summary(report, dryRun));
    return ExitCode.ok;
  },
});
