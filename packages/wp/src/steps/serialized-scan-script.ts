// A small PHP program for `wp eval-file - PREFIX`: counts, per table, the text values that look PHP-serialized
// but do not unserialize. Run on the source (live tables) and the target (staging tables); the source's corrupt
// values are carried over untouched, so the target may have as many, never more.
export const serializedScanScript = String.raw`<?php
global $wpdb;
$prefix = $args[0];
$out = array('tables' => array(), 'total' => 0, 'scanned' => 0);
$like = $wpdb->esc_like($prefix) . '%';
$tables = $wpdb->get_col($wpdb->prepare('SHOW TABLES LIKE %s', $like));
foreach ($tables as $table) {
  if (strpos($table, $prefix) !== 0) continue;
  $cols = $wpdb->get_results($wpdb->prepare(
    'SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s AND DATA_TYPE IN (\'text\', \'mediumtext\', \'longtext\', \'tinytext\', \'varchar\', \'blob\', \'mediumblob\', \'longblob\')',
    $table), ARRAY_N);
  foreach ($cols as $c) {
    $col = $c[0];
    $bt = chr(96);
    $q = $bt . str_replace($bt, $bt . $bt, $table) . $bt;
    $cq = $bt . str_replace($bt, $bt . $bt, $col) . $bt;
    $offset = 0;
    while (true) {
      $values = $wpdb->get_col("SELECT $cq FROM $q WHERE $cq REGEXP '^(a|O|s|i|d|b|N|C):' LIMIT $offset, 2000");
      if (!$values) break;
      foreach ($values as $v) {
        $out['scanned']++;
        if (!is_serialized($v)) continue;
        if ($v === 'b:0;') continue;
        if (@unserialize($v, array('allowed_classes' => false)) === false) {
          $suffix = substr($table, strlen($prefix));
          if (!isset($out['tables'][$suffix])) $out['tables'][$suffix] = 0;
          $out['tables'][$suffix]++;
          $out['total']++;
        }
      }
      if (count($values) < 2000) break;
      $offset += 2000;
    }
  }
}
echo json_encode($out), "\n";
`;

export interface SerializedScan {
  /** Corrupt values per table suffix. */
  tables: Record<string, number>;
  total: number;
  scanned: number;
}

export function parseSerializedScan(stdout: string): SerializedScan {
  const line = stdout.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line) as { tables: Record<string, number> | unknown[]; total: number; scanned: number };
  // PHP encodes an empty array as [].
  const tables = Array.isArray(parsed.tables) ? {} : parsed.tables;
  return { tables, total: parsed.total, scanned: parsed.scanned };
}
