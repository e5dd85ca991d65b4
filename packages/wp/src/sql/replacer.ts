// The Replacer: serialization-safe search-replace of URLs and paths in one string value. It expands each pair
// into the forms WordPress stores (plain, JSON-escaped, URL-encoded; http, https and protocol-relative), honours
// domain and path boundaries, and rewrites PHP-serialized values through serialized-replacer.
import { WpfleetError } from '@wpfleet/core';
import { looksSerialized, replaceInSerialized } from './serialized-replacer.js';

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
}

// A match must not continue a host name or path segment: `old.example.com` never matches inside
// `cold.example.com`, `www.old.example.com` or `old.example.com.au`; `/var/www/old` never inside `/var/www/older`.
const LEFT = '(?<![A-Za-z0-9_.\\-])';
const RIGHT = '(?![A-Za-z0-9_\\-]|\\.[A-Za-z0-9])';
const SCHEME = /^https?:\/\//i;

const utf8ToLatin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

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

/** Every (search, replacement) form of one pair, in latin1 (UTF-8 bytes as chars). */
export function expandPair(pair: ReplacementPair): [string, string][] {
  const from = utf8ToLatin1(pair.from);
  const to = utf8ToLatin1(pair.to);
  const bases: [string, string][] = [];
  if (SCHEME.test(from)) {
    // Agencies move sites, not schemes: every scheme of the old address goes to the new one, and a
    // protocol-relative reference stays protocol-relative.
    const host = from.replace(SCHEME, '');
    const toHost = to.replace(SCHEME, '');
    bases.push([`https://${host}`, to], [`http://${host}`, to], [`//${host}`, `//${toHost}`]);
  } else {
    bases.push([from, to]);
  }
  const forms: [string, string][] = [];
  for (const [f, t] of bases) {
    forms.push([f, t]);
    if (f.includes('/')) forms.push([jsonEscaped(f), jsonEscaped(t)]);
    const fe = urlEncoded(f);
    if (fe !== f) {
      forms.push([fe, urlEncoded(t)]);
      const lowerHex = fe.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
      if (lowerHex !== fe) forms.push([lowerHex, urlEncoded(t)]);
    }
  }
  return forms;
}

/** The longest run of plain URL bytes in `from`: every stored form of the pair contains it verbatim. */
function anchorOf(from: string): string | null {
  const runs = utf8ToLatin1(from).match(/[A-Za-z0-9._~-]+/g) ?? [];
  let best = '';
  for (const r of runs) if (r.length > best.length) best = r;
  return best.length >= 3 ? best : null;
}

export class Replacer {
  readonly pairs: ReplacementPair[];
  readonly caseInsensitive: boolean;
  /** Byte strings that every match contains; literals without one of them skip decoding entirely. */
  readonly anchors: Buffer[] | null;
  private readonly pattern: RegExp;
  private readonly replacements = new Map<string, string>();

  constructor(pairs: ReplacementPair[], options: ReplacerOptions = {}) {
    if (pairs.length === 0) throw new WpfleetError('WPF_USAGE', 'search-replace needs at least one FROM TO pair', { kind: 'user' });
    for (const p of pairs) {
      if (p.from.length === 0) {
        throw new WpfleetError('WPF_USAGE', 'a search string is empty', {
          kind: 'user',
          hint: 'Give each pair as FROM TO with a non-empty FROM.',
        });
      }
    }
    this.pairs = pairs;
    this.caseInsensitive = options.caseInsensitive ?? false;
    const alternatives: string[] = [];
    for (const pair of pairs) {
      for (const [f, t] of expandPair(pair)) {
        const key = this.caseInsensitive ? f.toLowerCase() : f;
        if (this.replacements.has(key)) continue;
        this.replacements.set(key, t);
        const body = this.caseInsensitive ? caselessPattern(f) : escapeRegExp(f);
        const right = /[A-Za-z0-9_-]$/.test(f) ? RIGHT : '';
        alternatives.push(`${body}${right}`);
      }
    }
    // Longest first, so `https://old` wins over `//old` at the same position.
    const order = [...alternatives.keys()].sort((a, b) => alternatives[b]!.length - alternatives[a]!.length);
    this.pattern = new RegExp(`${LEFT}(?:${order.map((i) => alternatives[i]).join('|')})`, 'g');
    const anchors = pairs.map((p) => anchorOf(p.from));
    this.anchors =
      this.caseInsensitive || anchors.some((a) => a === null)
        ? null
        : [...new Set(anchors as string[])].map((a) => Buffer.from(a, 'latin1'));
  }

  /** Plain-text replacement (no serialized handling); `value` is latin1. */
  replaceText(value: string): { value: string; count: number } {
    let count = 0;
    this.pattern.lastIndex = 0;
    const out = value.replace(this.pattern, (m) => {
      const t = this.replacements.get(this.caseInsensitive ? m.toLowerCase() : m)!;
      if (t !== m) count++;
      return t;
    });
    return { value: count === 0 ? value : out, count };
  }

  /** Rewrites one stored value (latin1): serialized values structurally, anything else as text. */
  replaceValue(value: string): ReplaceOutcome {
    const outcome: ReplaceOutcome = { value, count: 0, unparseable: 0 };
    outcome.value = this.rewrite(value, 0, outcome);
    return outcome;
  }

  private rewrite(value: string, depth: number, outcome: ReplaceOutcome): string {
    if (looksSerialized(value)) {
      let inner = 0;
      const next = replaceInSerialized(
        value,
        (payload, d) => {
          const before = outcome.count;
          const r = this.rewrite(payload, d, outcome);
          inner += outcome.count - before;
          return r;
        },
        depth,
      );
      if (next !== null) return next;
      // Not valid serialized data: leave every byte alone (PHP would fail to read it either way) and report it,
      // but only when a replacement would have touched it.
      outcome.count -= inner;
      if (this.replaceText(value).count > 0) outcome.unparseable++;
      return value;
    }
    const r = this.replaceText(value);
    outcome.count += r.count;
    return r.value;
  }
}
