// MySQL string-literal escaping, byte for byte: the unescape the server applies on import, and the escape
// mysqldump applies on export (mysql_real_escape_string), so a rewritten literal looks like a dumped one.

/** Unescapes the bytes between the quotes of a literal into a latin1 string (one char per byte). */
export function unescapeSqlString(buf: Uint8Array, start: number, end: number, quote = 0x27): string {
  let out = '';
  let from = start;
  let i = start;
  while (i < end) {
    const c = buf[i]!;
    if (c === 0x5c && i + 1 < end) {
      const n = buf[i + 1]!;
      out += latin1(buf, from, i) + (n === 0x25 || n === 0x5f ? '\\' : '') + unescapedChar(n);
      i += 2;
      from = i;
    } else if (c === quote && i + 1 < end && buf[i + 1] === quote) {
      out += latin1(buf, from, i + 1);
      i += 2;
      from = i;
    } else {
      i++;
    }
  }
  return out + latin1(buf, from, end);
}

function latin1(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}

export function unescapedByte(c: number): number {
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
      // \\ \' \" and any other escaped byte stand for themselves (MySQL keeps \% and \_ as two bytes, but
      // only in LIKE patterns; mysqldump never writes them).
      return c;
  }
}

function unescapedChar(c: number): string {
  return String.fromCharCode(unescapedByte(c));
}

// eslint-disable-next-line no-control-regex -- \x1a (Ctrl-Z) is one of the bytes mysqldump escapes.
const NEEDS_ESCAPE = /[\0\n\r\\'"\x1a]/g;
const ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\n': '\\n',
  '\r': '\\r',
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\x1a': '\\Z',
};

/** Escapes a latin1 string the way mysqldump does and returns its bytes (without the quotes). */
export function escapeSqlString(value: string): Buffer {
  return Buffer.from(value.replace(NEEDS_ESCAPE, (ch) => ESCAPES[ch]!), 'latin1');
}
