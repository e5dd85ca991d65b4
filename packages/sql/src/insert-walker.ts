// The per-row work on one INSERT ... VALUES statement: rename the table, replace in its literals and hash each
// row into the table's Digest. Stateless across statements (what it needs comes in the InsertJob), so the same
// walk runs in-process or on a worker thread over statements another thread's tokenizer cut out.
import type { OutputBuffer } from './output-buffer.js';
import { replaceInEscapedSerializedInto } from './escaped-serialized-replacer.js';
import { PrefixRewriter } from './prefix-rewriter.js';
import { ReplacerEngine } from './replacer-engine.js';
import { CANONICAL_ESCAPE, escapeSqlString, unescapeSqlString } from './sql-string-escape.js';
import { RowHasher, type TableDigest } from './table-digest.js';
import type { RowLocation, SqlStreamOptions } from './sql-transformer.js';

/**
 * A damaged INSERT: the caller turns it into the stream's WPF_SQL_PARSE error (sqlParseError), on its own
 * thread (this module stays free of @wpfleet/core for worker threads).
 */
export class SqlWalkError extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(`SQL dump unreadable at byte ${offset}: ${problem}`);
  }
}

export interface TableSchema {
  columns: string[];
  primaryKey: string[];
}

/** One INSERT statement, cut out and looked at by the SqlTransformer that owns the dump's state. */
export interface InsertJob {
  /** The whole statement (delimiter included); literal positions are relative to its first byte. */
  stmt: Buffer;
  /** Offset of the statement's first byte in the whole input (for error messages). */
  offset: number;
  /** The tokenizer's [start, end, canonical] triples for the statement's quoted strings. */
  literals: Int32Array;
  /** Length of the text before the first row (`INSERT INTO \`t\` (...) VALUES `). */
  headLength: number;
  /** Length of `INSERT INTO `: the table's name starts there, backquoted or bare, so its prefix can be swapped. */
  leadLength: number;
  /**
   * Source table name and the columns the values map to, and the Digest key (final table name): names as the
   * server knows them (UTF-8 decoded once from the statement head, nameFromDump), never the dump's raw bytes.
   */
  table: string;
  columns: string[];
  key: string;
}

/** Reader side only: compare each row with the sender's row hashes. */
export interface InsertExpectation {
  expected: TableDigest;
  schema: TableSchema | undefined;
  mismatches: Map<string, RowLocation>;
}

/**
 * Values of one column the Replacer had to leave holding a search string: `unparseable` ones look serialized but
 * do not parse; `custom-object` ones are valid, but the match is inside a `C:` payload only its class can read.
 */
export interface UnparseableNote {
  kind: 'unparseable' | 'custom-object';
  table: string;
  column: string;
  count: number;
  offset: number;
}

interface ValueSpan {
  kind: 'string' | 'hex' | 'raw' | 'null';
  start: number;
  end: number;
  quote: number;
}

interface ColumnRewrite {
  data: ((value: string) => string) | null;
  replace: ReplacerEngine | null;
}

const isWs = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isTokenEnd = (c: number | undefined): boolean => c === undefined || c === 0x2c || c === 0x29 || isWs(c);

export class InsertWalker {
  private readonly replacer: ReplacerEngine | null;
  private readonly prefix: PrefixRewriter | null;
  private readonly skipColumns: Set<string>;
  private readonly includeTables: Set<string> | null;
  private readonly skipTables: Set<string>;
  private readonly hasher = new RowHasher();
  /** Replacement counts per digest key and column, in first-seen order. */
  readonly counts = new Map<string, Map<string, number>>();
  readonly unparseable = new Map<string, UnparseableNote>();
  totalReplacements = 0;
  // The column rewrites of the last statement's (table, columns): consecutive INSERTs of one table reuse them.
  private lastTable: string | null = null;
  private lastColumns: string[] | null = null;
  private rewriters: ColumnRewrite[] = [];
  private fallback: ColumnRewrite = { data: null, replace: null };
  /** Next backslash in the statement at or after the last _binary literal looked at (-2: not searched yet). */
  private bsNext = -2;

