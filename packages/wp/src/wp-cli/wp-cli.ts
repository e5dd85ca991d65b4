// WpCli: a typed facade over a Transport for one Site. It builds argv (global flags first, as recorded from
// real WP-CLI), runs it, parses the output with zod and turns `Error:`/`Warning:` stderr into structured data.
import { WpfleetError } from '@wpfleet/core';
import { ShellError } from '../transport/shell-error.js';
import type { ExecOptions, ShellResult, SpawnedCommand, Transport } from '../transport/transport.js';
import { z } from 'zod';
import {
  cronEventSchema,
  dbSizeSchema,
  parseCount,
  parseCsvLine,
  parseJsonAnswer,
  parseJsonOutput,
  parseLine,
  parseSizeBytes,
  parseTsv,
  pluginSchema,
  siteSchema,
  termSchema,
  themeSchema,
  userSchema,
  type TsvTable,
  type WpCronEvent,
  type WpPlugin,
  type WpSite,
  type WpTerm,
  type WpTheme,
  type WpUser,
} from './parse-wp-cli-output.js';
import { parseWpCliStderr } from './parse-wp-cli-stderr.js';
import { WpCliError } from './wp-cli-error.js';
import { assertListableTables, unlistableTableName } from './unlistable-table-name.js';
import { connectionLostError } from '../transport/streaming-transport.js';
import { parseWpConfig, type WpConfig } from './wp-config.js';

/** Bytes of SQL `dbQuery` passes as an argument; longer SQL goes on stdin (Linux caps one argument at 128 KiB). */
export const DB_QUERY_ARGUMENT_LIMIT = 32 * 1024;
/** Bytes of table names `dbExport` may list (WP-CLI expands each into mysqldump's one `sh -c` command line). */
export const DB_EXPORT_TABLE_LIST_LIMIT = 64 * 1024;

export interface WpCliSite {
  /** The site's name in the fleet file, for messages. */
  name: string;
  /** The WordPress directory on the host. */
  path: string;
  /** A multisite subsite URL (`--url`). */
  url?: string | undefined;
  /** Load WordPress without plugins/themes (a broken plugin cannot stop wpfleet). */
  skipPlugins?: boolean | undefined;
  skipThemes?: boolean | undefined;
}

export interface WpCliWarning {
  site: string;
  host: string;
  command: string;
  message: string;
}

export interface WpCliOptions {
  /** How to start WP-CLI on the host: `['wp']`, or `['php', '/tmp/wpfleet.x/wp-cli.phar']` (see WpCliInstall). */
  command?: readonly string[];
  /** Called for every `Warning:` WP-CLI prints. */
  onWarning?: (warning: WpCliWarning) => void;
  /** Per-command timeout; default 10 minutes (dumps use spawn and have none unless given). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const rootCache = new WeakMap<Transport, Promise<boolean>>();

/** Whether commands on this transport run as root (asked once per transport with `id -u`). */
export function runsAsRoot(transport: Transport): Promise<boolean> {
  let cached = rootCache.get(transport);
  if (!cached) {
    cached = transport.exec(['id', '-u']).then((r) => r.stdout.trim() === '0');
    cached.catch(() => rootCache.delete(transport));
    rootCache.set(transport, cached);
  }
  return cached;
}

export class WpCli {
  private readonly command: readonly string[];

  constructor(
    readonly transport: Transport,
    readonly site: WpCliSite,
    private readonly options: WpCliOptions = {},
  ) {
    this.command = options.command ?? ['wp'];
  }

  /** The full argv for a WP-CLI command: launcher, global flags, then the command's own arguments. */
  async argv(args: readonly string[]): Promise<string[]> {
    const global = [`--path=${this.site.path}`];
    if (this.site.url) global.push(`--url=${this.site.url}`);
    if (this.site.skipPlugins) global.push('--skip-plugins');
    if (this.site.skipThemes) global.push('--skip-themes');
    // Real WP-CLI refuses to run as root without it.
    if (await runsAsRoot(this.transport)) global.push('--allow-root');
    return [...this.command, ...global, ...args];
  }

