// Splits a mysqldump/mariadb-dump byte stream into units (gaps of whitespace and comments, statements,
// DELIMITER commands) without caring where chunk boundaries fall. Works on bytes; it never decodes text.
import { CLIENT_COMMAND, MAX_STATEMENT_BYTES_LIMIT, sqlRefused, sqlTooLarge } from './sql-firewall.js';
import { sqlParseError } from './sql-parse-error.js';
import { CANONICAL_ESCAPE } from './sql-string-escape.js';

export type SqlUnitKind = 'gap' | 'statement' | 'delimiter';

export interface SqlUnit {
  kind: SqlUnitKind;
  /** A view into the tokenizer's buffer: valid only until the emit callback returns. */
  bytes: Buffer;
  /** Byte offset of the unit's first byte in the whole input. */
  offset: number;
  /** For statements: the delimiter that ended it (`;` unless a DELIMITER command changed it). */
  delimiter: Buffer;
  /**
   * For statements: each quoted string's [start, end, canonical] relative to `bytes` (start after the opening
   * quote, end at the closing one; canonical 1 when every escape inside is one mysqldump writes and no byte it escapes stands raw).
   */
  literals: Int32Array;
}

export type UnitSink = (unit: SqlUnit) => void;

const enum State {
  Top,
  TopLineComment,
  TopBlockComment,
  Statement,
  SingleQuoted,
  DoubleQuoted,
  Backticked,
  LineComment,
  BlockComment,
}

const SANDBOX = Buffer.from('/*M!999999\\-', 'latin1');
const DELIMITER = Buffer.from('DELIMITER', 'latin1');

function wordsOf(buf: Buffer): Int32Array | null {
  if (buf.byteOffset % 4 !== 0) return null;
  return new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
}

const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
// `-- ` starts a comment for the mysql client only before a space character (C isspace); the server takes any
// control byte too. Read as the client reads it, `--\x01\! cmd` is no comment: its control byte is refused below
// as binary, where the server's reading would have hidden a client command from the firewall.
const isClientSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

export interface SqlTokenizerOptions {
  /** Cap on one unit (statement or gap) held in memory; see DEFAULT_MAX_STATEMENT_BYTES. */
  maxUnitBytes?: number;
  /** Refuse a `\\` outside quotes and comments (a mysql client command such as `\\!`), as the SqlFirewall does. */
  refuseClientCommands?: boolean;
}

export class SqlTokenizer {
  private readonly maxUnit: number;
  private readonly configuredMax: number;
  private readonly refuseBackslash: boolean;
  private buf = Buffer.allocUnsafe(1 << 16);
  private view: Buffer = this.buf.subarray(0, 0);
  /** `buf` as 32-bit words for skipping plain text in literals four bytes at a time (null when unaligned). */
  private words: Int32Array | null = wordsOf(this.buf);
  private len = 0;
  /** Absolute input offset of buf[0]. */
  private base = 0;
  private unitStart = 0;
  private pos = 0;
  private state = State.Top;
  private delimiter = Buffer.from(';');
  private literalStart = 0;
  private ended = false;
  // String literals of the current statement, so the INSERT walker need not scan them a second time.
  private lits = new Int32Array(3 * 1024);
  private litCount = 0;
  private litCanonical = 1;

  constructor(options: SqlTokenizerOptions = {}) {
    this.configuredMax = options.maxUnitBytes ?? Number.MAX_SAFE_INTEGER;
    this.maxUnit = Math.min(this.configuredMax, MAX_STATEMENT_BYTES_LIMIT);
    this.refuseBackslash = options.refuseClientCommands ?? false;
  }

  push(chunk: Uint8Array, emit: UnitSink): void {
    if (chunk.length === 0) return;
    this.append(chunk);
    this.scan(emit);
    // Checked after the scan: what is still held is one unfinished unit.
    if (this.len - this.unitStart > this.maxUnit)
      throw sqlTooLarge(this.base + this.unitStart, this.maxUnit, this.configuredMax);
  }

  end(emit: UnitSink): void {
    this.ended = true;
    this.scan(emit);
    const at = this.base + this.literalStart;
    switch (this.state) {
      case State.Top:
      case State.TopLineComment:
        if (this.pos > this.unitStart) this.emitUnit('gap', emit);
        return;
      case State.TopBlockComment:
      case State.BlockComment:
        throw sqlParseError(at, 'unterminated /* comment (the dump is truncated)');
      case State.SingleQuoted:
      case State.DoubleQuoted:
        throw sqlParseError(
          at,
          'unterminated string literal (the dump is truncated, a string lost its closing quote, or the dump is in ' +
            'SJIS, GBK, Big5, CP932 or GB18030, whose characters may end in a backslash byte: export it in utf8mb4)',
        );
      case State.Backticked:
        throw sqlParseError(at, 'unterminated `quoted identifier` (the dump is truncated)');
      case State.Statement:
      case State.LineComment:
        throw sqlParseError(
          this.base + this.unitStart,
          `statement has no terminating '${this.delimiter.toString('latin1')}' (the dump is truncated)`,
        );
    }
  }

