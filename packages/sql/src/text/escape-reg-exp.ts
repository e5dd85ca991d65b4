// A string as a RegExp that matches exactly it, for patterns built around names and URLs (table prefixes, search
// strings, grant patterns). No imports: the SQL stream's worker threads load it too.

/** `text` with every character a RegExp gives a meaning (and `/`) escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
