// The Replacer's engine: serialization-safe search-replace of URLs and paths in one string value. It expands each
// pair into the forms WordPress stores (plain, JSON-escaped, URL-encoded; http, https and protocol-relative),
// honours domain and path boundaries, and rewrites PHP-serialized values through serialized-replacer.
import { looksSerialized, replaceInSerialized } from './serialized-replacer.js';
import { escapeRegExp } from '../text/escape-reg-exp.js';

export interface ReplacementPair {
  from: string;
  to: string;
}

export interface ReplacerOptions {
  /** ASCII case folding for the search side (`Old.Example.com` matches `old.example.com`). */
  caseInsensitive?: boolean;
}

/** Result of rewriting one value: replacement count and serialized values left alone because they do not parse. */
export interface ReplaceOutcome {
  value: string;
  count: number;
  unparseable: number;
  /** Valid serialized values whose `C:` payload holds a search string, left as they are. */
  customKept: number;
}

// A match must not continue a host name or path segment: `old.example.com` never matches inside
// `cold.example.com`, `www.old.example.com` or `old.example.com.au`; `/var/www/old` never inside `/var/www/older`.
// The character before a match may be a JSON `\uXXXX` or URL `%XX` escape; what it decodes to decides (a block
// attribute's `\u0022https://old...` and a query's `%22https://old...` match, `\u0063old.example.com` does not).
// The same holds after a match: `old.example.com%2Eau` and `old.example.com\u002eau` are other hosts,
// `/var/www/old%2Fx` is inside the old path.
/** Hex of the bytes that continue a name after a match (`[A-Za-z0-9_-]`), start a label (`[A-Za-z0-9]`), or are `.`. */
const WORD_HEX = '(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|5[Ff]|2[Dd])';
const LABEL_HEX = '(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa])';
const DOT_HEX = '2[Ee]';
const NAME_HEX = `(?:${WORD_HEX}|${DOT_HEX})`;
const ESCAPE_BEFORE = `\\\\u(?!00${NAME_HEX})[0-9A-Fa-f]{4}|%(?!${NAME_HEX})[0-9A-Fa-f]{2}`;
const LEFT = `(?<![A-Za-z0-9_.\\-](?<!${ESCAPE_BEFORE}))`;
/** RIGHT with a JSON escape's backslash written as `backslash` (a regex for one, or for two on SQL-escaped text). */
function rightOf(backslash: string): string {
  const escaped = (hex: string) => `%${hex}|${backslash}u00${hex}`;
  return `(?![A-Za-z0-9_\\-]|${escaped(WORD_HEX)}|(?:\\.|${escaped(DOT_HEX)})(?:[A-Za-z0-9]|${escaped(LABEL_HEX)}))`;
}
const RIGHT = rightOf('\\\\');
const SCHEME = /^https?:\/\//i;
const MAYBE_SERIALIZED = /^[aOsCEidbN][:;]/;

