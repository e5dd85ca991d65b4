// Search-replace inside PHP-serialized values without breaking them: it walks the serialized bytes, rewrites
// string payloads (recursing into serialized strings nested in strings) and fixes each `s:N:` byte length.
// Everything it does not rewrite is copied verbatim, so floats, keys and class names keep their exact bytes.

/** Rewrites one string payload (latin1, one char per byte); may itself recurse into serialized data. */
export type StringRewriter = (payload: string, depth: number) => string;

const LOOKS_SERIALIZED =
  /^(?:[aO]:\d+:[{"]|s:\d+:"|C:\d+:"|E:\d+:"|i:-?\d+;$|d:[-+0-9.EINAF]+;$|b:[01];$|N;$)/;

/** WordPress's is_serialized, strict form: only values it would unserialize are touched. */
export function looksSerialized(value: string): boolean {
  if (value.length < 2) return false;
  const last = value.charCodeAt(value.length - 1);
  if (last !== 0x3b && last !== 0x7d) return false;
  return LOOKS_SERIALIZED.test(value);
}

const MAX_DEPTH = 64;

class Unparseable extends Error {}

/**
 * Returns the rewritten serialized value, or null when `value` does not parse as a complete serialized value
 * (then the caller must leave it untouched and report it).
 */
export function replaceInSerialized(
  value: string,
  rewrite: StringRewriter,
  depth = 0,
  onCustomPayload?: (payload: string) => void,
): string | null {
  const parser = new SerializedWalker(value, rewrite, depth, onCustomPayload);
  try {
    const end = parser.value(0, 0);
    if (end !== value.length) return null;
    return parser.out();
  } catch (error) {
    if (error instanceof Unparseable) return null;
    throw error;
  }
}

const INT = /-?\d+/y;
const FLOAT = /(?:-?INF|NAN|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/y;
const DIGITS = /\d+/y;

class SerializedWalker {
  private parts: string[] = [];
  private copied = 0;

  constructor(
    private readonly s: string,
    private readonly rewrite: StringRewriter,
    private readonly depth: number,
    private readonly onCustomPayload?: (payload: string) => void,
  ) {}

  out(): string {
    this.parts.push(this.s.slice(this.copied));
    return this.parts.join('');
  }

  private expect(i: number, ch: string): number {
    if (this.s[i] !== ch) throw new Unparseable();
    return i + 1;
  }

  private match(re: RegExp, i: number): number {
    re.lastIndex = i;
    if (!re.test(this.s)) throw new Unparseable();
    return re.lastIndex;
  }

  private length(i: number): [number, number] {
    const end = this.match(DIGITS, i);
    return [Number(this.s.slice(i, end)), end];
  }

  /** A `N:"bytes"` pair (string, class name); returns [payloadStart, payloadEnd, after closing quote]. */
  private quoted(i: number): [number, number, number] {
    const [n, afterLen] = this.length(i);
    let p = this.expect(afterLen, ':');
    p = this.expect(p, '"');
    const end = p + n;
    if (end > this.s.length) throw new Unparseable();
    return [p, end, this.expect(end, '"')];
  }

  value(i: number, nesting: number): number {
    if (nesting > MAX_DEPTH) throw new Unparseable();
    const type = this.s[i];
    if (this.s[i + 1] !== ':' && type !== 'N') throw new Unparseable();
    switch (type) {
      case 'N':
        return this.expect(i + 1, ';');
      case 'b':
      case 'i':
      case 'r':
      case 'R':
        return this.expect(this.match(INT, i + 2), ';');
      case 'd':
        return this.expect(this.match(FLOAT, i + 2), ';');
      case 's': {
        const [start, end, after] = this.quoted(i + 2);
        const close = this.expect(after, ';');
        const payload = this.s.slice(start, end);
        const next = this.rewrite(payload, this.depth + 1);
        if (next !== payload) {
          this.parts.push(this.s.slice(this.copied, i), `s:${next.length}:"`, next, '";');
          this.copied = close;
        }
        return close;
      }
      case 'E': {
        const [, , after] = this.quoted(i + 2);
        return this.expect(after, ';');
      }
      case 'a':
        return this.members(i + 2, nesting);
      case 'O': {
        const [, , afterName] = this.quoted(i + 2);
        return this.members(this.expect(afterName, ':'), nesting);
      }
      case 'C': {
        // Custom serialization: the payload is the class's own format, so it is copied, never rewritten.
        const [, , afterName] = this.quoted(i + 2);
        let p = this.expect(afterName, ':');
        const [n, afterLen] = this.length(p);
        p = this.expect(this.expect(afterLen, ':'), '{');
        if (p + n > this.s.length) throw new Unparseable();
        const end = this.expect(p + n, '}');
        this.onCustomPayload?.(this.s.slice(p, p + n));
        return end;
      }
      default:
        throw new Unparseable();
    }
  }

  /** The `N:{key value ...}` of an array or an object (values one level deeper); returns the index after `}`. */
  private members(i: number, nesting: number): number {
    const [count, afterCount] = this.length(i);
    let p = this.expect(this.expect(afterCount, ':'), '{');
    for (let k = 0; k < count; k++) {
      p = this.key(p);
      p = this.value(p, nesting + 1);
    }
    return this.expect(p, '}');
  }

  /** Array keys and property names are copied as they are (as `wp search-replace` does). */
  private key(i: number): number {
    const type = this.s[i];
    if (this.s[i + 1] !== ':') throw new Unparseable();
    if (type === 'i') return this.expect(this.match(INT, i + 2), ';');
    if (type === 's') {
      const [, , after] = this.quoted(i + 2);
      return this.expect(after, ';');
    }
    throw new Unparseable();
  }
}
