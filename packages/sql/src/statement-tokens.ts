// Lexes one SQL statement into tokens the way MariaDB/MySQL read it, so rewrites can tell live SQL from the
// inside of strings, comments and quoted identifiers (source dumps are hostile; text searches are not enough).

export type StatementTokenKind =
  | 'space' // whitespace
  | 'comment' // -- ..., # ..., /* ... */ (not executable)
  | 'exec-open' // the opener of an executable comment: /*!  /*!50001  /*M!  /*M!100101  (content is live SQL)
  | 'exec-close' // the */ closing an executable comment
  | 'word' // bare word / keyword / bare identifier ([A-Za-z0-9_$] and bytes >= 0x80)
  | 'identifier' // `quoted identifier`
  | 'string' // '...' or "..." (backslash escapes and doubled quotes honoured)
  | 'number'
  | 'variable' // @x, @@x, @'x', @`x`
  | 'punct'; // any other single character: ( ) , ; . = @ etc.

export interface StatementToken {
  kind: StatementTokenKind;
  start: number; // offset in the text (text is the statement's bytes as a latin1 string: 1 char = 1 byte)
  end: number; // exclusive
  /** word: upper-cased text; identifier: the name with `` unescaped (still latin1-decoded bytes);
   *  string: the raw text between the quotes; others: the raw text. */
  value: string;
  /** Set on a string, identifier, variable or comment that runs to the end of the text without its closing
   *  quote or `*∕`, and on an `exec-open` whose executable comment is never closed. */
  unterminated?: true;
}

const isWordCode = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x5f ||
  c === 0x24 ||
  c >= 0x80;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isSpaceCode = (c: number): boolean =>
  c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;

/** End (exclusive) of a '...' or "..." literal opened at `open`, or -1 when it is never closed. */
function quotedEnd(text: string, open: number): number {
  const q = text.charCodeAt(open);
  let i = open + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === q) {
      if (text.charCodeAt(i + 1) === q) i += 2;
      else return i + 1;
    } else i++;
  }
  return -1;
}

/** End (exclusive) of a `...` identifier opened at `open` (doubled backticks, no backslash escapes), or -1. */
function backtickEnd(text: string, open: number): number {
  let i = open + 1;
  for (;;) {
    const close = text.indexOf('`', i);
    if (close < 0) return -1;
    if (text.charCodeAt(close + 1) === 0x60) i = close + 2;
    else return close + 1;
  }
}

/** Length of the version digits after `/*!` or `/*M!`: MariaDB reads six when there are six, MySQL five. */
function versionDigits(text: string, at: number): number {
  let n = 0;
  while (n < 6 && isDigit(text.charCodeAt(at + n))) n++;
  return n === 6 ? 6 : n >= 5 ? 5 : 0;
}

const NUMBER = /\d+(?:\.\d*)?(?:e[+-]?\d+)?/iy;

/** End of the number starting at `start` whose run of word characters ends at `run`, or 0 when it is a name. */
function numberEnd(text: string, start: number, run: number): number {
  if (/^(?:0x[0-9a-f]+|0b[01]+)$/i.test(text.slice(start, run))) return run;
  NUMBER.lastIndex = start;
  const m = NUMBER.exec(text);
  const end = m === null ? 0 : start + m[0].length;
  // Letters right after the digits make the whole run a name (1st_table, 2fa).
  if (end < run || isWordCode(text.charCodeAt(end))) return 0;
  return end;
}

/** Lexes one statement as MariaDB/MySQL would in the default sql_mode (no ANSI_QUOTES, backslash escapes on).
 *  Never throws on odd input: an unterminated quote/comment becomes one token to the end, flagged by
 *  `unterminated: true` on that token. */