// The same boundary on SQL-escaped text: the match must not start inside an escape (after an odd run of
// backslashes), and the character before it counts only when it is not itself escaped (`\n` before a URL is
// a newline, which is a boundary). A JSON escape's backslash is itself escaped in the dump (`\\u0022`).
const LEFT_ESCAPED = String.raw`(?<!(?:^|[^\\])(?:\\\\)*(?:\\|[A-Za-z0-9_.\-](?<!\\` + ESCAPE_BEFORE + ')))';
const RIGHT_ESCAPED = rightOf('\\\\\\\\');
// eslint-disable-next-line no-control-regex -- these are exactly the bytes mysqldump escapes, Ctrl-Z included.
const NEEDS_SQL_ESCAPE = /[\0\n\r\\'"\x1a]/;

const sqlEscapeText = (s: string): string =>
  s.replace(
    // eslint-disable-next-line no-control-regex -- as above.
    /[\0\n\r\\'"\x1a]/g,
    (c) =>
      ({ '\0': '\\0', '\n': '\\n', '\r': '\\r', '\\': '\\\\', "'": "\\'", '"': '\\"', '\x1a': '\\Z' })[c]!,
  );

const utf8ToLatin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');


function caselessPattern(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out += /[a-z]/.test(lower) && lower !== upper ? `[${lower}${upper}]` : escapeRegExp(ch);
  }
  return out;
}

const jsonEscaped = (s: string): string => s.replace(/\//g, '\\/');
const urlEncoded = (s: string): string =>
  utf8ToLatin1(encodeURIComponent(Buffer.from(s, 'latin1').toString('utf8')));
/** PHP's json_encode of non-ASCII text (latin1 in and out): each UTF-16 unit as `\u` and four lower-case hex digits. */
const unicodeEscaped = (s: string): string =>
  Buffer.from(s, 'latin1')
    .toString('utf8')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const NON_ASCII = /[\x80-\xff]/;
/** A `\uXXXX` escape (in a SQL-escaped form it is preceded by a second backslash, which this leaves out). */
const UNICODE_ESCAPE = /\\u[0-9A-Fa-f]{4}/g;
/** The text with the hex digits of its `\uXXXX` escapes in lower case: the key a unicode form is stored under. */
const lowerHexEscapes = (s: string): string => s.replace(UNICODE_ESCAPE, (e) => e.toLowerCase());
const NAME_END = /[A-Za-z0-9_-]$/;

/** One search form of a pair and what replaces it. */
interface Form {
  from: string;
  to: string;
  /** FROM ends in a name character, so the match must not be followed by one (RIGHT). */
  needsRight: boolean;
  /** The JSON `\uXXXX` form of non-ASCII text: its hex digits match in either case. */
  unicode: boolean;
}

function expandForms(pair: ReplacementPair): Form[] {
  const from = utf8ToLatin1(pair.from);
  const to = utf8ToLatin1(pair.to);
  const bases: [string, string][] = [];
  if (SCHEME.test(from)) {
    // Agencies move sites, not schemes: every scheme of the old address goes to the new one, and a
    // protocol-relative reference stays protocol-relative.
    const host = from.replace(SCHEME, '');
    // A TO without a scheme that is empty or a path (making links relative) is what `//host` becomes too.
    const toRelative = SCHEME.test(to)
      ? `//${to.replace(SCHEME, '')}`
      : to === '' || to.startsWith('/')
        ? to
        : `//${to}`;
    bases.push([`https://${host}`, to], [`http://${host}`, to], [`//${host}`, toRelative]);
  } else {
    bases.push([from, to]);
  }
  const forms: Form[] = [];
  for (const [f, t] of bases) {
    // Whether a match may be followed by a name character is FROM's business, not its encoding's: the encoded
    // form of `https://old/` ends in `%2F`, and `https%3A%2F%2Fold%2Fx` is inside it all the same.
    const needsRight = NAME_END.test(f);
    const add = (from: string, to: string, unicode = false) => forms.push({ from, to, needsRight, unicode });
    add(f, t);
    if (f.includes('/')) add(jsonEscaped(f), jsonEscaped(t));
    if (NON_ASCII.test(f)) {
      // json_encode's default: non-ASCII as `\u00e4`, slashes escaped; JSON_UNESCAPED_SLASHES keeps them plain.
      const fu = unicodeEscaped(f);
      const tu = unicodeEscaped(t);
      add(fu, tu, true);
      if (f.includes('/')) add(jsonEscaped(fu), jsonEscaped(tu), true);
    }
    const fe = urlEncoded(f);
    if (fe !== f) {
      add(fe, urlEncoded(t));
      const lowerHex = fe.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
      if (lowerHex !== fe) add(lowerHex, urlEncoded(t));
    }
  }
  return forms;
}

/**
 * The regex for one form's text: a unicode form's escapes keep their `\u` exact and take their hex digits in
 * either case, and its leading escape must not be a backslash that an odd run before it escapes
 * (`\\u00fc` in JSON is a backslash and `u00fc`). `backslashes` is how many bytes one JSON backslash takes.
 */
function formPattern(text: string, unicode: boolean, caseless: boolean, backslashes: 1 | 2): string {
  const plain = caseless ? caselessPattern : escapeRegExp;
  if (!unicode) return plain(text);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(UNICODE_ESCAPE)) {
    out += plain(text.slice(last, m.index)) + '\\\\u';
    for (const h of m[0].slice(2)) out += /[a-f]/i.test(h) ? `[${h.toLowerCase()}${h.toUpperCase()}]` : h;
    last = m.index + m[0].length;
  }
  out += plain(text.slice(last));
  if (!text.startsWith('\\')) return out;
  const one = '\\\\'.repeat(backslashes);
  return `(?<!(?:^|[^\\\\])${one}(?:${one}${one})*)${out}`;
}

/** The longest run of plain URL bytes in `from`: every stored form of the pair contains it verbatim. */
function anchorOf(from: string): string | null {
  const runs = utf8ToLatin1(from).match(/[A-Za-z0-9._~-]+/g) ?? [];
  let best = '';
  for (const r of runs) if (r.length > best.length) best = r;
  return best.length >= 3 ? best : null;
}

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
 * The Replacer without its checks on the pairs (see Replacer): free of @wpfleet/core, so a worker thread that
 * only walks rows does not load it.
 */
export class ReplacerEngine {
  readonly pairs: ReplacementPair[];
  readonly caseInsensitive: boolean;
  /** Byte strings that every match contains; literals without one of them skip decoding entirely. */
  readonly anchors: Buffer[] | null;
  private readonly pattern: RegExp;
  private readonly replacements = new Map<string, string>();
  /** The pattern over SQL-escaped literal text, or null when a search form holds a byte dumpers escape differently. */
  private readonly escapedPattern: RegExp | null;
  private readonly escapedReplacements = new Map<string, string>();
  /** Byte forms per anchor for the in-place matcher (case-sensitive, escapable pairs only). */
  private readonly byteForms: ByteForm[][] | null;
  private readonly anchorText: string[] | null;

  /** `pairs` must hold at least one pair, none with an empty `from` (Replacer checks). */
  constructor(pairs: ReplacementPair[], options: ReplacerOptions = {}) {
    this.pairs = pairs;
    this.caseInsensitive = options.caseInsensitive ?? false;
    const alternatives: { length: number; source: string }[] = [];
    const escapedAlternatives: { length: number; source: string }[] = [];
    const escapedForms: Form[] = [];
    let escapable = true;
    const ci = this.caseInsensitive;
    const keyOf = (text: string, unicode: boolean) =>
      ci ? text.toLowerCase() : unicode ? lowerHexEscapes(text) : text;
    for (const pair of pairs) {
      for (const form of expandForms(pair)) {
        const { from: f, to: t, needsRight, unicode } = form;
        const key = keyOf(f, unicode);
        if (this.replacements.has(key)) continue;
        this.replacements.set(key, t);
        alternatives.push({
          length: f.length,
          source: formPattern(f, unicode, ci, 1) + (needsRight ? RIGHT : ''),
        });
        if (NEEDS_SQL_ESCAPE.test(f.replace(/\\/g, ''))) escapable = false;
        const fe = sqlEscapeText(f);
        const te = sqlEscapeText(t);
        this.escapedReplacements.set(keyOf(fe, unicode), te);
        escapedAlternatives.push({
          length: fe.length,
          source: formPattern(fe, unicode, ci, 2) + (needsRight ? RIGHT_ESCAPED : ''),
        });
        escapedForms.push({ from: keyOf(fe, unicode), to: te, needsRight, unicode });
      }
    }
    // Longest first, so `https://old` wins over `//old` at the same position and `/var/www/old/` over
    // `/var/www/old`: by the length of the text matched, as the byte path sorts, not of the regex.
    const longestFirst = (list: { length: number; source: string }[]) =>
      [...list]
        .sort((a, b) => b.length - a.length)
        .map((a) => a.source)
        .join('|');
    this.pattern = new RegExp(`${LEFT}(?:${longestFirst(alternatives)})`, 'g');
    this.escapedPattern = escapable
      ? new RegExp(`${LEFT_ESCAPED}(?:${longestFirst(escapedAlternatives)})`, 'g')
      : null;
    const anchors = pairs.map((p) => anchorOf(p.from));
    this.anchors =
      this.caseInsensitive || anchors.some((a) => a === null)
        ? null
        : [...new Set(anchors as string[])].map((a) => Buffer.from(a, 'latin1'));
    this.anchorText = this.anchors ? this.anchors.map((a) => a.toString('latin1')) : null;
    this.byteForms = null;
    if (this.anchorText && escapable) {
      const byAnchor: ByteForm[][] = this.anchorText.map(() => []);
      for (const { from: fe, to: te, needsRight, unicode } of escapedForms) {
        const fold = unicode ? hexFold(fe) : null;
        let k = -1;
        let anchorOffset = -1;
        for (let j = 0; j < this.anchorText.length && k === -1; j++) {
          anchorOffset = anchorIn(fe, this.anchorText[j]!, fold);
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
      if (byAnchor.length > 0) {
        for (const list of byAnchor) list.sort((a, b) => b.from.length - a.from.length);
        this.byteForms = byAnchor;
      }
    }
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
    const forms = this.byteForms;
    const anchors = this.anchors;
    if (forms === null || anchors === null) return -1;
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

  /** Plain-text replacement (no serialized handling); `value` is latin1. */
  replaceText(value: string): { value: string; count: number } {
    // Most strings inside serialized data (file names, captions) hold no anchor: skip the regex for them.
    if (this.anchorText !== null && !this.anchorText.some((a) => value.includes(a)))
      return { value, count: 0 };
    return this.replaceMatches(value, this.pattern, this.replacements);
  }

  /**
   * Fast path on a literal as it stands in the dump (latin1 of the escaped bytes): no unescape and re-escape.
   * Returns null when the value may be PHP-serialized (lengths need the decoded bytes) or the pairs need the
   * decoded path.
   */
  replaceEscaped(raw: string): { value: string; count: number } | null {
    if (this.escapedPattern === null || MAYBE_SERIALIZED.test(raw)) return null;
    return this.replaceMatches(raw, this.escapedPattern, this.escapedReplacements);
  }

  /** Every match of `pattern` replaced by its entry in `targets`; counts the ones that changed. */
  private replaceMatches(
    text: string,
    pattern: RegExp,
    targets: Map<string, string>,
  ): { value: string; count: number } {
    let count = 0;
    pattern.lastIndex = 0;
    const out = text.replace(pattern, (m) => {
      let t = targets.get(this.caseInsensitive ? m.toLowerCase() : m);
      if (t === undefined) {
        // A unicode form matched with upper-case hex (`\u00E4`): a pair whose TO equals FROM leaves it as it is,
        // as the byte path does.
        const key = lowerHexEscapes(m);
        t = targets.get(key)!;
        if (t === key) return m;
      }
      if (t !== m) count++;
      return t;
    });
    return { value: count === 0 ? text : out, count };
  }

  /** Rewrites one stored value (latin1): serialized values structurally, anything else as text. */
  replaceValue(value: string): ReplaceOutcome {
    const outcome: ReplaceOutcome = { value, count: 0, unparseable: 0, customKept: 0 };
    outcome.value = this.rewrite(value, 0, outcome);
    return outcome;
  }

  private rewrite(value: string, depth: number, outcome: ReplaceOutcome): string {
    if (looksSerialized(value)) {
      let inner = 0;
      let custom = 0;
      const keptBefore = outcome.customKept;
      const next = replaceInSerialized(
        value,
        (payload, d) => {
          const before = outcome.count;
          const r = this.rewrite(payload, d, outcome);
          inner += outcome.count - before;
          return r;
        },
        depth,
        // A `C:` payload is its class's own format: copied as it is, and counted when it holds a search string.
        (payload) => {
          if (this.replaceText(payload).count > 0) custom++;
        },
      );
      if (next !== null) {
        if (custom > 0) outcome.customKept++;
        return next;
      }
      // Not valid serialized data: leave every byte alone (PHP would fail to read it either way) and report it,
      // but only when a replacement would have touched it.
      outcome.count -= inner;
      outcome.customKept = keptBefore;
      if (this.replaceText(value).count > 0) outcome.unparseable++;
      return value;
    }
    const r = this.replaceText(value);
    outcome.count += r.count;
    return r.value;
  }
}
