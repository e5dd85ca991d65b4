// The SqlStream's engine, free of Node streams so it can run in-process or in a worker thread: bytes in,
// bytes out, plus a report. Statements that need no change leave as the very bytes that came in.
import { DumpFixes, type DumpFixOptions } from './dump-fixes.js';
import { InsertWalker, SqlWalkError, type InsertJob, type TableSchema } from './insert-walker.js';
import { OutputBuffer } from './output-buffer.js';
import { nameFromDump, PrefixRewriter, type PrefixRename } from './prefix-rewriter.js';
import { Replacer, type ReplacementPair } from './replacer.js';
import { BatchBuilder, type SqlBatch, type SqlBatchResult } from './sql-batch.js';
import type { SqlFinding } from './sql-finding.js';
import {
  DEFAULT_MAX_STATEMENT_BYTES,
  DumpHeaderCheck,
  SqlFirewall,
  type SqlFirewallOptions,
} from './sql-firewall.js';
import { sqlParseError } from './sql-parse-error.js';
import { SqlTokenizer, type SqlUnit } from './sql-tokenizer.js';
import { StatementEditError } from './statement-edits.js';
import { TableDigest, type TableDigestJson } from './table-digest.js';

export interface SqlStreamOptions {
  pairs?: ReplacementPair[];
  caseInsensitive?: boolean;
  /** Columns never rewritten: `guid` (any table) or `wp_posts.guid` (source table name). */
  skipColumns?: string[];
  /** Only these source tables get replacements (renaming, fixes and digests still apply to all). */
  includeTables?: string[];
  /** These source tables get no replacements. */
  skipTables?: string[];
  prefix?: PrefixRename;
  fixes?: DumpFixOptions;
  /** Compute digests (default true). */
  digest?: boolean;
  /** Keep a 32-bit hash per row in stream order so a later comparison can name the first differing row. */
  keepRowHashes?: boolean;
  /** Reader side: the dump's tables carry this prefix instead of the digest key's (staging -> live). */
  digestPrefix?: { from: string; to: string };
  /** Refuse any statement a dump of a site's tables has no need for (see SqlFirewall); off when absent. */
  firewall?: SqlFirewallOptions;
  /** Cap on one statement's bytes (default DEFAULT_MAX_STATEMENT_BYTES, never past V8's longest string). */
  maxStatementBytes?: number;
}

export interface RowLocation {
  /** 0-based position of the row in the table's dump order. */
  index: number;
  /** Primary key column values of the row on this side, when the table has a primary key. */
  primaryKey: Record<string, string | null> | null;
}

export interface SqlStreamReport {
  bytesIn: number;
  bytesOut: number;
  statements: number;
  replacements: { total: number; tables: Record<string, Record<string, number>> };
  findings: SqlFinding[];
  digests: Record<string, TableDigestJson>;
}