  /**
   * `replacer`: the checked Replacer for `options.pairs`, when the caller has one (the SqlTransformer does); a
   * worker thread builds the engine from options the main thread checked already.
   */
  constructor(
    readonly options: SqlStreamOptions,
    replacer?: ReplacerEngine | null,
  ) {
    this.replacer =
      replacer !== undefined
        ? replacer
        : options.pairs && options.pairs.length > 0
          ? new ReplacerEngine(options.pairs, { caseInsensitive: options.caseInsensitive ?? false })
          : null;
    this.prefix = options.prefix ? new PrefixRewriter(options.prefix) : null;
    this.skipColumns = new Set(options.skipColumns ?? []);
    this.includeTables =
      options.includeTables && options.includeTables.length > 0 ? new Set(options.includeTables) : null;
    this.skipTables = new Set(options.skipTables ?? []);
  }

  private replacesIn(table: string): boolean {
    if (this.includeTables && !this.includeTables.has(table)) return false;
    return !this.skipTables.has(table);
  }

  private count(table: string, column: string, n: number): void {
    let cols = this.counts.get(table);
    if (!cols) this.counts.set(table, (cols = new Map()));
    cols.set(column, (cols.get(column) ?? 0) + n);
    this.totalReplacements += n;
  }

  private noteUnparseable(
    kind: UnparseableNote['kind'],
    table: string,
    column: string,
    count: number,
    offset: number,
  ): void {
    const k = `${kind}\0${table}\0${column}`;
    const u = this.unparseable.get(k);
    if (u) u.count += count;
    else this.unparseable.set(k, { kind, table, column, count, offset });
  }

  private fail(job: InsertJob, p: number, what: string): never {
    throw new SqlWalkError(job.offset + p, `${what} in INSERT INTO \`${job.table}\``);
  }

  /** Merges another walker's tallies (a batch walked elsewhere), in stream order. */
  absorb(result: { counts: [string, string, number][]; unparseable: UnparseableNote[] }): void {
    for (const [table, column, n] of result.counts) this.count(table, column, n);
    for (const u of result.unparseable) this.noteUnparseable(u.kind, u.table, u.column, u.count, u.offset);
  }

  private columnRewrites(table: string, columns: string[]): void {
    if (table === this.lastTable && columns === this.lastColumns) return;
    const replacer = this.replacer !== null && this.replacesIn(table) ? this.replacer : null;
    this.rewriters = columns.map((col) => {
      const data = this.prefix?.dataRewriter(table, col) ?? null;
      const skip = this.skipColumns.has(col) || this.skipColumns.has(`${table}.${col}`);
      return { data, replace: skip ? null : replacer };
    });
    this.fallback = { data: null, replace: replacer };
    this.lastTable = table;
    this.lastColumns = columns;
  }

