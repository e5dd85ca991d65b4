// A SQL string literal for values wpfleet itself puts into a query (URLs from the plan), escaped the way the
// mysql client expects, so a quote or backslash in a value can never end the literal. A quote is doubled rather
// than backslash-escaped: a server in NO_BACKSLASH_ESCAPES mode reads `\'` as a backslash and the literal's end.
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\0/g, '\\0')}'`;
}

/** A `LIKE` pattern literal for names starting with `prefix`: its `_`, `%` and `\` stand for themselves. */
export function likePrefix(prefix: string): string {
  return sqlString(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
