// A small PHP program for `wp eval-file -`: the swap's WordPress housekeeping in one boot instead of three. It
// does what `wp cache flush`, `wp transient delete --all` and `wp rewrite flush` do, in that order (the object
// cache first, so the transient and rewrite work reads the options that just moved), and reports each action's
// outcome as one JSON line instead of stopping at the first failure.
import { z } from 'zod';

export const housekeepingScript = String.raw`<?php
global $wpdb;
$out = array();
$attempt = function ($name, $action) use (&$out) {
  try {
    $result = $action();
    $out[$name] = ($result === false) ? 'failed' : 'ok';
  } catch (Throwable $e) {
    $out[$name] = 'failed: ' . $e->getMessage();
  }
};
$attempt('cache', function () {
  return wp_cache_flush();
});
$attempt('transients', function () use ($wpdb) {
  // Every transient and its timeout, as wp transient delete --all removes them (site transients live in
  // sitemeta on a multisite).
  $like = function ($prefix) use ($wpdb) { return $wpdb->esc_like($prefix) . '%'; };
  $ok = $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $like('_transient_'))) !== false;
  if (is_multisite()) {
    $ok = $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->sitemeta} WHERE meta_key LIKE %s", $like('_site_transient_'))) !== false && $ok;
  } else {
    $ok = $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $like('_site_transient_'))) !== false && $ok;
  }
  return $ok;
});
$attempt('rewrite', function () {
  flush_rewrite_rules(false);
  return true;
});
echo json_encode($out), "\n";
`;

const outcomeSchema = z.object({ cache: z.string(), transients: z.string(), rewrite: z.string() });

export type HousekeepingOutcome = z.infer<typeof outcomeSchema>;

/** The script's JSON line; each value is `ok`, `failed` or `failed: <reason>`. */
export function parseHousekeeping(stdout: string): HousekeepingOutcome {
  const line = stdout.trim().split('\n').pop() ?? '';
  return outcomeSchema.parse(JSON.parse(line));
}
