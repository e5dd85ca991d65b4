// Where a CREATE TRIGGER statement's name, ON-table and body are, read from its tokens in the order the grammar
// puts them, so that words inside names, strings or comments (a trigger named `x FOR EACH ROW`) never move them.
import { isWord, skipTrivia, type StatementToken } from './statement-tokens.js';

export interface TriggerShape {
  /** Index of the trigger's name token (the last part of `db`.`name`). */
  name: number;
  /** Index of the ON-table's name token (the last part of `db`.`table`). */
  table: number;
  /** Index of the first token after FOR EACH ROW. */
  body: number;
}

const isName = (t: StatementToken | undefined): boolean =>
  t !== undefined && (t.kind === 'identifier' || t.kind === 'word') && t.unterminated === undefined;

/** A name at `i`, maybe qualified by a schema: [index of its last part, index after it], or null. */
function qualifiedName(tokens: readonly StatementToken[], i: number): [number, number] | null {
  if (!isName(tokens[i])) return null;
  const dot = skipTrivia(tokens, i + 1);
  if (tokens[dot]?.kind === 'punct' && tokens[dot]!.value === '.') {
    const last = skipTrivia(tokens, dot + 1);
    return isName(tokens[last]) ? [last, last + 1] : null;
  }
  return [i, i + 1];
}

/**
 * CREATE [OR REPLACE] [DEFINER=...] TRIGGER [IF NOT EXISTS] name {BEFORE|AFTER} event [OR event ...] ON table
 * FOR EACH ROW body; null when the statement is not a CREATE TRIGGER of that shape.
 */
export function triggerShape(tokens: readonly StatementToken[]): TriggerShape | null {
  let i = skipTrivia(tokens, 0);
  if (!isWord(tokens, i, 'CREATE')) return null;
  i = skipTrivia(tokens, i + 1);
  if (isWord(tokens, i, 'OR')) {
    i = skipTrivia(tokens, i + 1);
    if (!isWord(tokens, i, 'REPLACE')) return null;
    i = skipTrivia(tokens, i + 1);
  }
  if (isWord(tokens, i, 'DEFINER')) {
    // An account: user@host, CURRENT_USER or CURRENT_USER(), a few tokens at most.
    for (let n = 0; n < 12 && i < tokens.length && !isWord(tokens, i, 'TRIGGER'); n++)
      i = skipTrivia(tokens, i + 1);
  }
  if (!isWord(tokens, i, 'TRIGGER')) return null;
  i = skipTrivia(tokens, i + 1);
  if (isWord(tokens, i, 'IF')) {
    i = skipTrivia(tokens, i + 1);
    if (isWord(tokens, i, 'NOT')) i = skipTrivia(tokens, i + 1);
    if (!isWord(tokens, i, 'EXISTS')) return null;
    i = skipTrivia(tokens, i + 1);
  }
  const name = qualifiedName(tokens, i);
  if (name === null) return null;
  i = skipTrivia(tokens, name[1]);
  if (!isWord(tokens, i, 'BEFORE') && !isWord(tokens, i, 'AFTER')) return null;
  for (;;) {
    i = skipTrivia(tokens, i + 1);
    if (!isWord(tokens, i, 'INSERT') && !isWord(tokens, i, 'UPDATE') && !isWord(tokens, i, 'DELETE'))
      return null;
    i = skipTrivia(tokens, i + 1);
    if (!isWord(tokens, i, 'OR')) break;
  }
  if (!isWord(tokens, i, 'ON')) return null;
  const table = qualifiedName(tokens, skipTrivia(tokens, i + 1));
  if (table === null) return null;
  i = skipTrivia(tokens, table[1]);
  for (const word of ['FOR', 'EACH', 'ROW']) {
    if (!isWord(tokens, i, word)) return null;
    i = skipTrivia(tokens, i + 1);
  }
  return { name: name[0], table: table[0], body: i };
}
