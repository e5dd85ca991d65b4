<?php
// wpfleet swap housekeeping (run by housekeeping/housekeeping.ts): cache flush, transient delete, rewrite flush in
// one WordPress boot, each outcome in one JSON line.
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