  /** Run a WP-CLI command; a non-zero exit rejects with WpCliError unless listed in `okExitCodes`. */
  async run(
    args: readonly string[],
    options: Omit<ExecOptions, 'reject'> & { okExitCodes?: readonly number[] } = {},
  ): Promise<ShellResult> {
    const { okExitCodes = [0], ...exec } = options;
    const result = await this.transport.exec(await this.argv(args), {
      timeoutMs: this.options.timeoutMs ?? 600_000,
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      ...exec,
      where: { host: this.transport.label, site: this.site.name },
      reject: false,
    });
    // The command words (`db query`, `eval-file`), not its operands: `eval-file - wpfs_` is `eval-file`.
    const words: string[] = [];
    for (const a of args) {
      if (words.length === 2 || !/^[a-z][a-z0-9-]*$/.test(a)) break;
      words.push(a);
    }
    const subcommand = words.join(' ');
    this.reportWarnings(result.stderr, subcommand);
    // Cancelled by the run (Ctrl-C, a sibling check failing): that, not a WP-CLI failure, is what happened. Without
    // stdout: it is the command's answer, not an explanation (`config get`'s holds DB_PASSWORD and the salts), and a
    // ShellError's message quotes it.
    if (result.isCanceled) {
      throw new ShellError({ ...result, stdout: '' }, this.transport.label, {
        where: { host: this.transport.label, site: this.site.name },
      });
    }
    // The connection went away (before the command's channel opened, or under it): not WP-CLI's failure.
    if (result.connectionLost)
      throw connectionLostError(result, this.transport.label, {
        host: this.transport.label,
        site: this.site.name,
      });
    if (result.timedOut || result.exitCode === null || !okExitCodes.includes(result.exitCode)) {
      throw new WpCliError(result, subcommand, { host: this.transport.label, site: this.site.name });
    }
    return result;
  }

  private reportWarnings(stderr: string, command: string): void {
    if (!this.options.onWarning || stderr === '') return;
    for (const message of parseWpCliStderr(stderr).warnings) {
      this.options.onWarning({ site: this.site.name, host: this.transport.label, command, message });
    }
  }

  async cliVersion(): Promise<string> {
    return parseLine((await this.run(['cli', 'version'])).stdout).replace(/^WP-CLI\s+/, '');
  }

  async coreVersion(): Promise<string> {
    return parseLine((await this.run(['core', 'version'])).stdout);
  }

  /**
   * Exit 0: installed; a silent exit 1: WordPress files present but not installed. An exit 1 with an `Error:`
   * line (not a WordPress directory, no database connection) is a failure, not a "no".
   */
  async isInstalled(): Promise<boolean> {
    const result = await this.run(['core', 'is-installed'], { okExitCodes: [0, 1] });
    if (result.exitCode === 1 && parseWpCliStderr(result.stderr).errors.length > 0) {
      throw new WpCliError(result, 'core is-installed', { host: this.transport.label, site: this.site.name });
    }
    return result.exitCode === 0;
  }

  /** An option's value decoded from JSON, or undefined when the option does not exist. */
  async optionGet(name: string): Promise<unknown> {
    const r = await this.run(['option', 'get', name, '--format=json'], { okExitCodes: [0, 1] });
    if (r.exitCode === 1) {
      if (/Could not get .* option/.test(r.stderr)) return undefined;
      throw new WpCliError(r, 'option get', { host: this.transport.label, site: this.site.name });
    }
    return parseJsonAnswer(r.stdout);
  }

  /** wp-config.php, typed; DB_PASSWORD and salts only in `secrets` (never printed, never journaled). */
  async configGet(): Promise<WpConfig> {
    return parseWpConfig((await this.run(['config', 'get', '--format=json'])).stdout);
  }

  async dbPrefix(): Promise<string> {
    return parseLine((await this.run(['db', 'prefix'])).stdout);
  }

