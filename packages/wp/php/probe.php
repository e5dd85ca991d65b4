<?php
// wpfleet probe: gathers one site's facts in a single `wp eval-file -` round trip. Read-only: it never writes
// to the database or the filesystem. Output is one JSON document between two marker lines, so that a plugin
// that prints on load cannot break parsing.

if (!defined('ABSPATH')) {
    fwrite(STDERR, "Error: the wpfleet probe must run inside WordPress (wp eval-file -).\n");
    exit(1);
}

global $wpdb, $wp_version, $wp_db_version;

// The probe only looks. WordPress caches on the way (wp_get_themes() stores the `theme_roots` site transient when
// it is missing), so transients go to the in-memory object cache while the probe runs: an insert, even one rolled
// back, would still move the table's AUTO_INCREMENT. Everything is read from one consistent snapshot, and the
// transaction is rolled back as a last guard.
$wpfleet_external_cache = wp_using_ext_object_cache();
wp_using_ext_object_cache(true);
$wpdb->query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
try {
$wpfleet_probe = (function () use ($wpdb, $wp_version, $wp_db_version) {
    $started = microtime(true);
    $facts = array('probeVersion' => 1);

    // WordPress and PHP.
    $facts['wordpress'] = array(
        'version' => $wp_version,
        'dbVersion' => (int) $wp_db_version,
        'siteurl' => get_option('siteurl'),
        'home' => get_option('home'),
        'multisite' => is_multisite(),
        'subdomainInstall' => is_multisite() && defined('SUBDOMAIN_INSTALL') && SUBDOMAIN_INSTALL,
        'locale' => get_locale(),
        'abspath' => ABSPATH,
        'contentDir' => WP_CONTENT_DIR,
        'tablePrefix' => $wpdb->base_prefix,
    );
    $extensions = get_loaded_extensions();
    sort($extensions);
    $facts['php'] = array(
        'version' => PHP_VERSION,
        'sapi' => PHP_SAPI,
        'extensions' => array_map('strtolower', $extensions),
        'memoryLimit' => ini_get('memory_limit'),
    );

    // Database server and tables. Row counts are exact (COUNT(*)), because information_schema's TABLE_ROWS is
    // only an estimate for InnoDB and the plan compares counts after the copy.
    $server = $wpdb->get_row('SELECT VERSION() AS version, @@version_comment AS comment, @@character_set_database AS charset, @@collation_database AS collation, DATABASE() AS name', ARRAY_A);
    $version = (string) ($server['version'] ?? '');
    $comment = (string) ($server['comment'] ?? '');
    $flavour = (stripos($version, 'mariadb') !== false || stripos($comment, 'mariadb') !== false) ? 'mariadb' : 'mysql';
    $facts['database'] = array(
        'flavour' => $flavour,
        'version' => preg_replace('/^(\d+\.\d+\.\d+).*/', '$1', $version),
        'versionString' => $version,
        'name' => (string) ($server['name'] ?? ''),
        'charset' => (string) ($server['charset'] ?? ''),
        'collation' => (string) ($server['collation'] ?? ''),
        'wpCharset' => $wpdb->charset,
        'wpCollate' => $wpdb->collate,
    );
    $like = $wpdb->esc_like($wpdb->base_prefix) . '%';
    $tables = $wpdb->get_results($wpdb->prepare(
        'SELECT TABLE_NAME AS name, ENGINE AS engine, TABLE_COLLATION AS collation, DATA_LENGTH + INDEX_LENGTH AS bytes
           FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE %s AND TABLE_TYPE = %s
           ORDER BY TABLE_NAME',
        $like,
        'BASE TABLE'
    ), ARRAY_A);
    $tableFacts = array();
    foreach ($tables as $table) {
        $name = $table['name'];
        $rows = $wpdb->get_var('SELECT COUNT(*) FROM `' . str_replace('`', '``', $name) . '`');
        $tableFacts[] = array(
            'name' => $name,
            'engine' => (string) $table['engine'],
            'collation' => (string) $table['collation'],
            'rows' => (int) $rows,
            'bytes' => (int) $table['bytes'],
        );
    }
    $facts['database']['tables'] = $tableFacts;
    $columnCollations = $wpdb->get_col($wpdb->prepare(
        'SELECT DISTINCT COLLATION_NAME FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE %s AND COLLATION_NAME IS NOT NULL',
        $like
    ));
    $collations = array_values(array_unique(array_filter(array_merge(
        array_map(function ($t) { return $t['collation']; }, $tableFacts),
        $columnCollations
    ))));
    sort($collations);
    $facts['database']['collations'] = $collations;
    $facts['database']['supportedCollations'] = array_values(array_filter(
        $wpdb->get_col("SELECT COLLATION_NAME FROM information_schema.COLLATIONS WHERE CHARACTER_SET_NAME IN ('utf8mb4','utf8mb3','utf8','latin1')"),
        'strlen'
    ));

    // Multisite.
    $facts['sites'] = array();
    if (is_multisite()) {
        foreach (get_sites(array('number' => 10000)) as $site) {
            $facts['sites'][] = array(
                'blogId' => (int) $site->blog_id,
                'domain' => $site->domain,
                'path' => $site->path,
                'url' => get_home_url((int) $site->blog_id),
                'archived' => (bool) (int) $site->archived,
                'deleted' => (bool) (int) $site->deleted,
            );
        }
    }

    // Plugins, themes, must-use plugins and drop-ins.
    if (!function_exists('get_plugins')) {
        require_once ABSPATH . 'wp-admin/includes/plugin.php';
    }
    $active = (array) get_option('active_plugins', array());
    $networkActive = is_multisite() ? array_keys((array) get_site_option('active_sitewide_plugins', array())) : array();
    $plugins = array();
    foreach (get_plugins() as $file => $data) {
        $slug = strpos($file, '/') !== false ? dirname($file) : basename($file, '.php');
        $status = in_array($file, $networkActive, true) ? 'active-network' : (in_array($file, $active, true) ? 'active' : 'inactive');
        $plugins[] = array('name' => $slug, 'file' => $file, 'version' => (string) $data['Version'], 'status' => $status, 'title' => (string) $data['Name']);
    }
    $facts['plugins'] = $plugins;
    $muPlugins = array();
    foreach (get_mu_plugins() as $file => $data) {
        $muPlugins[] = array('file' => $file, 'version' => (string) $data['Version'], 'title' => (string) $data['Name']);
    }
    $facts['muPlugins'] = $muPlugins;
    $dropins = array();
    foreach (get_dropins() as $file => $data) {
        $dropins[] = $file;
    }
    $facts['dropins'] = $dropins;
    $stylesheet = get_stylesheet();
    $template = get_template();
    $themes = array();
    foreach (wp_get_themes() as $slug => $theme) {
        $status = $slug === $stylesheet ? 'active' : ($slug === $template ? 'parent' : 'inactive');
        $themes[] = array('name' => $slug, 'version' => (string) $theme->get('Version'), 'status' => $status, 'title' => (string) $theme->get('Name'));
    }
    $facts['themes'] = $themes;

    // Files and bytes below a directory (symlinks to directories are not followed, as rsync -a copies the link).
    $measure = function ($dir) {
        $files = 0;
        $bytes = 0;
        if (is_dir($dir)) {
            $iterator = new RecursiveIteratorIterator(
                new RecursiveDirectoryIterator($dir, FilesystemIterator::SKIP_DOTS),
                RecursiveIteratorIterator::LEAVES_ONLY,
                RecursiveIteratorIterator::CATCH_GET_CHILD
            );
            foreach ($iterator as $file) {
                if ($file->isFile()) {
                    $files++;
                    $bytes += $file->getSize();
                }
            }
        }
        return array($files, $bytes);
    };

    // Uploads: size and file count of the uploads tree (all blogs share it below the main basedir).
    $uploads = wp_upload_dir(null, false);
    $basedir = $uploads['basedir'];
    list($files, $bytes) = $measure($basedir);
    $facts['uploads'] = array('dir' => $basedir, 'files' => $files, 'bytes' => $bytes);

    // What the files step copies: the managed wp-content directories (MANAGED_DIRS in
    // packages/wp/src/files/file-manifest.ts), plugins and themes included. The plan's file estimate is this.
    $content = array('dir' => WP_CONTENT_DIR, 'files' => 0, 'bytes' => 0);
    foreach (array('uploads', 'plugins', 'themes', 'mu-plugins', 'languages') as $managed) {
        list($files, $bytes) = $measure(WP_CONTENT_DIR . '/' . $managed);
        $content['files'] += $files;
        $content['bytes'] += $bytes;
    }
    $facts['content'] = $content;

    // Cron health: events that are overdue by more than an hour mean WP-Cron is not running.
    $cron = function_exists('_get_cron_array') ? _get_cron_array() : array();
    $now = time();
    $events = 0;
    $overdue = 0;
    foreach ((array) $cron as $timestamp => $hooks) {
        foreach ((array) $hooks as $hook => $instances) {
            $events += count((array) $instances);
            if ($timestamp < $now - 3600) {
                $overdue += count((array) $instances);
            }
        }
    }
    $facts['cron'] = array(
        'events' => $events,
        'overdue' => $overdue,
        'disabled' => defined('DISABLE_WP_CRON') && DISABLE_WP_CRON,
    );

    $free = @disk_free_space(ABSPATH);
    $facts['disk'] = array('freeBytes' => $free === false ? null : (int) $free, 'path' => ABSPATH);
    $facts['objectCache'] = array('external' => (bool) $GLOBALS['wpfleet_external_cache']);
    $facts['probeMs'] = (int) round((microtime(true) - $started) * 1000);
    return $facts;
})();

} finally {
    $wpdb->query('ROLLBACK');
    // Transients stay in memory until this process exits: WordPress's shutdown would otherwise store the caches
    // the probe warmed.
}

echo "\n--WPFLEET-PROBE-BEGIN--\n";
echo json_encode($wpfleet_probe, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PARTIAL_OUTPUT_ON_ERROR);
echo "\n--WPFLEET-PROBE-END--\n";
