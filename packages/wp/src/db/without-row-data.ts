// The mysql client quotes what a statement failed on. MariaDB's client (10.11 and later) echoes the whole failed
// statement in batch mode between two `--------------` lines, which during an import is an INSERT of up to a
// megabyte of rows; MySQL's and MariaDB's error texts quote a value (`Duplicate entry '...' for key`, `Incorrect
// integer value: '...'`) or the statement text after a syntax error (`near '...' at line 1`). That is the site's
// row data (e-mail addresses, password hashes, API keys kept in options), which must not reach the terminal, the
// journal or a report. The quotes are cut by what follows them, not by parsing: statement text holds quotes of its
// own.

const WITHHELD = '[row data withheld]';
const ECHO_FENCE = '--------------';

const ROW_DATA_QUOTES: ReadonlyArray<[RegExp, string]> = [
  [/near '[\s\S]*?' at line (\d+)/g, `near ${WITHHELD} at line $1`],
  [/Duplicate entry '[\s\S]*?' for key/g, `Duplicate entry ${WITHHELD} for key`],
  [
    /(Incorrect|Truncated incorrect|Out of range) (\w+) value: '[\s\S]*?'( for column|$)/gm,
    `$1 $2 value: ${WITHHELD}$3`,
  ],
];

/**
 * `text` (a command's stderr, or the end of it) without the statements the client echoed and with the row data its
 * error messages quote replaced by a placeholder. A text cut inside an echoed statement (an odd number of fences)
 * starts inside one.
 */
export function withoutRowData(text: string): string {
  const lines = text.split('\n');
  let inside = lines.filter((line) => line === ECHO_FENCE).length % 2 === 1;
  const kept: string[] = inside ? [`[failed statement withheld]`] : [];
  for (const line of lines) {
    if (line === ECHO_FENCE) {
      inside = !inside;
      if (inside) kept.push('[failed statement withheld]');
      continue;
    }
    if (!inside) kept.push(line);
  }
  let out = kept.join('\n');
  for (const [pattern, replacement] of ROW_DATA_QUOTES) out = out.replace(pattern, replacement);
  return out;
}