  /** Database size in bytes. */
  async dbSize(): Promise<number> {
    return parseCount((await this.run(['db', 'size', '--size_format=b'])).stdout);
  }

  async dbTableSizes(): Promise<Array<{ name: string; bytes: number }>> {
    const rows = parseJsonOutput(
      (await this.run(['db', 'size', '--tables', '--format=json'])).stdout,
      dbSizeSchema,
    );
    return rows.map((r) => ({ name: r.Name, bytes: parseSizeBytes(r.Size) }));
  }

  /** Every table with the site's prefix (multisite subsite tables included). */
  async dbTables(): Promise<string[]> {
    return parseCsvLine(
      (await this.run(['db', 'tables', '--all-tables-with-prefix', '--format=csv'])).stdout,
    );
  }

  /**
   * Runs SQL through `wp db query` and parses its tab-separated output. Long SQL (a RENAME TABLE or DROP TABLE of a large network's tables) goes on
   * stdin: as an argument it would pass through `sh -c` on the host and `--execute=` to the client, and Linux
   * refuses any single argument over 128 KiB.
   */
  async dbQuery(sql: string, options: { header?: boolean } = {}): Promise<TsvTable> {
    const header = options.header ?? true;
    const flags = header ? [] : ['--skip-column-names'];
    const r =
      Buffer.byteLength(sql) > DB_QUERY_ARGUMENT_LIMIT
        ? await this.run(['db', 'query', ...flags], { stdin: sql })
        : await this.run(['db', 'query', sql, ...flags]);
    return parseTsv(r.stdout, { header });
  }

  /**
   * Stream a dump (`wp db export -`): consistent (`--single-transaction`) and reproducible
   * (`--order-by-primary`). Read `stdout`; `result` settles when the dump ends.
   */
  async dbExport(
    options: {
      tables?: readonly string[];
      /** Every other table of the database: with it, the shorter of `--tables` and `--exclude_tables` is used. */
      otherTables?: readonly string[];
      extraArgs?: readonly string[];
      signal?: AbortSignal;
    } = {},
  ): Promise<SpawnedCommand> {
    const args = ['db', 'export', '-', '--single-transaction', '--order-by-primary'];
    const tables = options.tables ?? [];
    if (tables.length > 0) {
      // WP-CLI hands the list to mysqldump inside one `sh -c` command line, which Linux caps at 128 KiB. A large
      // network's own database is named more briefly by what to leave out (often nothing).
      // A name the list would split is refused before anything runs; another install's oddly named table only
      // rules out the `--exclude_tables` form.
      assertListableTables(tables, { host: this.transport.label, site: this.site.name });
      const others = options.otherTables?.some((t) => unlistableTableName(t) !== undefined)
        ? undefined
        : options.otherTables;
      const chosen =
        others !== undefined && others.join(',').length < tables.join(',').length
          ? { flag: 'exclude_tables', list: others }
          : { flag: 'tables', list: tables };
      const listed = chosen.list.join(',');
      if (listed.length > DB_EXPORT_TABLE_LIST_LIMIT) {
        throw new WpfleetError(
          'WPF_TABLE_LIST_TOO_LONG',
          `the export of site ${this.site.name} would name ${chosen.list.length} tables (${listed.length} bytes), more than one command line holds`,
          {
            kind: 'environment',
            where: { host: this.transport.label, site: this.site.name },
            hint: 'The site shares its database with many other tables; move them to a database of their own, or export in parts by hand.',
          },
        );
      }
      if (chosen.list.length > 0) args.push(`--${chosen.flag}=${listed}`);
    }
    args.push(...(options.extraArgs ?? []));
    return this.spawn(args, options.signal);
  }

  /** Stream SQL into `wp db import -`: write to `stdin` (backpressure honoured) and end it. */
  async dbImport(options: { signal?: AbortSignal } = {}): Promise<SpawnedCommand> {
    return this.spawn(['db', 'import', '-'], options.signal);
  }

