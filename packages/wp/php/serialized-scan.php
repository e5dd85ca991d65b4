<?php
// wpfleet serialized scan (run by checks/serialized-scan.ts): per table, counts the text values that look
// PHP-serialized but do not unserialize. Read-only. Prints one JSON line.
global $wpdb;
$prefix = $args[0];
$out = array('tables' => array(), 'total' => 0, 'scanned' => 0);
$like = $wpdb->esc_like($prefix) . '%';
$tables = $wpdb->get_col($wpdb->prepare('SHOW TABLES LIKE %s', $like));
// Streamed (unbuffered) when the connection is mysqli, so a 200 MB table is never held whole; LIKE '_:%' lets the
// server skip everything that cannot be serialized.
$stream = isset($wpdb->dbh) && $wpdb->dbh instanceof mysqli;
$check = function ($v, $table) use (&$out, $prefix) {
  $out['scanned']++;
  if (strpos('aOsidbNC', $v[0]) === false || !is_serialized($v)) return;
  if ($v === 'b:0;') return;
  if (@unserialize($v, array('allowed_classes' => false)) === false) {
    $suffix = substr($table, strlen($prefix));
    if (!isset($out['tables'][$suffix])) $out['tables'][$suffix] = 0;
    $out['tables'][$suffix]++;
    $out['total']++;
  }
};
foreach ($tables as $table) {
  if (strpos($table, $prefix) !== 0) continue;
  $cols = $wpdb->get_col($wpdb->prepare(
    'SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s AND DATA_TYPE IN (\'text\', \'mediumtext\', \'longtext\', \'tinytext\', \'varchar\', \'blob\', \'mediumblob\', \'longblob\')',
    $table));
  if (!$cols) continue;
  // One scan of the table for all its text columns (a scan per column reads a 200 MB wp_posts a dozen times);
  // only the values that could be serialized come back.
  $bt = chr(96);
  $q = $bt . str_replace($bt, $bt . $bt, $table) . $bt;
  $picks = array();
  $any = array();
  foreach ($cols as $col) {
    $cq = $bt . str_replace($bt, $bt . $bt, $col) . $bt;
    $picks[] = "CASE WHEN $cq LIKE '_:%' THEN $cq END";
    $any[] = "$cq LIKE '_:%'";
  }
  $sql = 'SELECT ' . implode(', ', $picks) . " FROM $q WHERE " . implode(' OR ', $any);
  $row_check = function ($row) use ($check, $table) {
    foreach ($row as $v) if ($v !== null) $check($v, $table);
  };
  if ($stream) {
    $res = mysqli_query($wpdb->dbh, $sql, MYSQLI_USE_RESULT);
    if ($res === false) { fwrite(STDERR, 'Error: ' . mysqli_error($wpdb->dbh) . "\n"); exit(1); }
    while (($row = mysqli_fetch_row($res)) !== null) $row_check($row);
    mysqli_free_result($res);
    continue;
  }
  $offset = 0;
  while (true) {
    $rows = $wpdb->get_results("$sql LIMIT $offset, 2000", ARRAY_N);
    if (!$rows) break;
    foreach ($rows as $row) $row_check($row);
    if (count($rows) < 2000) break;
    $offset += 2000;
  }
}
echo json_encode($out), "\n";