  /**
   * A value that is not a quoted string (0x.., X'..', _binary '..', NULL, a number): hashed, never rewritten.
   * Returns the position after it. A method of its own: the first NULL or hex value met after the walk was
   * optimized would otherwise throw the walk's optimized code away.
   */
  private scalar(
    job: InsertJob,
    p: number,
    c: number | undefined,
    digesting: boolean,
    spans: ValueSpan[] | null,
  ): number {
    const stmt = job.stmt;
    const n = stmt.length;
    const hasher = this.hasher;
    if (c === 0x30 && (stmt[p + 1] === 0x78 || stmt[p + 1] === 0x58)) {
      const s = p + 2;
      p = this.bareEnd(job, s);
      if (digesting) hasher.hex(stmt, s, p);
      if (spans !== null) spans.push({ kind: 'hex', start: s, end: p, quote: 0 });
    } else if ((c === 0x58 || c === 0x78) && stmt[p + 1] === 0x27) {
      const s = p + 2;
      const e = stmt.indexOf(0x27, s);
      if (e === -1) this.fail(job, p, 'unterminated hex literal');
      p = e + 1;
      if (digesting) hasher.hex(stmt, s, e);
      if (spans !== null) spans.push({ kind: 'hex', start: s, end: e, quote: 0 });
    } else if (c === 0x5f) {
      // _binary '...' (or another charset introducer): stored bytes, never rewritten.
      let q = p + 1;
      while (q < n && !isWs(stmt[q]) && stmt[q] !== 0x27) q++;
      while (isWs(stmt[q])) q++;
      if (stmt[q] !== 0x27) this.fail(job, p, 'charset introducer without a string literal');
      const s = q + 1;
      let i = s;
      let e: number;
      let qq: number = stmt.indexOf(0x27, i);
      for (;;) {
        if (qq !== -1 && qq < i) qq = stmt.indexOf(0x27, i);
        if (qq === -1) this.fail(job, p, 'unterminated string literal');
        if (this.bsNext !== -1 && this.bsNext < i) this.bsNext = stmt.indexOf(0x5c, i);
        if (this.bsNext !== -1 && this.bsNext < qq) {
          i = this.bsNext + 2;
          continue;
        }
        if (stmt[qq + 1] === 0x27) {
          i = qq + 2;
          continue;
        }
        e = qq;
        break;
      }
      p = e + 1;
      if (digesting) hasher.escapedString(stmt, s, e, 0x27);
      if (spans !== null) spans.push({ kind: 'string', start: s, end: e, quote: 0x27 });
    } else if ((c === 0x62 || c === 0x42) && stmt[p + 1] === 0x27) {
      // b'0101': a BIT value as mysqldump writes it, the one bare value with quotes in it.
      const s = p;
      const e = stmt.indexOf(0x27, p + 2);
      if (e === -1) this.fail(job, p, 'unterminated bit literal');
      p = e + 1;
      if (digesting) hasher.raw(stmt, s, p);
      if (spans !== null) spans.push({ kind: 'raw', start: s, end: p, quote: 0 });
    } else {
      const s = p;
      p = this.bareEnd(job, s);
      if (p === s)
        this.fail(
          job,
          p,
          c === undefined ? 'statement ends inside a row' : `unexpected byte 0x${c.toString(16)}`,
        );
      if (
        p - s === 4 &&
        (stmt[s]! | 0x20) === 0x6e &&
        (stmt[s + 1]! | 0x20) === 0x75 &&
        (stmt[s + 2]! | 0x20) === 0x6c
      ) {
        if (digesting) hasher.nullValue();
        if (spans !== null) spans.push({ kind: 'null', start: s, end: p, quote: 0 });
      } else {
        if (digesting) hasher.raw(stmt, s, p);
        if (spans !== null) spans.push({ kind: 'raw', start: s, end: p, quote: 0 });
      }
    }
    return p;
  }

  /**
   * The end of a bare value (a number, NULL, hex digits). A quote or a comment in one means the dump is damaged:
   * the tokenizer took the quote as the start of a string, the server takes the comment as hiding what follows,
   * so reading on the walk would see literals (and rewrite them) where the server sees none.
   */
  private bareEnd(job: InsertJob, p: number): number {
    const stmt = job.stmt;
    const n = stmt.length;
    for (; p < n; p++) {
      const b = stmt[p];
      if (isTokenEnd(b)) break;
      if (b === 0x27 || b === 0x22 || b === 0x60) this.fail(job, p, 'a quote inside a bare value');
      if (
        b === 0x23 ||
        (b === 0x2f && stmt[p + 1] === 0x2a) ||
        (b === 0x2d && stmt[p + 1] === 0x2d && (p + 2 >= n || stmt[p + 2]! <= 0x20))
      )
        this.fail(job, p, 'a comment inside a row');
    }
    return p;
  }