  private append(chunk: Uint8Array): void {
    const keep = this.len - this.unitStart;
    if (this.len + chunk.length > this.buf.length) {
      const needed = keep + chunk.length;
      if (needed > this.buf.length / 2 || this.unitStart === 0) {
        const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, needed * 2));
        this.buf.copy(next, 0, this.unitStart, this.len);
        this.buf = next;
        this.words = wordsOf(next);
      } else {
        this.buf.copy(this.buf, 0, this.unitStart, this.len);
      }
      this.base += this.unitStart;
      this.pos -= this.unitStart;
      this.literalStart -= this.unitStart;
      this.unitStart = 0;
      this.len = keep;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    this.view = this.buf.subarray(0, this.len);
  }

  private recordLiteral(start: number, end: number): void {
    const at = this.litCount * 3;
    if (at + 3 > this.lits.length) {
      const next = new Int32Array(this.lits.length * 2);
      next.set(this.lits);
      this.lits = next;
    }
    this.lits[at] = start;
    this.lits[at + 1] = end;
    this.lits[at + 2] = this.litCanonical;
    this.litCount++;
  }

  private emitUnit(kind: SqlUnitKind, emit: UnitSink): void {
    // A whole unit that came in one chunk was never held unfinished: the same cap, checked here.
    if (this.pos - this.unitStart > this.maxUnit)
      throw sqlTooLarge(this.base + this.unitStart, this.maxUnit, this.configuredMax);
    emit({
      kind,
      bytes: this.buf.subarray(this.unitStart, this.pos),
      offset: this.base + this.unitStart,
      delimiter: this.delimiter,
      literals: this.lits.subarray(0, this.litCount * 3),
    });
    this.unitStart = this.pos;
    this.litCount = 0;
  }

  /** True when `bytes` is at `p`; undefined when more input is needed to know. */
  private matchAt(p: number, bytes: Buffer, caseless = false): boolean | undefined {
    for (let i = 0; i < bytes.length; i++) {
      if (p + i >= this.len) return this.ended ? false : undefined;
      let c = this.buf[p + i]!;
      if (caseless && c >= 0x61 && c <= 0x7a) c -= 0x20;
      if (c !== bytes[i]) return false;
    }
    return true;
  }

  /**
   * Between statements (whitespace, comments, DELIMITER commands): the next position, or -1 when more input is
   * needed. A method of its own so that the first comment or DELIMITER after the hot loops were optimized does
   * not throw their optimized code away (V8 deoptimizes a function on a branch it never saw run).
   */
  private top(pos: number, emit: UnitSink): number {
    const buf = this.buf;
    const len = this.len;
    const c = buf[pos]!;
    if (isSpace(c)) {
      pos++;
      while (pos < len && isSpace(buf[pos])) pos++;
      return pos;
    }
    if (c === 0x2d) {
      if (len - pos < 3 && !this.ended) return -1;
      // Bytes past `len` are stale (an earlier chunk, or uninitialized memory): never read them.
      const n1 = pos + 1 < len ? buf[pos + 1] : undefined;
      const n2 = pos + 2 < len ? buf[pos + 2]! : 0x20;
      if (n1 === 0x2d && isClientSpace(n2)) {
        this.state = State.TopLineComment;
        pos += 2;
        return pos;
      }
    } else if (c === 0x23) {
      this.state = State.TopLineComment;
      pos++;
      return pos;
    } else if (c === 0x2f) {
      const sandbox = this.matchAt(pos, SANDBOX);
      if (sandbox === undefined) return -1;
      const n1 = pos + 1 < len ? buf[pos + 1] : undefined;
      const n2 = pos + 2 < len ? buf[pos + 2] : undefined;
      const n3 = pos + 3 < len ? buf[pos + 3] : undefined;
      if (n1 === 0x2a) {
        const executable = n2 === 0x21 || (n2 === 0x4d && n3 === 0x21);
        if (sandbox || !executable) {
          this.literalStart = pos;
          this.state = State.TopBlockComment;
          pos += 2;
          return pos;
        }
      }
    } else if (c === 0xef && this.base + pos === 0) {
      // A UTF-8 byte order mark (a dump saved by an editor): the mysql client skips it, so it belongs to the
      // gap, not to the first statement (which would then not look like the INSERT or CREATE TABLE it is).
      if (len < 3 && !this.ended) return -1;
      if (buf[1] === 0xbb && buf[2] === 0xbf) return 3;
    } else if (c === 0x44 || c === 0x64) {
      const isDelimiter = this.matchAt(pos, DELIMITER, true);
      if (isDelimiter === undefined) return -1;
      const after = pos + DELIMITER.length < len ? buf[pos + DELIMITER.length] : undefined;
      if (isDelimiter && after === undefined && !this.ended) return -1;
      // The mysql client refuses a bare DELIMITER too; read as a statement it would be "no terminating ';'".
      if (isDelimiter && (after === undefined || after === 0x0a || after === 0x0d)) {
        throw sqlParseError(this.base + pos, 'DELIMITER command without a delimiter');
      }
      if (isDelimiter && (after === 0x20 || after === 0x09)) {
        const nl = this.view.indexOf(0x0a, pos);
        if (nl === -1 && !this.ended) return -1;
        this.pos = pos;
        if (this.pos > this.unitStart) this.emitUnit('gap', emit);
        const lineEnd = nl === -1 ? len : nl + 1;
        const word = buf.toString('latin1', pos + DELIMITER.length, lineEnd).trim();
        if (word.length === 0) throw sqlParseError(this.base + pos, 'DELIMITER command without a delimiter');
        pos = lineEnd;
        this.pos = pos;
        this.emitUnit('delimiter', emit);
        this.delimiter = Buffer.from(word, 'latin1');
        return pos;
      }
    }
    this.pos = pos;
    if (this.pos > this.unitStart) this.emitUnit('gap', emit);
    this.state = State.Statement;
    return pos;
  }

  /** In a comment: the position after it (the state moves on), or the end of the input so far. */
  private comment(pos: number): number {
    const len = this.len;
    if (this.state === State.TopLineComment || this.state === State.LineComment) {
      const nl = this.view.indexOf(0x0a, pos);
      if (nl === -1) return len;
      this.state = this.state === State.TopLineComment ? State.Top : State.Statement;
      return nl + 1;
    }
    const close = this.view.indexOf('*/', pos, 'latin1');
    if (close === -1) return Math.max(pos, len - 1);
    this.state = this.state === State.TopBlockComment ? State.Top : State.Statement;
    return close + 2;
  }

  private scan(emit: UnitSink): void {
    const buf = this.buf;
    const len = this.len;
    // Read once here: a property first read in a branch the optimizer never saw run costs a deoptimization.
    const ended = this.ended;
    let pos = this.pos;
    for (;;) {
      if (pos >= len) break;
      switch (this.state) {
        case State.Top: {
          const next = this.top(pos, emit);
          if (next === -1) break;
          pos = next;
          continue;
        }
        case State.TopLineComment:
        case State.LineComment:
        case State.TopBlockComment:
        case State.BlockComment: {
          // Comments are rare between and inside statements; their own method keeps the hot loops' code intact.
          const inside = this.state;
          pos = this.comment(pos);
          // Still in it: the comment goes on past the input so far.
          if (this.state === inside) break;
          continue;
        }
        case State.SingleQuoted:
        case State.DoubleQuoted: {
          // One tight byte loop over the whole literal, escapes included: dumped text has an escape every few
          // dozen bytes, where a native indexOf per escape (or a trip through the state switch) costs more than
          // looking at each byte. The same loop notes raw control bytes mysqldump would have escaped, so the
          // Digest can trust the canonical flag without scanning the literal again.
          const quote = this.state === State.SingleQuoted ? 0x27 : 0x22;
          const quotes = quote * 0x01010101;
          const words = this.words;
          const wordsEnd = len >> 2;
          let canonical = this.litCanonical;
          let closed = false;
          while (pos < len) {
            if (words !== null && (pos & 3) === 0) {
              // Whole words with no quote, no backslash and no control byte are skipped (SWAR zero-byte tests;
              // a false alarm only sends the word to the byte loop).
              let wi = pos >> 2;
              while (wi < wordsEnd) {
                const w = words[wi]!;
                const q = w ^ quotes;
                const b = w ^ 0x5c5c5c5c;
                if (
                  (((q - 0x01010101) & ~q) | ((b - 0x01010101) & ~b) | ((w - 0x20202020) & ~w)) &
                  0x80808080
                )
                  break;
                wi++;
              }
              pos = wi << 2;
              if (pos >= len) break;
            }
            const c = buf[pos]!;
            if (c > 0x5c || (c !== quote && c !== 0x5c && c >= 0x20)) {
              pos++;
              continue;
            }
            if (c === 0x5c) {
              if (pos + 1 >= len) break;
              if (CANONICAL_ESCAPE[buf[pos + 1]!] !== 1) canonical = 0;
              pos += 2;
              continue;
            }
            if (c !== quote) {
              if (c === 0x0a || c === 0x0d || c === 0x00 || c === 0x1a) canonical = 0;
              pos++;
              continue;
            }
            if (pos + 1 >= len && !ended) break;
            if (pos + 1 < len && buf[pos + 1] === quote) {
              canonical = 0;
              pos += 2;
              continue;
            }
            closed = true;
            break;
          }
          this.litCanonical = canonical;
          if (!closed) break;
          this.recordLiteral(this.literalStart + 1 - this.unitStart, pos - this.unitStart);
          pos++;
          this.state = State.Statement;
          continue;
        }
        case State.Backticked: {
          const q = this.view.indexOf(0x60, pos);
          if (q === -1) {
            pos = len;
            break;
          }
          if (q + 1 >= len && !ended) {
            pos = q;
            break;
          }
          if (buf[q + 1] === 0x60) {
            pos = q + 2;
            continue;
          }
          pos = q + 1;
          this.state = State.Statement;
          continue;
        }
        case State.Statement: {
          const delim0 = this.delimiter[0]!;
          let stop = false;
          while (pos < len) {
            const c = buf[pos]!;
            if (c === 0x27 || c === 0x22 || c === 0x60) {
              this.literalStart = pos;
              this.state =
                c === 0x27 ? State.SingleQuoted : c === 0x22 ? State.DoubleQuoted : State.Backticked;
              this.litCanonical = 1;
              pos++;
              break;
            }
            if (c === delim0) {
              const m = this.matchAt(pos, this.delimiter);
              if (m === undefined) {
                stop = true;
                break;
              }
              if (m) {
                pos += this.delimiter.length;
                this.pos = pos;
                this.emitUnit('statement', emit);
                this.state = State.Top;
                break;
              }
              pos++;
              continue;
            }
            if (c === 0x2d || c === 0x2f) {
              if (pos + 2 >= len && !ended) {
                stop = true;
                break;
              }
              const n1 = pos + 1 < len ? buf[pos + 1] : undefined;
              if (c === 0x2d && n1 === 0x2d && (pos + 2 >= len || isClientSpace(buf[pos + 2]!))) {
                this.state = State.LineComment;
                pos += 2;
                break;
              }
              if (c === 0x2f && n1 === 0x2a) {
                const n2 = pos + 2 < len ? buf[pos + 2] : undefined;
                if (n2 === 0x21) {
                  pos += 3;
                  continue;
                }
                if (n2 === 0x4d) {
                  if (pos + 3 >= len && !ended) {
                    stop = true;
                    break;
                  }
                  if (pos + 3 < len && buf[pos + 3] === 0x21) {
                    pos += 4;
                    continue;
                  }
                }
                this.literalStart = pos;
                this.state = State.BlockComment;
                pos += 2;
                break;
              }
              pos++;
              continue;
            }
            if (c === 0x23) {
              this.state = State.LineComment;
              pos++;
              break;
            }
            if (c === 0x1f && this.base + pos === 0 && pos + 1 >= len && !ended) {
              stop = true;
              break;
            }
            if (c === 0x1f && this.base + pos === 0 && pos + 1 < len && buf[pos + 1] === 0x8b) {
              throw sqlParseError(
                0,
                'this is gzip-compressed data, not SQL (decompress it first, e.g. `zcat dump.sql.gz |`)',
              );
            }
            if (c === 0x5c && this.refuseBackslash) {
              throw sqlRefused(this.base + this.unitStart, CLIENT_COMMAND);
            }
            if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
              throw sqlParseError(
                this.base + pos,
                `binary byte 0x${c.toString(16).padStart(2, '0')} outside a string literal (damaged dump or raw blob data)`,
              );
            }
            pos++;
          }
          if (stop) break;
          continue;
        }
      }
      break;
    }
    // A gap is emitted whole, when the next unit starts (or at the end): cut at a chunk boundary, a fix that
    // matches a whole line of it (the sandbox line and its line end) would see only part of it.
    this.pos = pos;
  }
}
