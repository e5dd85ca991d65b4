// The in-place engine of the Replacer: finds the forms in a literal's SQL-escaped bytes by anchor and writes the
// replaced bytes without decoding (no strings), applying the same boundaries as the regex engine on bytes.
import { UNICODE_ESCAPE, type Form } from './replacement-forms.js';
/** Where writeEscaped puts bytes (an OutputBuffer). */
export interface ByteSink {
  put(src: Uint8Array, start?: number, end?: number): void;
}

interface ByteForm {
  from: Buffer;
  to: Buffer;
  anchorOffset: number;
  needsRight: boolean;
  same: boolean;
  /** 1 where `from` holds a lower-case hex letter of a `\\uXXXX` escape, which matches in either case; or null. */
  fold: Uint8Array | null;
  /** `from` starts with a JSON escape (`\\u00fc`): the backslashes before it must not escape its backslash. */
  jsonLead: boolean;
}

/** ByteForm.fold for a unicode form's escaped text (lower-case hex, as stored). */
function hexFold(text: string): Uint8Array | null {
  const fold = new Uint8Array(text.length);
  let any = false;
  for (const m of text.matchAll(UNICODE_ESCAPE))
    for (let i = m.index + 2; i < m.index + 6; i++)
      if (text.charCodeAt(i) >= 0x61) {
        fold[i] = 1;
        any = true;
      }
  return any ? fold : null;
}

/** Where `anchor` stands in `text` clear of folded bytes (so the anchor found in a literal finds the form), or -1. */
function anchorIn(text: string, anchor: string, fold: Uint8Array | null): number {
  for (let at = text.indexOf(anchor); at !== -1; at = text.indexOf(anchor, at + 1)) {
    if (fold === null || !fold.subarray(at, at + anchor.length).includes(1)) return at;
  }
  return -1;
}

const SERIALIZED_TYPE = new Uint8Array(256);
for (const c of 'aOsCEidbN') SERIALIZED_TYPE[c.charCodeAt(0)] = 1;
const WORD = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-') WORD[c.charCodeAt(0)] = 1;
/** Bytes that start a domain label after a `.` (WORD without `_` and `-`). */
const LABEL = WORD.slice();
LABEL[0x5f] = 0;
LABEL[0x2d] = 0;
/** Bytes a match must not follow (WORD and `.`). */
const NAME_BYTE = WORD.slice();
NAME_BYTE[0x2e] = 1;
/** Hex digit value + 1, or 0. */
const HEX = new Uint8Array(256);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i + 1;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i + 1;
}

/** Backslashes immediately before `at`, down to `start`. */
function backslashesBefore(buf: Uint8Array, start: number, at: number): number {
  let n = 0;
  while (at - n - 1 >= start && buf[at - n - 1] === 0x5c) n++;
  return n;
}

/** Copies `src[start, end)` to `dst` at `at`; returns the position after it. */
function copyBytes(dst: Buffer, at: number, src: Buffer, start: number, end: number): number {
  if (end - start < 48) {
    for (let i = start; i < end; i++) dst[at++] = src[i]!;
    return at;
  }
  return at + src.copy(dst, at, start, end);
}

/** True when `buf` holds `what` at `at` (a JS loop: forms are short and most differ in the first bytes). */
function bytesAt(buf: Uint8Array, at: number, what: Uint8Array): boolean {
  for (let i = 0; i < what.length; i++) if (buf[at + i] !== what[i]) return false;
  return true;
}

/** bytesAt where `fold` marks lower-case hex letters that match in either case. */
function foldedBytesAt(buf: Uint8Array, at: number, what: Uint8Array, fold: Uint8Array): boolean {
  for (let i = 0; i < what.length; i++) {
    const b = buf[at + i]!;
    if (b !== what[i] && (fold[i] === 0 || (b | 0x20) !== what[i])) return false;
  }
  return true;
}

/** LEFT_ESCAPED on bytes. */
function leftBoundary(buf: Uint8Array, start: number, at: number): boolean {
  if (at === start) return true;
  const run = backslashesBefore(buf, start, at);
  if (run % 2 === 1) return false;
  if (run > 0) return true;
  const prev = buf[at - 1]!;
  if (WORD[prev] !== 1 && prev !== 0x2e) return true;
  if (backslashesBefore(buf, start, at - 1) % 2 === 1) return true;
  return HEX[prev] !== 0 && escapeBeforeIsBoundary(buf, start, at);
}

