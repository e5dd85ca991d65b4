// The regex engine of the Replacer: one alternation of every form, between domain and path boundaries, on decoded
// text and on SQL-escaped literal text (where a match must not start inside an escape).
import { escapeRegExp } from './text/escape-reg-exp.js';
import { UNICODE_ESCAPE, lowerHexEscapes } from './replacement-forms.js';

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
// The same boundary on SQL-escaped text: the match must not start inside an escape (after an odd run of
// backslashes), and the character before it counts only when it is not itself escaped (`\n` before a URL is
// a newline, which is a boundary). A JSON escape's backslash is itself escaped in the dump (`\\u0022`).
const LEFT_ESCAPED = String.raw`(?<!(?:^|[^\\])(?:\\\\)*(?:\\|[A-Za-z0-9_.\-](?<!\\` + ESCAPE_BEFORE + ')))';
const RIGHT_ESCAPED = rightOf('\\\\\\\\');
function caselessPattern(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out += /[a-z]/.test(lower) && lower !== upper ? `[${lower}${upper}]` : escapeRegExp(ch);
  }
  return out;
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

/** One alternative of a FormPattern: a form's text (as matched) and its replacement. */
export interface PatternForm {
  /** The form's text as it stands where this pattern searches (decoded, or SQL-escaped). */
  from: string;
  to: string;
  needsRight: boolean;
  unicode: boolean;
}

/**
 * The regex engine over one kind of text: `escaped` for a literal as it stands in the dump (latin1 of its
 * escaped bytes), else decoded text.
 */
export class FormPattern {
  private readonly pattern: RegExp;
  private readonly targets = new Map<string, string>();

  constructor(
    forms: PatternForm[],
    private readonly caseInsensitive: boolean,
    escaped: boolean,
  ) {
    const alternatives: { length: number; source: string }[] = [];
    for (const { from: f, to: t, needsRight, unicode } of forms) {
      this.targets.set(formKey(f, unicode, caseInsensitive), t);
      alternatives.push({
        length: f.length,
        source:
          formPattern(f, unicode, caseInsensitive, escaped ? 2 : 1) +
          (needsRight ? (escaped ? RIGHT_ESCAPED : RIGHT) : ''),
      });
    }
    // Longest first, so `https://old` wins over `//old` at the same position and `/var/www/old/` over
    // `/var/www/old`: by the length of the text matched, as the byte path sorts, not of the regex.
    const longestFirst = [...alternatives]
      .sort((a, b) => b.length - a.length)
      .map((a) => a.source)
      .join('|');
    this.pattern = new RegExp(`${escaped ? LEFT_ESCAPED : LEFT}(?:${longestFirst})`, 'g');
  }

  /** Every match replaced by its form's replacement; counts the ones that changed. */
  replace(text: string): { value: string; count: number } {
    const pattern = this.pattern;
    const targets = this.targets;
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
}

/** The key a form's replacement is stored under: folded when case-insensitive, a unicode form's hex in lower case. */
export function formKey(text: string, unicode: boolean, caseInsensitive: boolean): string {
  return caseInsensitive ? text.toLowerCase() : unicode ? lowerHexEscapes(text) : text;
}
