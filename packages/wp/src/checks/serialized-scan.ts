// The serialized scan, a PHP program for `wp eval-file - PREFIX` (packages/wp/php/serialized-scan.php): counts,
// per table, the text values that look PHP-serialized but do not unserialize. Run on the source (live tables) and
// the target (staging tables); the source's corrupt values are carried over untouched, so the target may have as
// many, never more.
import { phpProgram } from '../wp-cli/php-program.js';
export function serializedScanScript(): string {
  return phpProgram('serialized-scan.php');
}

export interface SerializedScan {
  /** Corrupt values per table suffix. */
  tables: Record<string, number>;
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
  const tables = Array.isArray(parsed.tables) ? {} : parsed.tables;
  return { tables, total: parsed.total, scanned: parsed.scanned };
}