/** ESCAPE_BEFORE on escaped bytes: `%XX`, or `\\uXXXX` (the JSON backslash escaped), decoding to no name byte. */
function escapeBeforeIsBoundary(buf: Uint8Array, start: number, at: number): boolean {
  const h = (i: number) => (i >= start ? HEX[buf[i]!]! : 0);
  if (at - 3 >= start && buf[at - 3] === 0x25 && h(at - 2) !== 0)
    return NAME_BYTE[(h(at - 2) - 1) * 16 + h(at - 1) - 1] !== 1;
  if (at - 7 < start || buf[at - 5] !== 0x75 || buf[at - 6] !== 0x5c || buf[at - 7] !== 0x5c) return false;
  if (h(at - 4) === 0 || h(at - 3) === 0 || h(at - 2) === 0) return false;
  return h(at - 4) !== 1 || h(at - 3) !== 1 || NAME_BYTE[(h(at - 2) - 1) * 16 + h(at - 1) - 1] !== 1;
}

/** RIGHT_ESCAPED on escaped bytes. Escapes are decoded only where a `%` or `\` follows, so plain text pays nothing. */
function rightBoundary(buf: Uint8Array, at: number, end: number): boolean {
  if (at >= end) return true;
  let c = buf[at]!;
  let after = at + 1;
  if (c === 0x25 || c === 0x5c) {
    c = decodeEscapeAt(buf, at, end);
    after = escapeEnd;
  }
  if (WORD[c] === 1) return false;
  if (c !== 0x2e || after >= end) return true;
  let d = buf[after]!;
  if (d === 0x25 || d === 0x5c) d = decodeEscapeAt(buf, after, end);
  return LABEL[d] !== 1;
}

/** Where the escape decodeEscapeAt read last ends (a field, not a tuple per call). */
let escapeEnd = 0;

/**
 * The character a `%XX` or `\\uXXXX` (the JSON backslash escaped) at `at` stands for, 0 for one outside ASCII
 * (never a name byte); anything else is its own byte. Sets escapeEnd.
 */
function decodeEscapeAt(buf: Uint8Array, at: number, end: number): number {
  const c = buf[at]!;
  if (c === 0x25) {
    if (at + 2 < end && HEX[buf[at + 1]!] !== 0 && HEX[buf[at + 2]!] !== 0) {
      escapeEnd = at + 3;
      return (HEX[buf[at + 1]!]! - 1) * 16 + HEX[buf[at + 2]!]! - 1;
    }
  } else if (at + 6 < end && buf[at + 1] === 0x5c && buf[at + 2] === 0x75) {
    const h1 = HEX[buf[at + 3]!]!;
    const h2 = HEX[buf[at + 4]!]!;
    const h3 = HEX[buf[at + 5]!]!;
    const h4 = HEX[buf[at + 6]!]!;
    if (h1 !== 0 && h2 !== 0 && h3 !== 0 && h4 !== 0) {
      escapeEnd = at + 7;
      return h1 === 1 && h2 === 1 && h3 < 9 ? (h3 - 1) * 16 + h4 - 1 : 0;
    }
  }
  escapeEnd = at + 1;
  return c;
}

/**
 * The in-place matcher for one set of pairs (case-sensitive, escapable pairs with anchors only). Its matches are
 * kept between findInEscaped and writeEscaped / escapedDecodedLength, so a literal costs no arrays.
 */
export class EscapedByteMatcher {
  private constructor(
    /** Byte strings that every match contains. */
    readonly anchors: Buffer[],
    /** Byte forms per anchor, longest first. */
    private readonly forms: ByteForm[][],
  ) {}

  /** The matcher for `escapedForms` (SQL-escaped, keyed as stored), or null when a form holds none of the anchors. */
  static build(anchors: Buffer[], anchorText: string[], escapedForms: Form[]): EscapedByteMatcher | null {
    const byAnchor: ByteForm[][] = anchorText.map(() => []);
    for (const { from: fe, to: te, needsRight, unicode } of escapedForms) {
      const fold = unicode ? hexFold(fe) : null;
      let k = -1;
      let anchorOffset = -1;
      for (let j = 0; j < anchorText.length && k === -1; j++) {
        anchorOffset = anchorIn(fe, anchorText[j]!, fold);
        if (anchorOffset !== -1) k = j;
      }
      if (k === -1) {
        byAnchor.length = 0;
        break;
      }
      byAnchor[k]!.push({
        from: Buffer.from(fe, 'latin1'),
        to: Buffer.from(te, 'latin1'),
        anchorOffset,
        needsRight,
        same: fe === te,
        fold,
        jsonLead: unicode && fe.startsWith('\\'),
      });
    }
    if (byAnchor.length === 0) return null;
    for (const list of byAnchor) list.sort((a, b) => b.from.length - a.from.length);
    return new EscapedByteMatcher(anchors, byAnchor);
  }

