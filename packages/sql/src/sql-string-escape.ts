// MySQL string-literal escaping, byte for byte: the unescape the server applies on import, and the escape
// mysqldump applies on export (mysql_real_escape_string), so a rewritten literal looks like a dumped one.

let scratch = Buffer.allocUnsafe(1 << 16);

function room(n: number): Buffer {
  if (scratch.length < n) scratch = Buffer.allocUnsafe(Math.max(n, scratch.length * 2));
  return scratch;
}

/**
 * Unescapes the bytes between the quotes of a literal into `out` (at least `end - start` bytes long) and returns
 * how many bytes it wrote: the stored value, as the server would keep it on import.
 */
export function unescapeSqlBytes(
  buf: Uint8Array,
  start: number,
  end: number,
  quote: number,
  out: Uint8Array,
): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x5c && i + 1 < end) {
      const e = buf[++i]!;
      // MySQL keeps \% and \_ as two bytes (they only mean something in LIKE patterns).
      if (e === 0x25 || e === 0x5f) out[n++] = 0x5c;
      out[n++] = unescapedByte(e);
    } else {
      out[n++] = c;
      if (c === quote && i + 1 < end && buf[i + 1] === quote) i++; // '' stands for one quote
    }
  }
  return n;
}

/** Unescapes the bytes between the quotes of a literal into a latin1 string (one char per byte). */
export function unescapeSqlString(buf: Uint8Array, start: number, end: number, quote = 0x27): string {
  const out = room(end - start);
  return out.toString('latin1', 0, unescapeSqlBytes(buf, start, end, quote, out));
}

function unescapedByte(c: number): number {
  switch (c) {
    case 0x30:
      return 0x00; // \0
    case 0x6e:
      return 0x0a; // \n
    case 0x72:
      return 0x0d; // \r
    case 0x74:
      return 0x09; // \t
    case 0x62:
      return 0x08; // \b
    case 0x5a:
      return 0x1a; // \Z
    default:
      // \\ \' \" and any other escaped byte stand for themselves.
      return c;
  }
}

/** mysqldump's escape letter for each byte, or 0 when the byte goes out as it is. */
const ESCAPE_LETTER = new Uint8Array(256);
ESCAPE_LETTER[0x00] = 0x30;
ESCAPE_LETTER[0x0a] = 0x6e;
ESCAPE_LETTER[0x0d] = 0x72;
ESCAPE_LETTER[0x5c] = 0x5c;
ESCAPE_LETTER[0x27] = 0x27;
ESCAPE_LETTER[0x22] = 0x22;
ESCAPE_LETTER[0x1a] = 0x5a;

/**
 * Escapes `bytes[0, n)` the way mysqldump does into `out` (room for `2 * n` bytes, without the quotes) and returns
 * how many bytes it wrote.
 */
export function escapeSqlBytes(bytes: Uint8Array, n: number, out: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    const letter = ESCAPE_LETTER[c]!;
    if (letter !== 0) {
      out[m++] = 0x5c;
      out[m++] = letter;
    } else {
      out[m++] = c;
    }
  }
  return m;
}

/** Escapes a latin1 string the way mysqldump does and returns its bytes (without the quotes). */
export function escapeSqlString(value: string): Buffer {
  // latin1 keeps the low byte of each UTF-16 code unit, as `charCodeAt(i) & 0xff` does.
  const bytes = Buffer.from(value, 'latin1');
  const out = Buffer.allocUnsafe(bytes.length * 2);
  return out.subarray(0, escapeSqlBytes(bytes, bytes.length, out));
}

/** 1 for the escape letters mysqldump writes after a backslash. */
export const CANONICAL_ESCAPE = new Uint8Array(256);
for (const c of [0x30, 0x6e, 0x72, 0x5c, 0x27, 0x22, 0x5a]) CANONICAL_ESCAPE[c] = 1;
