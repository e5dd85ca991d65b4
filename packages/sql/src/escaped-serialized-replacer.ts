// Search-replace in a PHP-serialized value as it stands in the dump (SQL-escaped bytes): it walks the structure
// through the escapes, rewrites string payloads in place and fixes their `s:N:` lengths, so the common case needs
// no unescape, no JS strings and no re-escape. Anything unusual returns null and takes the decoded path.
import type { ByteSink, ReplacerEngine } from './replacer-engine.js';

const MAX_DEPTH = 64;
const SERIALIZED_TYPE = new Uint8Array(256);
for (const c of 'aOsCEidbN') SERIALIZED_TYPE[c.charCodeAt(0)] = 1;

class Bail extends Error {}
const BAIL = new Bail();

/** Escaped bytes of `"` as mysqldump writes them inside a '...' literal. */
const QUOTE_OPEN = Buffer.from(':\\"', 'latin1');
const QUOTE_CLOSE = Buffer.from('\\";', 'latin1');

/**
 * Rewrites the serialized value in `buf[start, end)` (the inside of a '...' literal the SqlTokenizer marked
 * canonical and clean) straight to `output`, the same bytes the decoded path (unescape, replaceInSerialized,
 * escape) would write. Returns the replacement count (nothing written when 0), or null when it cannot promise
 * that (nested serialized strings, floats, custom classes, a raw `"`, a value that does not parse): the caller
 * then takes the decoded path, which also reports unparseable values, and drops any partial write in `output`.
 */
export function replaceInEscapedSerializedInto(
  replacer: ReplacerEngine,
  buf: Buffer,
  start: number,
  end: number,
  output: ByteSink,
  nextAnchor?: number[],
): number | null {
  const t = buf[start];
  if (end - start < 4 || buf[start + 1] !== 0x3a || (t !== 0x61 && t !== 0x4f && t !== 0x73)) return null;
  if (replacer.anchors === null) return null;
  const next = nextAnchor ?? replacer.anchors.map((a) => buf.indexOf(a, start));
  const walker = new EscapedWalker(replacer, replacer.anchors, buf, start, end, next, output);
  try {
    if (walker.value(start, 0) !== end) return null;
  } catch (error) {
    if (error instanceof Bail) return null;
    throw error;
  }
  if (walker.count > 0) output.put(buf, walker.copied, end);
  return walker.count;
}

const LENGTH_DIGITS = Buffer.alloc(24);

class EscapedWalker {
  copied: number;
  count = 0;
  constructor(
    private readonly replacer: ReplacerEngine,
    private readonly anchors: Buffer[],
    private readonly b: Buffer,
    start: number,
    private readonly end: number,
    /** Next known occurrence of each anchor (or -1); payloads come in order, so it only moves forward. */
    private readonly nextAnchor: number[],
    private readonly output: ByteSink,
  ) {
    this.copied = start;
  }

  private expect(i: number, ch: number): number {
    if (i >= this.end || this.b[i] !== ch) throw BAIL;
    return i + 1;
  }

  /** The number `digits` read last, and the payload `quoted` found last (fields: no tuple per call). */
  private num = 0;
  private ps = 0;
  private pe = 0;

  /** `\d+`: sets `num`, returns the position after it. */
  private digits(i: number): number {
    let p = i;
    let n = 0;
    while (p < this.end) {
      const c = this.b[p]!;
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
      p++;
    }
    if (p === i || p - i > 15) throw BAIL;
    this.num = n;
    return p;
  }

  /** `-?\d+;` */
  private int(i: number): number {
    const p = this.digits(this.b[i] === 0x2d ? i + 1 : i);
    return this.expect(p, 0x3b);
  }

  /** Skips `n` decoded bytes; returns the escaped position after them. */
  private payload(i: number, n: number): number {
    const b = this.b;
    let p = i;
    for (let k = 0; k < n; k++) {
      if (p >= this.end) throw BAIL;
      const c = b[p]!;
      if (c === 0x5c) p += 2;
      else if (c === 0x22) throw BAIL;
      else p++;
    }
    if (p > this.end) throw BAIL;
    return p;
  }