  /** Writes the statement, rewritten, to `output`, and adds its rows to `digest` (when digesting). */
  walk(
    job: InsertJob,
    output: OutputBuffer,
    digest: TableDigest | undefined,
    expectation?: InsertExpectation,
  ): void {
    const { stmt, table } = job;
    let copied = 0;
    if (this.prefix !== null) {
      // Only the prefix's bytes are swapped; the rest of the name (any bytes, any encoding) is the dump's own. A
      // bare name (mysqldump --skip-quote-names) stays bare: the new prefix is a plain identifier.
      const backquoted = stmt[job.leadLength] === 0x60;
      const renamed = this.prefix.insertRename(table, backquoted);
      if (renamed !== null) {
        const at = job.leadLength + (backquoted ? 1 : 0);
        output.put(stmt, 0, at);
        output.put(renamed.bytes);
        copied = at + renamed.length;
      }
    }
    copied = this.rows(job, output, digest, expectation, copied);
    output.put(stmt, copied, stmt.length);
  }

  // The walk's state within one statement, in fields so the walk's parts are methods (see rows).
  /** How far the statement is written to the output. */
  private copied = 0;
  /** Next [start, end, canonical] triple of the tokenizer's literals to look at. */
  private lit = 0;
  /** The replacer's anchors for this statement (null: no prefilter) and each one's next position in it. */
  private anchors: Buffer[] | null = null;
  private readonly nextAnchor: number[] = [];
  /** False when no anchor occurs in the statement at all (nothing to replace in it). */
  private anyAnchor = false;
  /** What literalEnd found out about the literal it read: canonical escapes; and, vouched by the tokenizer, clean. */
  private canonical = true;
  private clean = false;

  /**
   * The rows, from `copied` (what of the statement is written already); returns how far it is written now.
   * The loop that V8 compiles while it runs (on-stack replacement) ends in a plain return, so finishing the
   * first statement does not throw that code away. Methods, not closures made per statement: optimized code
   * that inlined one statement's closure would be thrown away at the next statement ("wrong call target"), and
   * recompiling the walk costs tens of ms.
   */
  private rows(
    job: InsertJob,
    output: OutputBuffer,
    digest: TableDigest | undefined,
    expectation: InsertExpectation | undefined,
    copied: number,
  ): number {
    const stmt = job.stmt;
    this.columnRewrites(job.table, job.columns);
    this.findAnchors(job);
    const digesting = digest !== undefined;
    const expected = expectation?.expected;
    const hasher = this.hasher;
    const spans: ValueSpan[] = [];
    const keptSpans = expected !== undefined ? spans : null;
    this.copied = copied;
    this.bsNext = -2;
    this.lit = 0;
    let p = job.headLength;
    for (;;) {
      while (isWs(stmt[p])) p++;
      if (stmt[p] !== 0x28) this.fail(job, p, `expected '(' to start a row`);
      p++;
      hasher.begin();
      spans.length = 0;
      let col = 0;
      for (;;) {
        while (isWs(stmt[p])) p++;
        const c = stmt[p];
        if (c === 0x29 && col === 0) break;
        if (c === 0x27 || c === 0x22) p = this.stringValue(job, p, c, col, output, digesting, keptSpans);
        else p = this.scalar(job, p, c, digesting, keptSpans);
        col++;
        while (isWs(stmt[p])) p++;
        if (stmt[p] === 0x2c) {
          p++;
          continue;
        }
        if (stmt[p] === 0x29) break;
        this.fail(
          job,
          p,
          stmt[p] === undefined ? 'statement ends inside a row' : `expected ',' or ')' after a value`,
        );
      }
      p++;
      if (digest) this.finishRow(job, digest, expectation, spans);
      while (isWs(stmt[p])) p++;
      if (stmt[p] === 0x2c) {
        p++;
        continue;
      }
      break;
    }
    return this.copied;
  }

  /** Sets the anchor prefilter for the statement: a literal is decoded only if one of the anchors occurs inside it. */
  private findAnchors(job: InsertJob): void {
    const replacer = this.fallback.replace;
    const anchors = replacer?.anchors ?? null;
    this.anchors = anchors;
    this.nextAnchor.length = 0;
    this.anyAnchor = replacer !== null;
    if (replacer && anchors) {
      this.anyAnchor = false;
      for (const a of anchors) {
        const at = job.stmt.indexOf(a, job.headLength);
        this.nextAnchor.push(at);
        if (at !== -1) this.anyAnchor = true;
      }
    }
  }

