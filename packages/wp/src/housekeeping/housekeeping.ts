// A small PHP program for `wp eval-file -`: the swap's WordPress housekeeping in one boot instead of three. It
// does what `wp cache flush`, `wp transient delete --all` and `wp rewrite flush` do, in that order (the object
// cache first, so the transient and rewrite work reads the options that just moved), and reports each action's
// outcome as one JSON line instead of stopping at the first failure. On a multisite it covers every subsite, as
// running those commands once per `--url` would.
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
// On a multisite every subsite has its own options table: its transients go too, and its rewrite_rules option is
// deleted, which makes WordPress rebuild the subsite's rules with its own permalink settings on the next request
// (flush_rewrite_rules() inside switch_to_blog() would build them with the main site's rewrite object).
$subsites = is_multisite() ? get_sites(array('fields' => 'ids', 'number' => 0, 'site__not_in' => array(get_main_site_id()))) : array();
$attempt('transients', function () use ($wpdb, $subsites) {
  // Every transient and its timeout, as wp transient delete --all removes them (site transients live in
  // sitemeta on a multisite).
  $like = function ($prefix) use ($wpdb) { return $wpdb->esc_like($prefix) . '%'; };
  $ok = $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $like('_transient_'))) !== false;
  if (is_multisite()) {
    $ok = $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->sitemeta} WHERE meta_key LIKE %s", $like('_site_transient_'))) !== false && $ok;
    foreach ($subsites as $id) {
      $ok = $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->get_blog_prefix($id)}options WHERE option_name LIKE %s", $like('_transient_'))) !== false && $ok;
    }
  } else {
    $ok = $wpdb->query($wpdb->prepare("DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $like('_site_transient_'))) !== false && $ok;
  }
  return $ok;
});
$attempt('rewrite', function () use ($wpdb, $subsites) {
  flush_rewrite_rules(false);
  $ok = true;
  foreach ($subsites as $id) {
    $ok = $wpdb->query("DELETE FROM {$wpdb->get_blog_prefix($id)}options WHERE option_name = 'rewrite_rules'") !== false && $ok;
  }
  return $ok;
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