  /**
   * The fastest path: replaces in a literal's escaped bytes in place, found by anchor (no decoding, no strings).
   * Returns null when this path does not apply (maybe serialized, case-insensitive, pairs with quotes).
   * `next`, when given, holds each anchor's next known position in `buf` (or -1: no more) and is kept up to date.
   */
  replaceInEscaped(
    buf: Buffer,
    start: number,
    end: number,
    next?: number[],
  ): { out: Buffer; count: number } | null {
    const count = this.findInEscaped(buf, start, end, next);
    if (count === -1) return null;
    if (count === 0) return { out: buf.subarray(start, end), count };
    const out = Buffer.allocUnsafe(end - start + this.grow);
    let copied = start;
    let n = 0;
    for (let h = 0; h < count; h++) {
      const s = this.hits[h]!;
      const f = this.hitForms[h]!;
      n = copyBytes(out, n, buf, copied, s);
      n = copyBytes(out, n, f.to, 0, f.to.length);
      copied = s + f.from.length;
    }
    copyBytes(out, n, buf, copied, end);
    return { out, count };
  }

  // The matches the last findInEscaped found, reused from call to call (no arrays per literal).
  private hits: number[] = [];
  private hitForms: ByteForm[] = [];
  private hitCount = 0;
  private grow = 0;

  /**
   * The search half of replaceInEscaped: finds the matches in `buf[start, end)` and keeps them for
   * writeEscaped / escapedDecodedLength (until the next call). Returns how many, or -1 when this path does
   * not apply.
   */
  findInEscaped(buf: Buffer, start: number, end: number, next?: number[]): number {
    const forms = this.forms;
    const anchors = this.anchors;
    if (
      end - start >= 2 &&
      SERIALIZED_TYPE[buf[start]!] === 1 &&
      (buf[start + 1] === 0x3a || buf[start + 1] === 0x3b)
    )
      return -1;
    const hits = this.hits;
    const hitForms = this.hitForms;
    let grow = 0;
    let cursor = start;
    let count = 0;
    // One anchor in the common case; with several, occurrences are visited in position order. A caller walking
    // one buffer literal by literal shares `next` so no byte is searched twice.
    if (next === undefined) next = anchors.map((a) => buf.indexOf(a, start));
    else
      for (let j = 0; j < next.length; j++) {
        const at = next[j]!;
        if (at !== -1 && at < start) next[j] = buf.indexOf(anchors[j]!, start);
      }
    for (;;) {
      let k = -1;
      for (let j = 0; j < next.length; j++) {
        const at = next[j]!;
        if (at !== -1 && at + anchors[j]!.length <= end && (k === -1 || at < next[k]!)) k = j;
      }
      if (k === -1) break;
      const at = next[k]!;
      next[k] = buf.indexOf(anchors[k]!, at + 1);
      for (const f of forms[k]!) {
        const s = at - f.anchorOffset;
        const e = s + f.from.length;
        if (s < cursor || e > end) continue;
        if (f.fold === null ? !bytesAt(buf, s, f.from) : !foldedBytesAt(buf, s, f.from, f.fold)) continue;
        if (!leftBoundary(buf, start, s) || (f.needsRight && !rightBoundary(buf, e, end))) continue;
        if (f.jsonLead && backslashesBefore(buf, start, s) % 4 !== 0) continue;
        if (!f.same) {
          hits[count] = s;
          hitForms[count] = f;
          grow += f.to.length - f.from.length;
          count++;
        }
        cursor = e;
        break;
      }
    }
    this.hitCount = count;
    this.grow = grow;
    return count;
  }

  /** Writes `buf[start, end)` with the matches findInEscaped found in it replaced. */
  writeEscaped(buf: Buffer, start: number, end: number, output: ByteSink): void {
    let copied = start;
    for (let h = 0; h < this.hitCount; h++) {
      const s = this.hits[h]!;
      const f = this.hitForms[h]!;
      output.put(buf, copied, s);
      output.put(f.to);
      copied = s + f.from.length;
    }
    output.put(buf, copied, end);
  }

  /**
   * Bytes that `buf[start, end)` with the found matches replaced stands for, once unescaped (every backslash in a
   * canonical literal starts a two-byte escape).
   */
  escapedDecodedLength(buf: Uint8Array, start: number, end: number): number {
    let n = end - start + this.grow;
    // Walk the replaced bytes piece by piece; `skip` carries an escape's second byte across pieces.
    let skip = false;
    let copied = start;
    for (let h = 0; h <= this.hitCount; h++) {
      const s = h < this.hitCount ? this.hits[h]! : end;
      for (let i = copied; i < s; i++) {
        if (skip) skip = false;
        else if (buf[i] === 0x5c) {
          n--;
          skip = true;
        }
      }
      if (h === this.hitCount) break;
      const to = this.hitForms[h]!.to;
      for (let i = 0; i < to.length; i++) {
        if (skip) skip = false;
        else if (to[i] === 0x5c) {
          n--;
          skip = true;
        }
      }
      copied = s + this.hitForms[h]!.from.length;
    }
    return n;
  }
}
