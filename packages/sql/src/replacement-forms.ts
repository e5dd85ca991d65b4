// The forms WordPress stores one search-replace pair in: plain, JSON-escaped, URL-encoded, JSON `\u` escapes of
// non-ASCII text; http, https and protocol-relative. Each engine of the Replacer searches for these forms.
export interface ReplacementPair {
  from: string;
  to: string;
}

export interface ReplacerOptions {
  /** ASCII case folding for the search side (`Old.Example.com` matches `old.example.com`). */
  caseInsensitive?: boolean;
}

const SCHEME = /^https?:\/\//i;

// eslint-disable-next-line no-control-regex -- these are exactly the bytes mysqldump escapes, Ctrl-Z included.
export const NEEDS_SQL_ESCAPE = /[\0\n\r\\'"\x1a]/;

export const sqlEscapeText = (s: string): string =>
  s.replace(
    // eslint-disable-next-line no-control-regex -- as above.
    /[\0\n\r\\'"\x1a]/g,
    (c) =>
      ({ '\0': '\\0', '\n': '\\n', '\r': '\\r', '\\': '\\\\', "'": "\\'", '"': '\\"', '\x1a': '\\Z' })[c]!,
  );

const utf8ToLatin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

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
export const UNICODE_ESCAPE = /\\u[0-9A-Fa-f]{4}/g;
/** The text with the hex digits of its `\uXXXX` escapes in lower case: the key a unicode form is stored under. */
export const lowerHexEscapes = (s: string): string => s.replace(UNICODE_ESCAPE, (e) => e.toLowerCase());
const NAME_END = /[A-Za-z0-9_-]$/;

/** One search form of a pair and what replaces it. */
export interface Form {
  from: string;
  to: string;
  /** FROM ends in a name character, so the match must not be followed by one (RIGHT). */
  needsRight: boolean;
  /** The JSON `\uXXXX` form of non-ASCII text: its hex digits match in either case. */
  unicode: boolean;
}

export function expandForms(pair: ReplacementPair): Form[] {
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

/** The longest run of plain URL bytes in `from`: every stored form of the pair contains it verbatim. */
export function anchorOf(from: string): string | null {
  const runs = utf8ToLatin1(from).match(/[A-Za-z0-9._~-]+/g) ?? [];
  let best = '';
  for (const r of runs) if (r.length > best.length) best = r;
  return best.length >= 3 ? best : null;
}