  /** `N:\"payload\"` after the type's colon: sets `ps`, `pe`; returns the position after the closing quote. */
  private quoted(i: number): number {
    const afterLen = this.digits(i);
    const n = this.num;
    const b = this.b;
    if (
      afterLen + 3 > this.end ||
      b[afterLen] !== 0x3a ||
      b[afterLen + 1] !== 0x5c ||
      b[afterLen + 2] !== 0x22
    )
      throw BAIL;
    const ps = afterLen + 3;
    const pe = this.payload(ps, n);
    if (pe + 2 > this.end || b[pe] !== 0x5c || b[pe + 1] !== 0x22) throw BAIL;
    this.ps = ps;
    this.pe = pe;
    return pe + 2;
  }

  value(i: number, nesting: number): number {
    if (nesting > MAX_DEPTH || i + 1 >= this.end) throw BAIL;
    const b = this.b;
    const type = b[i];
    if (b[i + 1] !== 0x3a && type !== 0x4e) throw BAIL;
    switch (type) {
      case 0x4e: // N
        return this.expect(i + 1, 0x3b);
      case 0x62: // b
      case 0x69: // i
      case 0x72: // r
      case 0x52: // R
        return this.int(i + 2);
      case 0x73: {
        // s
        const after = this.quoted(i + 2);
        const ps = this.ps;
        const pe = this.pe;
        const close = this.expect(after, 0x3b);
        this.rewrite(i, ps, pe, close);
        return close;
      }
      case 0x61: {
        // a
        const afterLen = this.digits(i + 2);
        const count = this.num;
        let p = this.expect(this.expect(afterLen, 0x3a), 0x7b);
        for (let k = 0; k < count; k++) {
          p = this.key(p);
          p = this.value(p, nesting + 1);
        }
        return this.expect(p, 0x7d);
      }
      case 0x4f: {
        // O
        const afterName = this.quoted(i + 2);
        let p = this.expect(afterName, 0x3a);
        const afterCount = this.digits(p);
        const count = this.num;
        p = this.expect(this.expect(afterCount, 0x3a), 0x7b);
        for (let k = 0; k < count; k++) {
          p = this.key(p);
          p = this.value(p, nesting + 1);
        }
        return this.expect(p, 0x7d);
      }
      default:
        // d (float grammar), C and E (opaque payloads): rare, left to the decoded path.
        throw BAIL;
    }
  }

  private key(i: number): number {
    const type = this.b[i];
    if (this.b[i + 1] !== 0x3a) throw BAIL;
    if (type === 0x69) return this.int(i + 2);
    if (type === 0x73) {
      const after = this.quoted(i + 2);
      return this.expect(after, 0x3b);
    }
    throw BAIL;
  }

  /** A string payload: replaced in its escaped bytes, its `s:N:` length fixed. */
  private rewrite(typeAt: number, ps: number, pe: number, close: number): void {
    const b = this.b;
    // A serialized value nested in a string (escapes never decode to a type letter): the decoded path recurses.
    if (pe - ps >= 2 && SERIALIZED_TYPE[b[ps]!] === 1 && (b[ps + 1] === 0x3a || b[ps + 1] === 0x3b))
      throw BAIL;
    const anchors = this.anchors;
    const next = this.nextAnchor;
    let has = false;
    for (let k = 0; k < anchors.length; k++) {
      let at = next[k]!;
      if (at === -1) continue;
      if (at < ps) next[k] = at = b.indexOf(anchors[k]!, ps);
      if (at !== -1 && at + anchors[k]!.length <= pe) {
        has = true;
        break;
      }
    }
    if (!has) return;
    const replacer = this.replacer;
    const count = replacer.findInEscaped(b, ps, pe, next);
    if (count === -1) throw BAIL;
    if (count === 0) return;
    this.count += count;
    const out = this.output;
    out.put(b, this.copied, typeAt);
    // `s:N` with N the new decoded length, written as ASCII digits without a string.
    let n = replacer.escapedDecodedLength(b, ps, pe);
    const d = LENGTH_DIGITS;
    let at = d.length;
    do {
      d[--at] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
    d[--at] = 0x3a;
    d[--at] = 0x73;
    out.put(d, at, d.length);
    out.put(QUOTE_OPEN);
    replacer.writeEscaped(b, ps, pe, out);
    out.put(QUOTE_CLOSE);
    this.copied = close;
  }
}