export function lexStatement(text: string): StatementToken[] {
  const out: StatementToken[] = [];
  const n = text.length;
  // Open executable comments, innermost last: their `*/` closes them and is not an operator.
  const execOpen: StatementToken[] = [];
  let i = 0;
  const push = (
    kind: StatementTokenKind,
    start: number,
    end: number,
    value = text.slice(start, end),
  ): StatementToken => {
    const t: StatementToken = { kind, start, end, value };
    out.push(t);
    return t;
  };
  const unterminated = (kind: StatementTokenKind, start: number, value: string): void => {
    push(kind, start, n, value).unterminated = true;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    if (isSpaceCode(c)) {
      i++;
      while (i < n && isSpaceCode(text.charCodeAt(i))) i++;
      push('space', start, i);
      continue;
    }
    if (c === 0x23 || (c === 0x2d && text.charCodeAt(i + 1) === 0x2d && !(text.charCodeAt(i + 2) > 0x20))) {
      // `#` or `-- ` (a second dash followed by a space, control character or the end): to the end of the line.
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      push('comment', start, i);
      continue;
    }
    if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      let exec = 0;
      if (text.charCodeAt(i + 2) === 0x21) exec = 3;
      else if (text.charCodeAt(i + 2) === 0x4d && text.charCodeAt(i + 3) === 0x21) exec = 4;
      if (exec > 0) {
        i += exec + versionDigits(text, i + exec);
        execOpen.push(push('exec-open', start, i));
        continue;
      }
      const close = text.indexOf('*/', i + 2);
      if (close < 0) {
        i = n;
        unterminated('comment', start, text.slice(start));
        continue;
      }
      i = close + 2;
      push('comment', start, i);
      continue;
    }
    if (c === 0x2a && text.charCodeAt(i + 1) === 0x2f && execOpen.length > 0) {
      execOpen.pop();
      i += 2;
      push('exec-close', start, i);
      continue;
    }
    if (c === 0x27 || c === 0x22) {
      const end = quotedEnd(text, i);
      if (end < 0) {
        i = n;
        unterminated('string', start, text.slice(start + 1));
        continue;
      }
      i = end;
      push('string', start, i, text.slice(start + 1, i - 1));
      continue;
    }
    if (c === 0x60) {
      const end = backtickEnd(text, i);
      if (end < 0) {
        i = n;
        unterminated('identifier', start, text.slice(start + 1).replaceAll('``', '`'));
        continue;
      }
      i = end;
      push('identifier', start, i, text.slice(start + 1, i - 1).replaceAll('``', '`'));
      continue;
    }
    if (c === 0x40) {
      // `user`@`host`: an @ right after a name or string joins a user to a host; it starts no variable.
      const prev = out[out.length - 1];
      const joinsUserHost =
        prev !== undefined &&
        prev.end === start &&
        (prev.kind === 'word' || prev.kind === 'identifier' || prev.kind === 'string');
      if (!joinsUserHost) {
        let j = i + 1;
        if (text.charCodeAt(j) === 0x40) j++;
        const d = text.charCodeAt(j);
        if (d === 0x27 || d === 0x22 || d === 0x60) {
          const end = d === 0x60 ? backtickEnd(text, j) : quotedEnd(text, j);
          if (end < 0) {
            i = n;
            unterminated('variable', start, text.slice(start));
            continue;
          }
          i = end;
          push('variable', start, i);
          continue;
        }
        if (isWordCode(d) || d === 0x2e) {
          while (j < n && (isWordCode(text.charCodeAt(j)) || text.charCodeAt(j) === 0x2e)) j++;
          i = j;
          push('variable', start, i);
          continue;
        }
      }
      i++;
      push('punct', start, i);
      continue;
    }
    if (isWordCode(c)) {
      i++;
      while (i < n && isWordCode(text.charCodeAt(i))) i++;
      if (isDigit(c)) {
        // 42, 3.14, 1e-5, 0x1F: a number unless letters make it an identifier such as 1st_table.
        const end = numberEnd(text, start, i);
        if (end > 0) {
          i = end;
          push('number', start, i);
          continue;
        }
      }
      push('word', start, i, text.slice(start, i).toUpperCase());
      continue;
    }
    i++;
    push('punct', start, i);
  }
  for (const open of execOpen) open.unterminated = true;
  return out;
}

/** Whitespace, comments and the edges of executable comments: what may stand between two words of a clause. */
export const isTrivia = (t: StatementToken): boolean =>
  t.kind === 'space' || t.kind === 'comment' || t.kind === 'exec-open' || t.kind === 'exec-close';

/** Index of the first token at or after `i` that is not trivia (`tokens.length` when there is none). */
export function skipTrivia(tokens: readonly StatementToken[], i: number): number {
  while (i < tokens.length && isTrivia(tokens[i]!)) i++;
  return i;
}

/** Whether the token at `i` is the bare word `word` (upper case). */
export const isWord = (tokens: readonly StatementToken[], i: number, word: string): boolean =>
  tokens[i]?.kind === 'word' && tokens[i]!.value === word;