// Names come backquoted, or bare from `mysqldump --skip-quote-names` (then they hold no space, quote or paren).
// Spaces are ASCII ones: `\s` would also take the byte 0xA0 of a UTF-8 name (`à` is C3 A0) for one.
const NAME = '(?:`((?:[^`]|``)+)`|([^ \\t\\n\\r\\f\\v`"\'(),;.]+))';
// Groups: 1 the text before the name, 2/3 the name (quoted/bare), 4 the column list, 5 `VALUES`.
const INSERT_HEAD = new RegExp(
  `^(\\s*(?:\\/\\*!\\d*\\s*)?(?:INSERT|REPLACE)\\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\\s+)*(?:INTO\\s+)?)${NAME}` +
    '(?:\\s*\\(((?:[^)`]|`(?:[^`]|``)*`)*)\\))?(\\s*VALUES\\s*)',
  'i',
);
const CREATE_TABLE = new RegExp(
  `^\\s*(?:\\/\\*!\\d*\\s*)?CREATE\\s+(?:TEMPORARY\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}\\s*\\(`,
  'i',
);
// Whitespace, and the ends and starts of the executable comments mysqldump spreads one CREATE VIEW over
// (`/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 DEFINER=... SQL SECURITY DEFINER */ /*!50001 VIEW ...`).
const SPACE = '(?:\\s|\\*\\/|\\/\\*!\\d*)+';
const ACCOUNT_PART = "(?:`(?:[^`]|``)*`|'(?:[^'\\\\]|\\\\.)*'|[A-Za-z0-9_.%$-]+)";
// Any view definition: [OR REPLACE] [ALGORITHM=..] [DEFINER=..] [SQL SECURITY ..] VIEW [IF NOT EXISTS] [db.]name.
// Groups 1/2: the schema (unused), 3/4: the view's name (quoted/bare).
const CREATE_VIEW = new RegExp(
  `^(?:\\s|\\/\\*!\\d*)*CREATE(?:${SPACE}OR${SPACE}REPLACE)?(?:${SPACE}ALGORITHM\\s*=\\s*\\w+)?` +
    `(?:${SPACE}DEFINER\\s*=\\s*(?:CURRENT_USER(?:\\s*\\(\\s*\\))?|${ACCOUNT_PART}\\s*@\\s*${ACCOUNT_PART}))?` +
    `(?:${SPACE}SQL${SPACE}SECURITY${SPACE}\\w+)?${SPACE}VIEW${SPACE}(?:IF${SPACE}NOT${SPACE}EXISTS${SPACE})?` +
    `(?:${NAME}\\s*\\.\\s*)?${NAME}`,
  'i',
);
// A column definition line; bare names exclude the keywords that start index and constraint lines.
const COLUMN_LINE =
  /^\s*(?:`((?:[^`]|``)+)`|(?!(?:PRIMARY|UNIQUE|KEY|INDEX|FULLTEXT|SPATIAL|CONSTRAINT|FOREIGN|CHECK|PERIOD|PARTITION|SUBPARTITION)\b)([A-Za-z0-9_$\x80-\xff]+))\s/gm;
// Key parts may carry a prefix length: PRIMARY KEY (`a`(191),`b`).
const PRIMARY_KEY = /PRIMARY\s+KEY\s*(?:USING\s+\w+\s*)?\(((?:[^()`]|`(?:[^`]|``)*`|\(\d+\))*)\)/i;
// The first name of each comma-separated item of a column or key list.
const LIST_ITEM = /(?:^|,)\s*(?:`((?:[^`]|``)+)`|([^ \t\n\r\f\v,`()]+))/g;

const EMPTY = Buffer.alloc(0);

// Names leave the transformer as the server knows them: decoded from the statement text here, once per statement
// head (DS3), so report keys, digests, findings and the user's table and column options all speak UTF-8.
const namesIn = (list: string): string[] =>
  [...list.matchAll(LIST_ITEM)].map((m) => nameFromDump(m[1]?.replace(/``/g, '`') ?? m[2]!));
const nameOf = (m: RegExpMatchArray, quoted: number): string =>
  nameFromDump(m[quoted]?.replace(/``/g, '`') ?? m[quoted + 1]!);
const isWs = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class SqlTransformer {
  private readonly tokenizer: SqlTokenizer;
  private readonly firewall: SqlFirewall | null;
  private header: DumpHeaderCheck | null;
  private readonly walker: InsertWalker;
  private readonly prefix: PrefixRewriter | null;
  private readonly fixes: DumpFixes | null;
  private readonly batch: BatchBuilder | null;
  private readonly schemas = new Map<string, TableSchema>();
  readonly digests = new Map<string, TableDigest>();
  /**
   * Digest keys the dump defines as views. They get no digest from then on: not from an INSERT (which would write
   * through the view) nor from a later CREATE TABLE (split mode could add rows walked before the view to it).
   */
  private readonly views = new Set<string>();
  // The last INSERT's column list as written and as read: --complete-insert repeats it on every statement.
  private lastColumnList: string | undefined;
  private lastColumns: string[] = [];
  /** Reader side: the first row per table whose hash differs from `expect`. */
  readonly mismatches = new Map<string, RowLocation>();
  private expect: Map<string, TableDigest> | undefined;
  private statements = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  private readonly output = new OutputBuffer();
  private readonly spare: Buffer[] = [];

  /**
   * With `split` true, INSERT statements are not walked here: `push` and `end` return nothing, and the output
   * leaves in batches (`takeBatch`) that `runSqlBatch` finishes, on this thread or another, before `absorb`
   * merges what they counted. Everything stateful (schemas, delimiter, renames, fixes) stays here.
   */
  constructor(
    private readonly options: SqlStreamOptions = {},
    expect?: Map<string, TableDigest>,
    split = false,
  ) {
    // The checked Replacer: bad pairs fail here, with the errors a user sees, before any worker gets them.
    this.walker = new InsertWalker(
      options,
      options.pairs && options.pairs.length > 0
        ? new Replacer(options.pairs, { caseInsensitive: options.caseInsensitive ?? false })
        : null,
    );
    this.prefix = options.prefix ? new PrefixRewriter(options.prefix) : null;
    this.firewall = options.firewall ? new SqlFirewall(options.firewall) : null;
    this.header = options.firewall?.requireDumpHeader ? new DumpHeaderCheck() : null;
    this.tokenizer = new SqlTokenizer({
      maxUnitBytes: options.maxStatementBytes ?? DEFAULT_MAX_STATEMENT_BYTES,
      refuseClientCommands: this.firewall !== null,
    });
    this.fixes = options.fixes ? new DumpFixes(options.fixes) : null;
    this.batch = split ? new BatchBuilder() : null;
    this.expect = expect;
  }

  /**
   * Feeds a chunk; returns the output bytes it completes (possibly empty). A non-empty result owns its whole
   * ArrayBuffer (never a slice of Node's pool), so it can be transferred to another thread; so does `end`'s.
   */
  push(chunk: Uint8Array): Buffer {
    this.bytesIn += chunk.length;
    if (this.header !== null) {
      const held = this.header.push(chunk);
      if (held === null) return this.flush();
      this.header = null;
      chunk = held;
    }
    this.tokenizer.push(chunk, this.onUnit);
    return this.flush();
  }

  /** Ends the input; throws WPF_SQL_PARSE when the dump is truncated. */
  end(): Buffer {
    if (this.header !== null) {
      const held = this.header.end();
      this.header = null;
      this.tokenizer.push(held, this.onUnit);
    }
    this.tokenizer.end(this.onUnit);
    return this.flush();
  }

  private flush(): Buffer {
    if (this.batch !== null) return EMPTY;
    const out = this.output.take();
    this.bytesOut += out.length;
    return out;
  }

  report(): SqlStreamReport {
    // Table and column names come from the dump: no prototype, so `__proto__` is just a name.
    const tables = Object.create(null) as Record<string, Record<string, number>>;
    for (const [t, cols] of this.walker.counts)
      tables[t] = Object.assign(Object.create(null) as Record<string, number>, Object.fromEntries(cols));
    const findings: SqlFinding[] = this.fixes ? this.fixes.findings() : [];
    for (const u of this.walker.unparseable.values()) {
      findings.push({
        severity: 'warning',
        code: u.kind === 'unparseable' ? 'serialized-unparseable' : 'serialized-custom-object-kept',
        message:
          u.kind === 'unparseable'
            ? `${u.count} value(s) in ${u.table}.${u.column} look PHP-serialized but do not parse; left byte-for-byte ` +
              `untouched although they contain a search string (first at byte ${u.offset})`
            : `${u.count} serialized value(s) in ${u.table}.${u.column} hold a search string inside a custom-serialized ` +
              `object (C:), whose format only its PHP class knows; that part was left as it is (first at byte ${u.offset})`,
        where: { table: u.table },
        details: { column: u.column, count: u.count, offset: u.offset },
      });
    }
    const digests = Object.create(null) as Record<string, TableDigestJson>;
    for (const [t, d] of this.digests) digests[t] = d.toJSON();
    return {
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      statements: this.statements,
      replacements: { total: this.walker.totalReplacements, tables },
      findings,
      digests,
    };
  }

  private readonly onUnit = (unit: SqlUnit): void => {
    if (unit.kind === 'gap') {
      if (this.prefix === null && this.fixes === null) {
        this.output.put(unit.bytes);
        return;
      }
      const text = unit.bytes.toString('latin1');
      let next = this.fixes ? this.fixes.fixGap(text) : text;
      if (this.prefix) next = this.prefix.rewriteGap(next);
      this.output.put(next === text ? unit.bytes : Buffer.from(next, 'latin1'));
      return;
    }
    if (unit.kind === 'delimiter') {
      this.firewall?.checkDelimiter(unit.bytes.toString('latin1'), unit.offset);
      this.output.put(unit.bytes);
      return;
    }
    this.statements++;
    const b = unit.bytes;
    // Cheap look at the first letters: INSERT/REPLACE statements hold the data and take the fast path.
    let i = 0;
    while (i < b.length && isWs(b[i])) i++;
    const c = b[i]! | 0x20;
    const job = c === 0x69 || c === 0x72 ? this.insertJob(unit) : null;
    if (job === null) this.other(unit);
    else {
      // Judged as it leaves: under the name the rename gives it.
      this.firewall?.checkInsert(
        this.prefix ? this.prefix.outputName(job.table) : job.table,
        unit.offset,
        unit.bytes,
        unit.literals,
        job.headLength,
        unit.delimiter.length,
      );
      this.insert(job);
    }
  };

  private other(unit: SqlUnit): void {
    const text = unit.bytes.toString('latin1');
    const created = CREATE_TABLE.exec(text);
    if (created) {
      const body = text.slice(created[0].length);
      const columns = [...body.matchAll(COLUMN_LINE)].map((m) => nameOf(m, 1));
      const pk = PRIMARY_KEY.exec(body);
      const table = nameOf(created, 1);
      this.schemas.set(table, { columns, primaryKey: pk ? namesIn(pk[1]!) : [] });
      // Empty tables get a digest too, so a table lost on the way is noticed even without rows.
      this.addDigest(this.digestKey(table));
    } else {
      // mysqldump 5.7 and phpMyAdmin first create each view as a stand-in table, replaced at the end by the view:
      // the view's definition takes back the stand-in's digest (the target has no such table to compare with).
      const view = CREATE_VIEW.exec(text);
      if (view) {
        const key = this.digestKey(nameOf(view, 3));
        this.views.add(key);
        this.digests.delete(key);
      }
    }
    let next = text;
    try {
      if (this.fixes) next = this.fixes.fixStatement(next);
      if (this.prefix) next = this.prefix.rewriteStatement(next);
    } catch (error) {
      // A rewrite that would move a literal's edge is refused rather than let data become SQL on the target.
      throw error instanceof StatementEditError ? sqlParseError(unit.offset, error.message) : error;
    }
    if (this.firewall !== null) {
      // What the target would run (after the rewrites), without the delimiter that ends it.
      const delimiter = unit.delimiter.toString('latin1');
      this.firewall.checkStatement(
        next.endsWith(delimiter) ? next.slice(0, -delimiter.length) : next,
        unit.offset,
      );
    }
    this.output.put(next === text ? unit.bytes : Buffer.from(next, 'latin1'));
  }

  private addDigest(key: string): void {
    if (this.options.digest !== false && !this.digests.has(key) && !this.views.has(key))
      this.digests.set(key, new TableDigest(this.options.keepRowHashes ?? false));
  }

  private digestKey(table: string): string {
    if (this.prefix) return this.prefix.finalName(table);
    const dp = this.options.digestPrefix;
    if (dp && table.startsWith(dp.from)) return dp.to + table.slice(dp.from.length);
    return table;
  }

  /** The INSERT's table and columns, or null when it is not a plain INSERT ... VALUES (it then goes through `other`). */
  private insertJob(unit: SqlUnit): InsertJob | null {
    const stmt = unit.bytes;
    const head = INSERT_HEAD.exec(stmt.toString('latin1', 0, Math.min(stmt.length, 1 << 16)));
    if (!head) return null;
    const table = nameOf(head, 2);
    const list = head[4];
    let columns: string[];
    if (list === undefined) columns = this.schemas.get(table)?.columns ?? [];
    else if (list === this.lastColumnList) columns = this.lastColumns;
    else {
      columns = this.lastColumns = namesIn(list);
      this.lastColumnList = list;
    }
    const key = this.digestKey(table);
    this.addDigest(key);
    return {
      stmt,
      offset: unit.offset,
      literals: unit.literals,
      headLength: head[0].length,
      leadLength: head[1]!.length,
      table,
      columns,
      key,
    };
  }

  private insert(job: InsertJob): void {
    if (this.batch !== null) {
      this.batch.add(job, this.output);
      return;
    }
    // Locating the first differing row needs the sender's row hashes; without them only digests compare.
    const sent = this.expect?.get(job.key);
    const expectation =
      sent !== undefined && sent.keepRowHashes
        ? { expected: sent, schema: this.schemas.get(job.table), mismatches: this.mismatches }
        : undefined;
    try {
      this.walker.walk(job, this.output, this.digests.get(job.key), expectation);
    } catch (error) {
      throw error instanceof SqlWalkError ? sqlParseError(error.offset, error.problem) : error;
    }
  }

  /**
   * Split mode: the output and INSERT statements collected since the last call, as a batch for `runSqlBatch`
   * (on any thread); null when there is less than `minBytes` (pass 0 at the end). Results go back through
   * `absorb`, in the order the batches were taken.
   */
  takeBatch(minBytes: number): SqlBatch | null {
    const b = this.batch;
    if (b === null) throw new Error('takeBatch needs a SqlTransformer made with split: true');
    if (this.output.length === 0 || this.output.length < minBytes) return null;
    return b.take(this.output.take(this.spare.pop()));
  }

  /**
   * Split mode: the memory of a batch taken earlier, free again once it has been walked; the next batch is
   * written into it instead of fresh memory (fewer full GCs, which external memory churn triggers).
   */
  recycle(bytes: Uint8Array): void {
    if (this.spare.length < 2 && bytes.buffer instanceof ArrayBuffer)
      this.spare.push(Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength));
  }

  /** Split mode: merges one batch's result (counts, findings, digests) in stream order. */
  absorb(result: SqlBatchResult): void {
    this.bytesOut += result.bytes.length;
    this.walker.absorb(result);
    for (const d of result.digests) this.digests.get(d.key)?.absorb(d);
  }

  /** Sets the expected digests for the reader side (see digestDump). */
  expectDigests(expect: Map<string, TableDigest>): void {
    this.expect = expect;
  }
}