  private async spawn(args: readonly string[], signal: AbortSignal | undefined): Promise<SpawnedCommand> {
    const sig = signal ?? this.options.signal;
    return this.transport.spawn(await this.argv(args), {
      where: { host: this.transport.label, site: this.site.name },
      ...(sig ? { signal: sig } : {}),
    });
  }

  /**
   * Without `--skip-update-check`, real WP-CLI deletes the update_plugins/update_themes site transient (a write to
   * the site's database) and asks api.wordpress.org, with a 60-second HTTP timeout, before it lists anything.
   */
  async pluginList(): Promise<WpPlugin[]> {
    const r = await this.run([
      'plugin',
      'list',
      '--fields=name,status,version,update_version,file',
      '--skip-update-check',
      '--format=json',
    ]);
    return parseJsonOutput(r.stdout, z.array(pluginSchema));
  }

  async themeList(): Promise<WpTheme[]> {
    const r = await this.run(['theme', 'list', '--skip-update-check', '--format=json']);
    return parseJsonOutput(r.stdout, z.array(themeSchema));
  }

  async userList(): Promise<WpUser[]> {
    const r = await this.run(['user', 'list', '--fields=ID,user_login,user_email,roles', '--format=json']);
    return parseJsonOutput(r.stdout, z.array(userSchema));
  }

  /** Posts of every type and status (the same count the site's tables hold). */
  async postCount(): Promise<number> {
    const r = await this.run(['post', 'list', '--post_type=any', '--post_status=any', '--format=count']);
    return parseCount(r.stdout);
  }

  async termList(taxonomy: string): Promise<WpTerm[]> {
    return parseJsonOutput(
      (await this.run(['term', 'list', taxonomy, '--format=json'])).stdout,
      z.array(termSchema),
    );
  }

  async cronEventList(): Promise<WpCronEvent[]> {
    return parseJsonOutput(
      (await this.run(['cron', 'event', 'list', '--format=json'])).stdout,
      z.array(cronEventSchema),
    );
  }

  /** A multisite's sites, or null when the installation is not a multisite. */
  async siteList(): Promise<WpSite[] | null> {
    const r = await this.run(['site', 'list', '--format=json'], {
      okExitCodes: [0, 1],
    });
    if (r.exitCode === 1) {
      if (/not a multisite installation/i.test(r.stderr)) return null;
      throw new WpCliError(r, 'site list', { host: this.transport.label, site: this.site.name });
    }
    return parseJsonOutput(r.stdout, z.array(siteSchema));
  }

  /** Run PHP sent through stdin (`wp eval-file -`): no temporary file on the host, one round trip. */
  async evalFile(
    php: string,
    options: { args?: readonly string[]; timeoutMs?: number } = {},
  ): Promise<string> {
    const r = await this.run(['eval-file', '-', ...(options.args ?? [])], {
      stdin: php,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    return r.stdout;
  }

  async maintenanceModeIsActive(): Promise<boolean> {
    return (await this.run(['maintenance-mode', 'is-active'], { okExitCodes: [0, 1] })).exitCode === 0;
  }

  /** Turn maintenance mode on or off; returns false when it already was in that state (not an error). */
  async maintenanceMode(on: boolean): Promise<boolean> {
    const r = await this.run(['maintenance-mode', on ? 'activate' : 'deactivate'], { okExitCodes: [0, 1] });
    if (r.exitCode === 0) return true;
    if (/already (activated|deactivated)|not active/i.test(r.stderr)) return false;
    throw new WpCliError(r, 'maintenance-mode', { host: this.transport.label, site: this.site.name });
  }

  async cacheFlush(): Promise<void> {
    await this.run(['cache', 'flush']);
  }

  /** Flushing rewrite rules can warn (no permalink structure); the warning goes to `onWarning`. */
  async rewriteFlush(): Promise<void> {
    await this.run(['rewrite', 'flush']);
  }

  async transientDeleteAll(): Promise<void> {
    await this.run(['transient', 'delete', '--all']);
  }
}
