// Splits WP-CLI stderr into its `Error:` and `Warning:` messages. A message runs until the next prefix, so
// multi-line errors (a failed `db query` quotes the SQL and the server's error) stay whole. PHP's own messages
// share the stream and one of its prefixes (`Warning: ... on line 12`): they are kept apart, in `other`.
import { isPhpDiagnostic } from './parse-wp-cli-output.js';

export interface WpCliMessages {
  errors: string[];
  warnings: string[];
  /** PHP notices and lines before any prefix (a plugin's echo), kept for the long error message. */
  other: string[];
}

export function parseWpCliStderr(stderr: string): WpCliMessages {
  const out: WpCliMessages = { errors: [], warnings: [], other: [] };
  let current: { list: string[]; lines: string[] } | undefined;
  const flush = (): void => {
    if (current) current.list.push(current.lines.join('\n').replace(/\s+$/, ''));
    current = undefined;
  };
  for (const line of stderr.split('\n')) {
    if (isPhpDiagnostic(line)) {
      flush();
      out.other.push(line);
      continue;
    }
    const error = /^Error: ?(.*)$/.exec(line);
    const warning = /^Warning: ?(.*)$/.exec(line);
    if (error || warning) {
      flush();
      current = { list: error ? out.errors : out.warnings, lines: [(error ?? warning)![1]!] };
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim() !== '') {
      out.other.push(line);
    }
  }
  flush();
  return out;
}
