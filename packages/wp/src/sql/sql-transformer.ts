// The SqlStream's engine, free of Node streams so it can run in-process or in a worker thread: bytes in,
// bytes out, plus a report. Statements that need no change leave as the very bytes that came in.
import { DumpFixes, type DumpFixOptions } from './dump-fixes.js';
import { OutputBuffer } from './output-buffer.js';
import { replaceInEscapedSerialized } from './escaped-serialized-replacer.js';
import { PrefixRewriter, type PrefixRename } from './prefix-rewriter.js';
import { Replacer, type ReplacementPair } from './replacer.js';
import type { SqlFinding } from './sql-finding.js';
import { sqlParseError } from './sql-parse-error.js';
import { CANONICAL_ESCAPE, escapeSqlString, unescapeSqlString } from './sql-string-escape.js';
import { SqlTokenizer, type SqlUnit } from './sql-tokenizer.js';
import { RowHasher, TableDigest, type TableDigestJson } from './table-digest.js';

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

interface TableSchema {
  columns: string[];
  primaryKey: string[];
}

interface ValueSpan {
  kind: 'string' | 'hex' | 'raw' | 'null';
  start: number;
  end: number;
  quote: number;
}

const INSERT_HEAD =
  /^(\s*(?:\/\*!\d*\s*)?(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*(?:INTO\s+)?)`((?:[^`]|``)+)`(\s*\(([^)]*)\))?(\s*VALUES\s*)/i;
const CREATE_TABLE =
  /^\s*(?:\/\*!\d*\s*)?CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`((?:[^`]|``)+)`\s*\(/i;
const COLUMN_LINE = /^\s*`((?:[^`]|``)+)`\s/gm;
const PRIMARY_KEY = /PRIMARY\s+KEY\s*(?:USING\s+\w+\s*)?\(([^)]*)\)/i;
const QUOTED_NAME = /`((?:[^`]|``)+)`/g;

const namesIn = (list: string): string[] =>
  [...list.matchAll(QUOTED_NAME)].map((m) => m[1]!.replace(/``/g, '`'));
const isWs = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isTokenEnd = (c: number | undefined): boolean => c === undefined || c === 0x2c || c === 0x29 || isWs(c);

export class SqlTransformer {
  private readonly tokenizer = new SqlTokenizer();
  private readonly replacer: Replacer | null;
  private readonly prefix: PrefixRewriter | null;
  private readonly fixes: DumpFixes | null;
  private readonly skipColumns: Set<string>;
  private readonly includeTables: Set<string> | null;
  private readonly skipTables: Set<string>;
  private readonly schemas = new Map<string, TableSchema>();
  readonly digests = new Map<string, TableDigest>();
  /** Reader side: the first row per table whose hash differs from `expect`. */
  readonly mismatches = new Map<string, RowLocation>();
  private expect: Map<string, TableDigest> | undefined;
  private readonly hasher = new RowHasher();
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly unparseable = new Map<
    string,
    { table: string; column: string; count: number; offset: number }
  >();
  private totalReplacements = 0;
  private statements = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  private readonly output = new OutputBuffer();

  constructor(
    private readonly options: SqlStreamOptions = {},
    expect?: Map<string, TableDigest>,
  ) {
    this.replacer =
      options.pairs && options.pairs.length > 0
        ? new Replacer(options.pairs, { caseInsensitive: options.caseInsensitive ?? false })
        : null;
    this.prefix = options.prefix ? new PrefixRewriter(options.prefix) : null;
    this.fixes = options.fixes ? new DumpFixes(options.fixes) : null;
    this.skipColumns = new Set(options.skipColumns ?? []);
    this.includeTables =
      options.includeTables && options.includeTables.length > 0 ? new Set(options.includeTables) : null;
    this.skipTables = new Set(options.skipTables ?? []);
    this.expect = expect;
  }

  /**
   * Feeds a chunk; returns the output bytes it completes (possibly empty). A non-empty result owns its whole
   * ArrayBuffer (never a slice of Node's pool), so it can be transferred to another thread; so does `end`'s.
   */
  push(chunk: Uint8Array): Buffer {
    this.bytesIn += chunk.length;
    this.tokenizer.push(chunk, this.onUnit);
    return this.flush();
  }

  /** Ends the input; throws WPF_SQL_PARSE when the dump is truncated. */
  end(): Buffer {
    this.tokenizer.end(this.onUnit);
    return this.flush();
  }

  private flush(): Buffer {
    const out = this.output.take();
    this.bytesOut += out.length;
    return out;
  }

  report(): SqlStreamReport {
    const tables: Record<string, Record<string, number>> = {};
    for (const [t, cols] of this.counts) tables[t] = Object.fromEntries(cols);
    const findings: SqlFinding[] = this.fixes ? this.fixes.findings() : [];
    for (const u of this.unparseable.values()) {
      findings.push({
        severity: 'warning',
        code: 'serialized-unparseable',
        message:
          `${u.count} value(s) in ${u.table}.${u.column} look PHP-serialized but do not parse; left byte-for-byte ` +
          `untouched although they contain a search string (first at byte ${u.offset})`,
        table: u.table,
        details: { column: u.column, count: u.count, offset: u.offset },
      });
    }
    const digests: Record<string, TableDigestJson> = {};
    for (const [t, d] of this.digests) digests[t] = d.toJSON();
    return {
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      statements: this.statements,
      replacements: { total: this.totalReplacements, tables },
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
      this.output.put(unit.bytes);
      return;
    }
    this.statements++;
    const b = unit.bytes;
    // Cheap look at the first letters: INSERT/REPLACE statements hold the data and take the fast path.
    let i = 0;
    while (i < b.length && isWs(b[i])) i++;
    const c = b[i]! | 0x20;
    if ((c === 0x69 || c === 0x72) && this.insert(unit)) return;
    this.other(unit);
  };

  private other(unit: SqlUnit): void {
    const text = unit.bytes.toString('latin1');
    const created = CREATE_TABLE.exec(text);
    if (created) {
      const body = text.slice(created[0].length);
      const columns = [...body.matchAll(COLUMN_LINE)].map((m) => m[1]!.replace(/``/g, '`'));
      const pk = PRIMARY_KEY.exec(body);
      const table = created[1]!.replace(/``/g, '`');
      this.schemas.set(table, { columns, primaryKey: pk ? namesIn(pk[1]!) : [] });
      // Empty tables get a digest too, so a table lost on the way is noticed even without rows.
      const key = this.digestKey(table);
      if (this.options.digest !== false && !this.digests.has(key))
        this.digests.set(key, new TableDigest(this.options.keepRowHashes ?? false));
    }
    let next = this.fixes ? this.fixes.fixStatement(text) : text;
    if (this.prefix) next = this.prefix.rewriteStatement(next);
    this.output.put(next === text ? unit.bytes : Buffer.from(next, 'latin1'));
  }

  private replacesIn(table: string): boolean {
    if (this.includeTables && !this.includeTables.has(table)) return false;
    return !this.skipTables.has(table);
  }

  private digestKey(table: string): string {
    if (this.prefix) return this.prefix.finalName(table);
    const dp = this.options.digestPrefix;
    if (dp && table.startsWith(dp.from)) return dp.to + table.slice(dp.from.length);
    return table;
  }

  private count(table: string, column: string, n: number): void {
    let cols = this.counts.get(table);
    if (!cols) this.counts.set(table, (cols = new Map()));
    cols.set(column, (cols.get(column) ?? 0) + n);
    this.totalReplacements += n;
  }

  /** Returns false when the statement is not a plain INSERT ... VALUES (it then goes through `other`). */
  private insert(unit: SqlUnit): boolean {
    const stmt = unit.bytes;
    const head = INSERT_HEAD.exec(stmt.toString('latin1', 0, Math.min(stmt.length, 1 << 16)));
    if (!head) return false;
    const table = head[2]!.replace(/``/g, '`');
    const columns = head[4] !== undefined ? namesIn(head[4]) : (this.schemas.get(table)?.columns ?? []);
    const schema = this.schemas.get(table);
    const output = this.output;
    let copied = 0;
    if (this.prefix && this.prefix.outputName(table) !== table) {
      const renamed = `${head[1]}\`${this.prefix.outputName(table).replace(/`/g, '``')}\``;
      output.put(Buffer.from(renamed, 'latin1'));
      copied = head[1]!.length + head[2]!.length + 2;
    }

    const replacer = this.replacer !== null && this.replacesIn(table) ? this.replacer : null;
    const rewriters = columns.map((col) => {
      const data = this.prefix?.dataRewriter(table, col) ?? null;
      const skip = this.skipColumns.has(col) || this.skipColumns.has(`${table}.${col}`);
      return { data, replace: skip ? null : replacer };
    });
    const fallback = { data: null, replace: replacer };
    // Anchor prefilter: a literal is decoded only if one of the pair's anchors occurs inside it.
    const anchors = replacer?.anchors ?? null;
    const nextAnchor: number[] = [];
    let anyAnchor = replacer !== null;
    if (replacer && anchors) {
      anyAnchor = false;
      for (const a of anchors) {
        const at = stmt.indexOf(a, head[0].length);
        nextAnchor.push(at);
        if (at !== -1) anyAnchor = true;
      }
    }
    const literalHasAnchor = (s: number, e: number): boolean => {
      if (!anchors) return true;
      for (let k = 0; k < anchors.length; k++) {
        let at = nextAnchor[k]!;
        if (at === -1) continue;
        if (at < s) nextAnchor[k] = at = stmt.indexOf(anchors[k]!, s);
        if (at !== -1 && at + anchors[k]!.length <= e) return true;
      }
      return false;
    };

    const digesting = this.options.digest !== false;
    const key = this.digestKey(table);
    let digest = this.digests.get(key);
    if (digesting && !digest)
      this.digests.set(key, (digest = new TableDigest(this.options.keepRowHashes ?? false)));
    // Locating the first differing row needs the sender's row hashes; without them only digests compare.
    const sent = this.expect?.get(key);
    const expected = sent !== undefined && sent.keepRowHashes ? sent : undefined;
    const hasher = this.hasher;
    const spans: ValueSpan[] = [];
    const fail = (p: number, what: string): never => {
      throw sqlParseError(unit.offset + p, `${what} in INSERT INTO \`${table}\``);
    };

    let bsNext = -2;
    const lits = unit.literals;
    let lit = 0;
    let p = head[0].length;
    const n = stmt.length;
    for (;;) {
      while (isWs(stmt[p])) p++;
      if (stmt[p] !== 0x28) fail(p, `expected '(' to start a row`);
      p++;
      hasher.begin();
      spans.length = 0;
      let col = 0;
      for (;;) {
        while (isWs(stmt[p])) p++;
        const c = stmt[p];
        if (c === 0x29 && col === 0) break;
        if (c === 0x27 || c === 0x22) {
          const s = p + 1;
          let i = s;
          let e: number;
          let canonical = true;
          // Only the tokenizer's flag also vouches that no raw control byte hides in the literal.
          let clean = false;
          while (lit < lits.length && lits[lit]! < s) lit += 3;
          if (lit < lits.length && lits[lit] === s) {
            // The tokenizer already found this literal's end.
            e = lits[lit + 1]!;
            canonical = clean = lits[lit + 2] === 1;
            lit += 3;
          } else {
            // Defensive: the tokenizer lists every quoted string, but a literal it did not list is scanned here.
            for (;;) {
              let b = 0;
              while (i < n) {
                b = stmt[i]!;
                if (b === c || b === 0x5c) break;
                i++;
              }
              if (i >= n) fail(p, 'unterminated string literal');
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
              e = i;
              break;
            }
          }
          p = e + 1;
          const rw = rewriters[col] ?? fallback;
          let emitted = false;
          if (rw.data !== null || (rw.replace !== null && anyAnchor && literalHasAnchor(s, e))) {
            const column = columns[col] ?? `#${col + 1}`;
            let raw: Buffer | null = null;
            let rawCanonical = true;
            let rawClean = true;
            // A serialized value in a clean dumped literal is rewritten on its escaped bytes when it can be.
            const serialized =
              rw.data === null && rw.replace !== null && clean && c === 0x27
                ? replaceInEscapedSerialized(rw.replace, stmt, s, e, anchors ? nextAnchor : undefined)
                : null;
            const inPlace =
              serialized ??
              (rw.data === null && rw.replace !== null
                ? rw.replace.replaceInEscaped(stmt, s, e, anchors ? nextAnchor : undefined)
                : null);
            const fast =
              inPlace === null && rw.data === null && rw.replace !== null
                ? rw.replace.replaceEscaped(stmt.toString('latin1', s, e))
                : null;
            if (inPlace !== null) {
              rawCanonical = canonical;
              rawClean = clean;
              if (inPlace.count > 0) {
                this.count(key, column, inPlace.count);
                raw = inPlace.out;
              }
            } else if (fast !== null) {
              rawCanonical = canonical;
              rawClean = clean;
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
                if (r.unparseable > 0) this.noteUnparseable(key, column, r.unparseable, unit.offset + s);
                next = r.value;
              }
              if (next !== value) raw = escapeSqlString(next);
            }
            if (raw !== null) {
              output.put(stmt, copied, s);
              output.put(raw);
              copied = e;
              if (digesting) hasher.escapedString(raw, 0, raw.length, c, rawCanonical, rawClean);
              emitted = true;
            }
          }
          if (digesting && !emitted) hasher.escapedString(stmt, s, e, c, canonical, clean);
          if (expected !== undefined) spans.push({ kind: 'string', start: s, end: e, quote: c });
        } else if (c === 0x30 && (stmt[p + 1] === 0x78 || stmt[p + 1] === 0x58)) {
          const s = p + 2;
          p = s;
          while (p < n && !isTokenEnd(stmt[p])) p++;
          if (digesting) hasher.hex(stmt, s, p);
          if (expected !== undefined) spans.push({ kind: 'hex', start: s, end: p, quote: 0 });
        } else if ((c === 0x58 || c === 0x78) && stmt[p + 1] === 0x27) {
          const s = p + 2;
          const e = stmt.indexOf(0x27, s);
          if (e === -1) fail(p, 'unterminated hex literal');
          p = e + 1;
          if (digesting) hasher.hex(stmt, s, e);
          if (expected !== undefined) spans.push({ kind: 'hex', start: s, end: e, quote: 0 });
        } else if (c === 0x5f) {
          // _binary '...' (or another charset introducer): stored bytes, never rewritten.
          let q = p + 1;
          while (q < n && !isWs(stmt[q]) && stmt[q] !== 0x27) q++;
          while (isWs(stmt[q])) q++;
          if (stmt[q] !== 0x27) fail(p, 'charset introducer without a string literal');
          const s = q + 1;
          let i = s;
          let e: number;
          let qq: number = stmt.indexOf(0x27, i);
          for (;;) {
            if (qq !== -1 && qq < i) qq = stmt.indexOf(0x27, i);
            if (qq === -1) fail(p, 'unterminated string literal');
            if (bsNext !== -1 && bsNext < i) bsNext = stmt.indexOf(0x5c, i);
            if (bsNext !== -1 && bsNext < qq) {
              i = bsNext + 2;
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
          if (expected !== undefined) spans.push({ kind: 'string', start: s, end: e, quote: 0x27 });
        } else {
          const s = p;
          while (p < n && !isTokenEnd(stmt[p])) p++;
          if (p === s)
            fail(p, c === undefined ? 'statement ends inside a row' : `unexpected byte 0x${c.toString(16)}`);
          if (
            p - s === 4 &&
            (stmt[s]! | 0x20) === 0x6e &&
            (stmt[s + 1]! | 0x20) === 0x75 &&
            (stmt[s + 2]! | 0x20) === 0x6c
          ) {
            if (digesting) hasher.nullValue();
            if (expected !== undefined) spans.push({ kind: 'null', start: s, end: p, quote: 0 });
          } else {
            if (digesting) hasher.raw(stmt, s, p);
            if (expected !== undefined) spans.push({ kind: 'raw', start: s, end: p, quote: 0 });
          }
        }
        col++;
        while (isWs(stmt[p])) p++;
        if (stmt[p] === 0x2c) {
          p++;
          continue;
        }
        if (stmt[p] === 0x29) break;
        fail(p, stmt[p] === undefined ? 'statement ends inside a row' : `expected ',' or ')' after a value`);
      }
      p++;
      if (digest) {
        const h = hasher.finish();
        if (expected !== undefined && !this.mismatches.has(key)) {
          const want = expected.rowHash(digest.rows);
          if (want !== h[0])
            this.mismatches.set(key, {
              index: digest.rows,
              primaryKey: this.primaryKey(schema, columns, spans, stmt),
            });
        }
        digest.add(h);
      }
      while (isWs(stmt[p])) p++;
      if (stmt[p] === 0x2c) {
        p++;
        continue;
      }
      break;
    }
    output.put(stmt, copied, stmt.length);
    return true;
  }

  private noteUnparseable(table: string, column: string, count: number, offset: number): void {
    const k = `${table}\0${column}`;
    const u = this.unparseable.get(k);
    if (u) u.count += count;
    else this.unparseable.set(k, { table, column, count, offset });
  }

  private primaryKey(
    schema: TableSchema | undefined,
    columns: string[],
    spans: ValueSpan[],
    stmt: Buffer,
  ): Record<string, string | null> | null {
    if (!schema || schema.primaryKey.length === 0) return null;
    const out: Record<string, string | null> = {};
    for (const name of schema.primaryKey) {
      const span = spans[columns.indexOf(name)];
      if (!span) return null;
      out[name] =
        span.kind === 'null'
          ? null
          : span.kind === 'string'
            ? Buffer.from(unescapeSqlString(stmt, span.start, span.end, span.quote), 'latin1').toString(
                'utf8',
              )
            : stmt.toString('latin1', span.start, span.end);
    }
    return out;
  }

  /** Sets the expected digests for the reader side (see digestDump). */
  expectDigests(expect: Map<string, TableDigest>): void {
    this.expect = expect;
  }
}
