// Runs the serialized-value scan's PHP against a tiny stand-in $wpdb, with the real PHP on this machine.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assertNoSecrets } from '@wpfleet/core';
import { parseSerializedScan, serializedScanScript } from '../../src/checks/serialized-scan.js';

const fakeWpdb = String.raw`<?php
function is_serialized($data) { $data = trim($data); if ($data === 'N;') return true; return (bool) preg_match('/^([adObisC]):/', $data) && in_array(substr($data, -1), [';', '}'], true); }
define('ARRAY_N', 'ARRAY_N');
class FakeDb {
  public $rows = ['wpfs_options' => ['option_value' => ['a:1:{s:3:"url";s:18:"http://new.example";}', 'a:1:{s:3:"url";s:99:"broken";}', 'plain', 'b:0;']], 'wpfs_postmeta' => ['meta_value' => ['s:5:"hello";']]];
  public function esc_like($t) { return addcslashes($t, '_%\\'); }
  public function prepare($q, ...$a) { return vsprintf(str_replace('%s', "'%s'", $q), $a); }
  public function get_col($q) {
    if (strpos($q, 'SHOW TABLES') === 0) return array_keys($this->rows);
    if (preg_match("/TABLE_NAME = '(\w+)'/", $q, $m)) return array_keys($this->rows[$m[1]]);
    return [];
  }
  // The row query: the server's LIKE '_:%' filter, one column per row here, paged by LIMIT.
  public function get_results($q, $mode) {
    if (!preg_match('/FROM .(\w+). WHERE .* LIMIT (\d+)/', $q, $m)) return [];
    $out = [];
    foreach ($this->rows[$m[1]] as $vals) foreach ($vals as $v) if (preg_match('/^.:/s', $v)) $out[] = [$v];
    return array_slice($out, (int) $m[2], 2000);
  }
}
$wpdb = new FakeDb();
$args = ['wpfs_'];
?>`;

describe('serialized value scan', () => {
  it('counts the values that look serialized but do not unserialize, per table', () => {
    const php = fakeWpdb + serializedScanScript();
    const out = execFileSync('php', ['-d', 'display_errors=stderr'], { input: php, encoding: 'utf8' });
    const scan = parseSerializedScan(out);
    expect(scan.tables).toEqual([{ suffix: 'options', count: 1 }]);
    expect(scan.total).toBe(1);
    // 'plain' never leaves the server; the other four are looked at.
    expect(scan.scanned).toBe(4);
  });

  it('reads an empty result, which PHP encodes as a list', () => {
    expect(parseSerializedScan('{"tables":[],"total":0,"scanned":12}\n')).toEqual({
      tables: [],
      total: 0,
      scanned: 12,
    });
  });

  it('journals counts for tables named like a secret or like `__proto__`, as data', () => {
    const scan = parseSerializedScan('{"tables":{"oauth_token":2,"__proto__":1},"total":3,"scanned":9}\n');
    expect(scan.tables).toEqual([
      { suffix: 'oauth_token', count: 2 },
      { suffix: '__proto__', count: 1 },
    ]);
    expect(() => assertNoSecrets({ sourceChecks: { serialized: scan } })).not.toThrow();
  });
});
