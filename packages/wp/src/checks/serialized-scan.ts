// The serialized scan, a PHP program for `wp eval-file - PREFIX` (packages/wp/php/serialized-scan.php): counts,
// per table, the text values that look PHP-serialized but do not unserialize. Run on the source (live tables) and
// the target (staging tables); the source's corrupt values are carried over untouched, so the target may have as
// many, never more.
import { phpProgram } from '../wp-cli/php-program.js';
export function serializedScanScript(): string {
  return phpProgram('serialized-scan.php');
}

export interface SerializedScan {
  /**
   * Corrupt values per table suffix, as a list: table names are data, and as keys they would meet the journal's
   * secret-key rule (`oauth_token`) and the object prototype (`__proto__`).
   */
  tables: { suffix: string; count: number }[];
  total: number;
  scanned: number;
}

export function parseSerializedScan(stdout: string): SerializedScan {
  const line = stdout.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line) as {
    tables: Record<string, number> | unknown[];
    total: number;
    scanned: number;
  };
  // PHP encodes an empty array as [].
  const tables = Array.isArray(parsed.tables)
    ? []
    : Object.entries(parsed.tables).map(([suffix, count]) => ({ suffix, count }));
  return { tables, total: parsed.total, scanned: parsed.scanned };
}