  /** Hashes the row into `digest`, and on the reader side notes the table's first row that differs. */
  private finishRow(
    job: InsertJob,
    digest: TableDigest,
    expectation: InsertExpectation | undefined,
    spans: ValueSpan[],
  ): void {
    const h = this.hasher.finish();
    const expected = expectation?.expected;
    if (expected !== undefined && !expectation!.mismatches.has(job.key)) {
      const want = expected.rowHash(digest.rows);
      if (want !== h[0])
        expectation!.mismatches.set(job.key, {
          index: digest.rows,
          primaryKey: primaryKey(expectation!.schema, job.columns, spans, job.stmt),
        });
    }
    digest.add(h);
  }

  /**
   * The end of the quoted literal opening at `p` with quote `c` (its closing quote's position); sets canonical and
   * clean.
   */
  private literalEnd(job: InsertJob, p: number, c: number): number {
    const { stmt, literals: lits } = job;
    const s = p + 1;
    let lit = this.lit;
    while (lit < lits.length && lits[lit]! < s) lit += 3;
    if (lit < lits.length && lits[lit] === s) {
      // The tokenizer already found this literal's end. Only its flag also vouches that no raw control byte
      // hides in the literal.
      this.lit = lit + 3;
      this.canonical = this.clean = lits[lit + 2] === 1;
      return lits[lit + 1]!;
    }
    this.lit = lit;
    this.clean = false;
    // Defensive: the tokenizer lists every quoted string, but a literal it did not list is scanned here.
    let canonical = true;
    const n = stmt.length;
    let i = s;
    for (;;) {
      let b = 0;
      while (i < n) {
        b = stmt[i]!;
        if (b === c || b === 0x5c) break;
        i++;
      }
      if (i >= n) this.fail(job, p, 'unterminated string literal');
      if (b === 0x5c) {
        if (CANONICAL_ESCAPE[stmt[i + 1]!] !== 1) canonical = false;
        i += 2;
        continue;
      }
      if (stmt[i + 1] === c) {
        i += 2;
        canonical = false;
        continue;
      }
      this.canonical = canonical;
      return i;
    }
  }

  /**
   * One quoted value of column `col` at `p`: written rewritten when a rewrite applies to it, and hashed; returns
   * the position after it.
   */
  private stringValue(
    job: InsertJob,
    p: number,
    c: number,
    col: number,
    output: OutputBuffer,
    digesting: boolean,
    spans: ValueSpan[] | null,
  ): number {
    const stmt = job.stmt;
    const s = p + 1;
    const e = this.literalEnd(job, p, c);
    const canonical = this.canonical;
    const clean = this.clean;
    const rw = this.rewriters[col] ?? this.fallback;
    let emitted = false;
    if (
      rw.data !== null ||
      (rw.replace !== null && this.anyAnchor && literalHasAnchor(stmt, this.anchors, this.nextAnchor, s, e))
    ) {
      const column = job.columns[col] ?? `#${col + 1}`;
      let found = -1;
      if (rw.data === null && rw.replace !== null)
        found = this.replaceInPlace(job, rw.replace, s, e, c, column, output, digesting);
      if (found === -1) emitted = this.rewriteDecoded(job, rw, s, e, c, column, output, digesting);
      else emitted = found > 0;
    }
    if (digesting && !emitted) this.hasher.escapedString(stmt, s, e, c, canonical, clean);
    if (spans !== null) spans.push({ kind: 'string', start: s, end: e, quote: c });
    return e + 1;
  }

  /**
   * The byte paths (no decoding, no strings): write the literal `[s, e)` with its replacements straight to the
   * output and hash it there. Returns the replacements made, or -1 when no byte path applies (what one wrote
   * is dropped).
   */
  private replaceInPlace(
    job: InsertJob,
    replace: ReplacerEngine,
    s: number,
    e: number,
    c: number,
    column: string,
    output: OutputBuffer,
    digesting: boolean,
  ): number {
    const stmt = job.stmt;
    const mark = output.length;
    output.put(stmt, this.copied, s);
    const rawStart = output.length;
    const next = this.anchors ? this.nextAnchor : undefined;
    // A serialized value in a clean dumped literal is rewritten on its escaped bytes when it can be.
    let n =
      this.clean && c === 0x27 ? replaceInEscapedSerializedInto(replace, stmt, s, e, output, next) : null;
    if (n === null) {
      output.truncate(rawStart);
      const found = replace.findInEscaped(stmt, s, e, next);
      if (found > 0) replace.writeEscaped(stmt, s, e, output);
      n = found === -1 ? null : found;
    }
    if (n !== null && n > 0) {
      this.count(job.key, column, n);
      this.copied = e;
      if (digesting)
        this.hasher.escapedString(output.bytes, rawStart, output.length, c, this.canonical, this.clean);
      return n;
    }
    output.truncate(mark);
    return n === null ? -1 : 0;
  }

  /**
   * The string paths: the regex on the literal's escaped text, or the value decoded (column data rewrite,
   * serialized values). Writes and hashes the literal when it changed; returns whether it did.
   */
  private rewriteDecoded(
    job: InsertJob,
    rw: ColumnRewrite,
    s: number,
    e: number,
    c: number,
    column: string,
    output: OutputBuffer,
    digesting: boolean,
  ): boolean {
    const { stmt, key } = job;
    let raw: Buffer | null = null;
    let rawCanonical = true;
    let rawClean = true;
    const fast =
      rw.data === null && rw.replace !== null
        ? rw.replace.replaceEscaped(stmt.toString('latin1', s, e))
        : null;
    if (fast !== null) {
      rawCanonical = this.canonical;
      rawClean = this.clean;
      if (fast.count > 0) {
        this.count(key, column, fast.count);
        raw = Buffer.from(fast.value, 'latin1');
      }
    } else {
      const value = unescapeSqlString(stmt, s, e, c);
      let next = rw.data ? rw.data(value) : value;
      if (rw.replace) {
        const r = rw.replace.replaceValue(next);
        if (r.count > 0) this.count(key, column, r.count);
        if (r.unparseable > 0)
          this.noteUnparseable('unparseable', key, column, r.unparseable, job.offset + s);
        if (r.customKept > 0)
          this.noteUnparseable('custom-object', key, column, r.customKept, job.offset + s);
        next = r.value;
      }
      if (next !== value) raw = escapeSqlString(next);
    }
    if (raw === null) return false;
    output.put(stmt, this.copied, s);
    output.put(raw);
    this.copied = e;
    if (digesting) this.hasher.escapedString(raw, 0, raw.length, c, rawCanonical, rawClean);
    return true;
  }
}

/** True when one of `anchors` occurs inside `stmt[s, e)`; `nextAnchor` holds each one's next position. */
function literalHasAnchor(
  stmt: Buffer,
  anchors: Buffer[] | null,
  nextAnchor: number[],
  s: number,
  e: number,
): boolean {
  if (!anchors) return true;
  for (let k = 0; k < anchors.length; k++) {
    let at = nextAnchor[k]!;
    if (at === -1) continue;
    if (at < s) nextAnchor[k] = at = stmt.indexOf(anchors[k]!, s);
    if (at !== -1 && at + anchors[k]!.length <= e) return true;
  }
  return false;
}

function primaryKey(
  schema: TableSchema | undefined,
  columns: string[],
  spans: ValueSpan[],
  stmt: Buffer,
): Record<string, string | null> | null {
  if (!schema || schema.primaryKey.length === 0) return null;
  const out = Object.create(null) as Record<string, string | null>;
  for (const name of schema.primaryKey) {
    const span = spans[columns.indexOf(name)];
    if (!span) return null;
    out[name] =
      span.kind === 'null'
        ? null
        : span.kind === 'string'
          ? Buffer.from(unescapeSqlString(stmt, span.start, span.end, span.quote), 'latin1').toString('utf8')
          : stmt.toString('latin1', span.start, span.end);
  }
  return out;
}
