<?php
// The commands the stand-in answers, each with the phase it needs (WP-CLI's @when), its accepted
// flags, and an implementation that calls the real WordPress API the way the WP-CLI command does.

namespace Standin;

final class Commands {
	/**
	 * Command table: path => [handler, when, spec]. spec.flags lists accepted flags (null = any value,
	 * array = allowed values); spec.any_flags accepts WP-CLI's `[--<field>=<value>]` pass-through.
	 */
	private static function table() {
		$any    = [ 'any_flags' => true, 'flags' => [] ];
		$fmt    = 'Render output in a particular format.';
		return [
			'cli version'               => [ [ self::class, 'cli_version' ], 'before_wp_load', [ 'flags' => [] ] ],
			'cli info'                  => [ [ self::class, 'cli_info' ], 'before_wp_load', [ 'flags' => [ 'format' => [ 'list', 'json' ] ] ] ],
			'core version'              => [ [ self::class, 'core_version' ], 'before_wp_load', [ 'flags' => [ 'extra' => null ] ] ],
			'core verify-checksums'     => [ [ self::class, 'core_verify_checksums' ], 'before_wp_load', [ 'needs_wp' => true, 'flags' => [ 'version' => null, 'locale' => null, 'insecure' => null, 'include-root' => null, 'exclude' => null, 'format' => null ] ] ],
			'core is-installed'         => [ [ self::class, 'core_is_installed' ], 'after_wp_load', [ 'flags' => [ 'network' => null ] ] ],
			'config get'                => [ [ self::class, 'config_get' ], 'before_wp_load', [ 'flags' => [ 'type' => [ 'constant', 'variable', 'all' ], 'format' => [ 'var_export', 'json', 'yaml', 'dotenv' ], 'config-file' => null ] ] ],
			'config list'               => [ [ self::class, 'config_list' ], 'before_wp_load', [ 'flags' => [ 'fields' => null, 'format' => [ 'table', 'csv', 'json', 'yaml', 'dotenv' ], 'strict' => null, 'config-file' => null ] ] ],
			'option get'                => [ [ self::class, 'option_get' ], 'after_wp_load', [ 'flags' => [ 'format' => [ 'var_export', 'json', 'yaml' ] ] ] ],
			'db prefix'                 => [ [ Db::class, 'prefix' ], 'after_wp_load', [ 'flags' => [] ] ],
			'db size'                   => [ [ Db::class, 'size' ], 'after_wp_load', [ 'flags' => [ 'size_format' => [ 'b', 'kb', 'mb', 'gb', 'tb', 'B', 'KB', 'KiB', 'MB', 'MiB', 'GB', 'GiB', 'TB', 'TiB' ], 'tables' => null, 'human-readable' => null, 'format' => [ 'table', 'csv', 'json', 'yaml' ], 'scope' => null, 'network' => null, 'decimals' => null, 'all-tables-with-prefix' => null, 'all-tables' => null, 'order' => [ 'asc', 'desc' ], 'orderby' => [ 'name', 'size' ] ], 'descriptions' => [ 'format' => $fmt ] ] ],
			'db tables'                 => [ [ Db::class, 'tables' ], 'after_wp_load', [ 'flags' => [ 'scope' => [ 'all', 'blog', 'global', 'ms_global', 'old' ], 'network' => null, 'all-tables-with-prefix' => null, 'all-tables' => null, 'format' => [ 'list', 'csv' ] ], 'descriptions' => [ 'format' => $fmt ] ] ],
			'db check'                  => [ [ Db::class, 'check' ], 'after_wp_config_load', $any ],
			'db query'                  => [ [ Db::class, 'query' ], 'after_wp_config_load', $any ],
			'db export'                 => [ [ Db::class, 'export' ], 'after_wp_config_load', $any ],
			'db import'                 => [ [ Db::class, 'import' ], 'after_wp_config_load', $any ],
			'plugin list'               => [ [ self::class, 'plugin_list' ], 'after_wp_load', $any ],
			'plugin verify-checksums'   => [ [ self::class, 'plugin_verify_checksums' ], 'after_wp_load', [ 'flags' => [ 'all' => null, 'strict' => null, 'format' => null, 'insecure' => null, 'exclude' => null ] ] ],
			'theme list'                => [ [ self::class, 'theme_list' ], 'after_wp_load', $any ],
			'user list'                 => [ [ self::class, 'user_list' ], 'after_wp_load', $any ],
			'post list'                 => [ [ self::class, 'post_list' ], 'after_wp_load', $any ],
			'term list'                 => [ [ self::class, 'term_list' ], 'after_wp_load', $any ],
			'cron event list'           => [ [ self::class, 'cron_event_list' ], 'after_wp_load', $any ],
			'site list'                 => [ [ self::class, 'site_list' ], 'after_wp_load', $any ],
			'search-replace'            => [ [ SearchReplace::class, 'run' ], 'after_wp_load', [ 'flags' => [ 'dry-run' => null, 'network' => null, 'all-tables-with-prefix' => null, 'all-tables' => null, 'export' => null, 'export_insert_size' => null, 'skip-tables' => null, 'skip-columns' => null, 'include-columns' => null, 'precise' => null, 'recurse-objects' => null, 'verbose' => null, 'regex' => null, 'regex-flags' => null, 'regex-delimiter' => null, 'regex-limit' => null, 'format' => [ 'table', 'count' ], 'report' => null, 'report-changed-only' => null, 'log' => null, 'before_context' => null, 'after_context' => null ], 'descriptions' => [ 'format' => $fmt ] ] ],
			'eval'                      => [ [ self::class, 'eval_code' ], 'after_wp_load', [ 'flags' => [ 'skip-wordpress' => null ] ] ],
			'eval-file'                 => [ [ self::class, 'eval_file' ], 'after_wp_load', [ 'flags' => [ 'skip-wordpress' => null, 'use-include' => null ] ] ],
			'maintenance-mode activate' => [ [ self::class, 'mm_activate' ], 'after_wp_load', [ 'flags' => [ 'force' => null ] ] ],
			'maintenance-mode deactivate' => [ [ self::class, 'mm_deactivate' ], 'after_wp_load', [ 'flags' => [] ] ],
			'maintenance-mode is-active' => [ [ self::class, 'mm_is_active' ], 'after_wp_load', [ 'flags' => [] ] ],
			'maintenance-mode status'   => [ [ self::class, 'mm_status' ], 'after_wp_load', [ 'flags' => [] ] ],
			'cache flush'               => [ [ self::class, 'cache_flush' ], 'after_wp_load', [ 'flags' => [] ] ],
			'rewrite flush'             => [ [ self::class, 'rewrite_flush' ], 'after_wp_load', [ 'flags' => [ 'hard' => null ] ] ],
			'transient delete'          => [ [ self::class, 'transient_delete' ], 'after_wp_load', [ 'flags' => [ 'network' => null, 'all' => null, 'expired' => null ] ] ],
		];
	}

	/**
	 * Finds the longest registered command path at the start of $args.
	 *
	 * @return array|string [handler, positional args, when, spec] or WP-CLI's "not registered" message.
	 */
	public static function find( array $args ) {
		$table = self::table();
		for ( $n = min( 3, count( $args ) ); $n >= 1; $n-- ) {
			$path = implode( ' ', array_slice( $args, 0, $n ) );
			if ( isset( $table[ $path ] ) ) {
				list( $handler, $when, $spec ) = $table[ $path ];
				if ( ! empty( Cli::$assoc['skip-wordpress'] ) && in_array( $path, [ 'eval', 'eval-file' ], true ) ) {
					$when = 'after_wp_config_load';
				}
				return [ $handler, array_slice( $args, $n ), $when, $spec ];
			}
		}
		$parents = [];
		foreach ( array_keys( $table ) as $path ) {
			$parts = explode( ' ', $path );
			for ( $i = 1; $i < count( $parts ); $i++ ) {
				$parents[ implode( ' ', array_slice( $parts, 0, $i ) ) ] = true;
			}
		}
		$first = $args[0];
		if ( isset( $parents[ $first ] ) && isset( $args[1] ) ) {
			$parent = isset( $args[2] ) && isset( $parents[ $first . ' ' . $args[1] ] ) ? $first . ' ' . $args[1] : $first;
			$child  = $args[ count( explode( ' ', $parent ) ) ];
			return sprintf( "'%s' is not a registered subcommand of '%s'. See 'wp help %s' for available subcommands.", $child, $parent, $parent );
		}
		if ( isset( $parents[ $first ] ) ) {
			return sprintf( "'%s' is not a registered subcommand of '%s'. See 'wp help %s' for available subcommands.", '', $first, $first );
		}
		return sprintf( "'%s' is not a registered wp command. See 'wp help' for available commands.", $first );
	}

	public static function cli_version() {
		Cli::line( 'WP-CLI ' . VERSION );
	}

	public static function cli_info( $args, $assoc ) {
		$mysql        = trim( (string) shell_exec( 'command -v mariadb || command -v mysql' ) );
		$mysql_ver    = $mysql ? trim( (string) shell_exec( escapeshellarg( basename( $mysql ) ) . ' --version 2>/dev/null' ) ) : '';
		$info = [
			'system_os'                => php_uname( 's' ) . ' ' . php_uname( 'm' ),
			'shell'                    => (string) getenv( 'SHELL' ),
			'php_binary_path'          => PHP_BINARY,
			'php_version'              => PHP_VERSION,
			'php_ini_used'             => (string) php_ini_loaded_file(),
			'mysql_binary_path'        => $mysql,
			'mysql_version'            => $mysql_ver,
			'sql_modes'                => [],
			'wp_cli_dir_path'          => dirname( __DIR__ ),
			'wp_cli_vendor_path'       => dirname( __DIR__ ) . '/vendor',
			'wp_cli_phar_path'         => '',
			'wp_cli_packages_dir_path' => null,
			'wp_cli_cache_dir_path'    => (string) getenv( 'HOME' ) . '/.wp-cli/cache',
			'global_config_path'       => false,
			'project_config_path'      => false,
			'wp_cli_version'           => VERSION,
		];
		if ( 'json' === ( $assoc['format'] ?? 'list' ) ) {
			Cli::line( json_encode( $info ) );
			return;
		}
		Cli::line( "OS:\t" . $info['system_os'] );
		Cli::line( "Shell:\t" . $info['shell'] );
		Cli::line( "PHP binary:\t" . $info['php_binary_path'] );
		Cli::line( "PHP version:\t" . $info['php_version'] );
		Cli::line( "php.ini used:\t" . $info['php_ini_used'] );
		Cli::line( "MySQL binary:\t" . $info['mysql_binary_path'] );
		Cli::line( "MySQL version:\t" . $info['mysql_version'] );
		Cli::line( "SQL modes:\t" );
		Cli::line( "WP-CLI root dir:\t" . $info['wp_cli_dir_path'] );
		Cli::line( "WP-CLI version:\t" . VERSION );
	}

	/** @return array{wp_version: string, wp_db_version: string, tinymce_version: string, wp_local_package: string} */
	private static function wp_details() {
		$versions = ABSPATH . 'wp-includes/version.php';
		if ( ! is_readable( $versions ) ) {
			Cli::error( "This does not seem to be a WordPress installation.\nPass --path=`path/to/wordpress` or run `wp core download`." );
		}
		$details = ( static function ( $file ) {
			include $file;
			return [
				'wp_version'       => $wp_version ?? '',
				'wp_db_version'    => (string) ( $wp_db_version ?? '' ),
				'tinymce_version'  => $tinymce_version ?? '',
				'wp_local_package' => $wp_local_package ?? 'en_US',
			];
		} )( $versions );
		return $details;
	}

	public static function core_version( $args, $assoc ) {
		$d = self::wp_details();
		if ( empty( $assoc['extra'] ) ) {
			Cli::line( $d['wp_version'] );
			return;
		}
		$tiny = substr( $d['tinymce_version'], 0, 1 ) . '.' . substr( $d['tinymce_version'], 1, strpos( $d['tinymce_version'], '-' ) - 1 );
		Cli::line( str_pad( 'WordPress version:', 19 ) . $d['wp_version'] );
		Cli::line( str_pad( 'Database revision:', 19 ) . $d['wp_db_version'] );
		Cli::line( str_pad( 'TinyMCE version:', 19 ) . $tiny . ' (' . $d['tinymce_version'] . ')' );
		Cli::line( str_pad( 'Package language:', 19 ) . $d['wp_local_package'] );
	}

	public static function core_verify_checksums( $args, $assoc ) {
		$d      = self::wp_details();
		$locale = $assoc['locale'] ?? $d['wp_local_package'];
		$url    = 'https://api.wordpress.org/core/checksums/1.0/?' . http_build_query( [ 'version' => $assoc['version'] ?? $d['wp_version'], 'locale' => $locale ], '', '&' );
		Cli::warning( "Failed to get url '{$url}': cURL error 6: Could not resolve host: api.wordpress.org." );
		Cli::error( "Couldn't get checksums from WordPress.org." );
	}

	public static function core_is_installed( $args, $assoc ) {
		exit( is_blog_installed() ? 0 : 1 );
	}

	private static function require_config() {
		if ( ! Boot::locate_wp_config() ) {
			Cli::error( "'wp-config.php' not found.\nEither create one manually or use `wp config create`." );
		}
	}

	public static function config_get( $args, $assoc ) {
		self::require_config();
		$name = $args[0];
		$type = $assoc['type'] ?? 'all';
		foreach ( Boot::config_entries() as $entry ) {
			if ( $entry['name'] === $name && ( 'all' === $type || $entry['type'] === $type ) ) {
				Format::print_value( $entry['value'], $assoc );
				return;
			}
		}
		$what = 'all' === $type ? 'constant or variable' : $type;
		Cli::error( "The {$what} '{$name}' is not defined in the 'wp-config.php' file." );
	}

	public static function config_list( $args, $assoc ) {
		self::require_config();
		$entries = Boot::config_entries();
		if ( $args ) {
			$entries = array_values( array_filter( $entries, function ( $e ) use ( $args ) {
				foreach ( $args as $filter ) {
					if ( false !== strpos( $e['name'], $filter ) ) {
						return true;
					}
				}
				return false;
			} ) );
		}
		Format::items( $entries, [ 'name', 'value', 'type' ], $assoc );
	}

	public static function option_get( $args, $assoc ) {
		$key   = $args[0] ?? '';
		$value = get_option( $key );
		if ( false === $value ) {
			Cli::error( "Could not get '{$key}' option. Does it exist?" );
		}
		Format::print_value( $value, $assoc );
	}

	private static function plugin_name( $file ) {
		return false === strpos( $file, '/' ) ? basename( $file, '.php' ) : dirname( $file );
	}

	/**
	 * WP-CLI's list commands refresh the update data first unless --skip-update-check: the transient is
	 * deleted and WordPress asks wordpress.org (which fails fast here, offline), writing the transient again.
	 */
	private static function maybe_check_updates( array $assoc, $transient, $refresh ) {
		if ( empty( $assoc['skip-update-check'] ) ) {
			delete_site_transient( $transient );
			call_user_func( $refresh );
		}
	}

	public static function plugin_list( $args, $assoc ) {
		self::maybe_check_updates( $assoc, 'update_plugins', 'wp_update_plugins' );
		unset( $assoc['skip-update-check'] );
		$updates = get_site_transient( 'update_plugins' );
		$auto    = (array) get_site_option( 'auto_update_plugins', [] );
		$items   = [];
		$add     = function ( $file, $details, $status ) use ( &$items, $updates, $auto ) {
			$update = isset( $updates->response[ $file ] ) ? $updates->response[ $file ] : null;
			$items[] = [
				'name'           => self::plugin_name( $file ),
				'status'         => $status,
				'update'         => $update ? 'available' : 'none',
				'version'        => $details['Version'] ?? '',
				'update_version' => $update ? ( $update->new_version ?? '' ) : '',
				'update_package' => $update ? ( $update->package ?? '' ) : '',
				'update_id'      => $update ? ( $update->id ?? '' ) : '',
				'title'          => $details['Name'] ?? '',
				'description'    => $details['Description'] ?? '',
				'file'           => $file,
				'author'         => $details['Author'] ?? '',
				'auto_update'    => in_array( $file, $auto, true ) ? 'on' : 'off',
			];
		};
		foreach ( get_plugins() as $file => $details ) {
			$status = is_plugin_active_for_network( $file ) ? 'active-network' : ( is_plugin_active( $file ) ? 'active' : 'inactive' );
			$add( $file, $details, $status );
		}
		foreach ( get_mu_plugins() as $file => $details ) {
			$add( $file, $details, 'must-use' );
		}
		foreach ( get_dropins() as $file => $details ) {
			$add( $file, $details, 'dropin' );
		}
		$items = self::filter_items( $items, $assoc, [ 'format', 'fields', 'field' ] );
		Format::items( $items, [ 'name', 'status', 'update', 'version', 'update_version', 'auto_update' ], $assoc );
	}

	/** WP-CLI list commands accept `--<field>=<value>` filters on their items. */
	private static function filter_items( array $items, array $assoc, array $reserved ) {
		foreach ( $assoc as $key => $value ) {
			if ( in_array( $key, $reserved, true ) || ! is_string( $value ) ) {
				continue;
			}
			$accepted = explode( ',', $value );
			$items    = array_values( array_filter( $items, function ( $item ) use ( $key, $accepted ) {
				return ! array_key_exists( $key, $item ) || in_array( (string) $item[ $key ], $accepted, true );
			} ) );
		}
		return $items;
	}

	public static function plugin_verify_checksums( $args, $assoc ) {
		$all     = ! empty( $assoc['all'] );
		$plugins = get_plugins();
		if ( ! $all && empty( $args ) ) {
			Cli::error( 'You need to specify either one or more plugin slugs to check or use the --all flag to check all plugins.' );
		}
		$total   = 0;
		$skipped = 0;
		foreach ( $plugins as $file => $details ) {
			$slug = self::plugin_name( $file );
			if ( ! $all && ! in_array( $slug, $args, true ) ) {
				continue;
			}
			++$total;
			$version = $details['Version'] ?? '';
			Cli::warning( "Failed to get url 'https://downloads.wordpress.org/plugin-checksums/{$slug}/{$version}.json': cURL error 6: Could not resolve host: downloads.wordpress.org." );
			Cli::warning( "Could not retrieve the checksums for version {$version} of plugin {$slug}, skipping." );
			++$skipped;
		}
		$verified = $total - $skipped;
		$message  = "Verified {$verified} of {$total} plugins" . ( $skipped ? " ({$skipped} skipped)." : '.' );
		Cli::success( $message );
	}

	public static function theme_list( $args, $assoc ) {
		self::maybe_check_updates( $assoc, 'update_themes', 'wp_update_themes' );
		unset( $assoc['skip-update-check'] );
		$updates    = get_site_transient( 'update_themes' );
		$auto       = (array) get_site_option( 'auto_update_themes', [] );
		$stylesheet = get_stylesheet();
		$template   = get_template();
		$items      = [];
		foreach ( wp_get_themes() as $slug => $theme ) {
			$update  = isset( $updates->response[ $slug ] ) ? $updates->response[ $slug ] : null;
			$status  = $slug === $stylesheet ? 'active' : ( $slug === $template ? 'parent' : 'inactive' );
			$items[] = [
				'name'           => $slug,
				'status'         => $status,
				'update'         => $update ? 'available' : 'none',
				'version'        => (string) $theme->get( 'Version' ),
				'update_version' => $update ? ( $update['new_version'] ?? '' ) : '',
				'update_package' => $update ? ( $update['package'] ?? '' ) : '',
				'update_id'      => '',
				'title'          => (string) $theme->get( 'Name' ),
				'description'    => (string) $theme->get( 'Description' ),
				'author'         => (string) $theme->get( 'Author' ),
				'auto_update'    => in_array( $slug, $auto, true ) ? 'on' : 'off',
			];
		}
		$items = self::filter_items( $items, $assoc, [ 'format', 'fields', 'field' ] );
		Format::items( $items, [ 'name', 'status', 'update', 'version', 'update_version', 'auto_update' ], $assoc );
	}

	public static function user_list( $args, $assoc ) {
		$query = [ 'orderby' => 'login' ];
		foreach ( $assoc as $key => $value ) {
			if ( ! in_array( $key, [ 'format', 'fields', 'field', 'network' ], true ) ) {
				$query[ $key ] = $value;
			}
		}
		if ( is_multisite() && empty( $assoc['network'] ) ) {
			$query['blog_id'] = get_current_blog_id();
		} elseif ( ! empty( $assoc['network'] ) ) {
			$query['blog_id'] = 0;
		}
		$items = [];
		foreach ( get_users( $query ) as $user ) {
			$row = [];
			foreach ( [ 'ID', 'user_login', 'user_pass', 'user_nicename', 'user_email', 'user_url', 'user_registered', 'user_activation_key', 'user_status', 'display_name' ] as $f ) {
				$row[ $f ] = 'ID' === $f ? (int) $user->ID : $user->data->$f;
			}
			$row['roles'] = implode( ',', $user->roles );
			$row['url']   = get_author_posts_url( $user->ID, $user->user_nicename );
			if ( isset( $assoc['fields'] ) && is_string( $assoc['fields'] ) ) {
				foreach ( explode( ',', $assoc['fields'] ) as $f ) {
					if ( ! array_key_exists( $f, $row ) ) {
						$row[ $f ] = $user->$f;
					}
				}
			}
			$items[] = $row;
		}
		Format::items( $items, [ 'ID', 'user_login', 'display_name', 'user_email', 'user_registered', 'roles' ], $assoc );
	}

	public static function post_list( $args, $assoc ) {
		$query = [ 'posts_per_page' => -1, 'post_status' => 'any' ];
		foreach ( $assoc as $key => $value ) {
			if ( in_array( $key, [ 'format', 'fields', 'field' ], true ) ) {
				continue;
			}
			$query[ $key ] = ( is_string( $value ) && false !== strpos( $value, ',' ) && in_array( $key, [ 'post_type', 'post_status' ], true ) )
				? explode( ',', $value ) : $value;
		}
		$format = $assoc['format'] ?? 'table';
		if ( in_array( $format, [ 'count', 'ids' ], true ) ) {
			$query['fields'] = 'ids';
		}
		$wp_query = new \WP_Query( $query );
		if ( 'count' === $format ) {
			echo $wp_query->found_posts;
			return;
		}
		if ( 'ids' === $format ) {
			echo implode( ' ', $wp_query->posts );
			return;
		}
		$items = array_map( function ( $post ) {
			$post->url = get_permalink( $post->ID );
			return $post;
		}, $wp_query->posts );
		Format::items( $items, [ 'ID', 'post_title', 'post_name', 'post_date', 'post_status' ], $assoc );
	}

	public static function term_list( $args, $assoc ) {
		foreach ( $args as $taxonomy ) {
			if ( ! taxonomy_exists( $taxonomy ) ) {
				Cli::error( "Taxonomy {$taxonomy} doesn't exist." );
			}
		}
		$query = [ 'hide_empty' => false ];
		foreach ( $assoc as $key => $value ) {
			if ( ! in_array( $key, [ 'format', 'fields', 'field' ], true ) ) {
				$query[ $key ] = $value;
			}
		}
		$query['taxonomy'] = $args;
		$terms = get_terms( $query );
		if ( is_wp_error( $terms ) ) {
			Cli::error( $terms );
		}
		if ( 'count' === ( $assoc['format'] ?? '' ) ) {
			echo count( $terms );
			return;
		}
		Format::items( $terms, [ 'term_id', 'term_taxonomy_id', 'name', 'slug', 'description', 'parent', 'count' ], $assoc );
	}

	/** WP-CLI's cron interval text: the two largest non-zero units, e.g. "23 hours 57 minutes". */
	private static function interval( $since ) {
		$chunks = [ [ 31536000, 'year' ], [ 2592000, 'month' ], [ 604800, 'week' ], [ 86400, 'day' ], [ 3600, 'hour' ], [ 60, 'minute' ], [ 1, 'second' ] ];
		if ( $since <= 0 ) {
			return 'now';
		}
		$count = 0;
		for ( $i = 0, $n = count( $chunks ); $i < $n; $i++ ) {
			$count = (int) floor( $since / $chunks[ $i ][0] );
			if ( 0 !== $count ) {
				break;
			}
		}
		$out = ( 1 === $count ) ? '1 ' . $chunks[ $i ][1] : "$count {$chunks[$i][1]}s";
		if ( $i + 1 < $n ) {
			$count2 = (int) floor( ( $since - ( $chunks[ $i ][0] * $count ) ) / $chunks[ $i + 1 ][0] );
			if ( 0 !== $count2 ) {
				$out .= ( 1 === $count2 ) ? ' 1 ' . $chunks[ $i + 1 ][1] : " $count2 {$chunks[$i + 1][1]}s";
			}
		}
		return $out;
	}

	public static function cron_event_list( $args, $assoc ) {
		$items = [];
		foreach ( (array) _get_cron_array() as $time => $hooks ) {
			foreach ( (array) $hooks as $hook => $events ) {
				foreach ( (array) $events as $event ) {
					$items[] = [
						'hook'              => $hook,
						'next_run_gmt'      => gmdate( 'Y-m-d H:i:s', (int) $time ),
						'next_run_relative' => self::interval( (int) $time - time() ),
						'next_run'          => get_date_from_gmt( gmdate( 'Y-m-d H:i:s', (int) $time ), 'Y-m-d H:i:s' ),
						'recurrence'        => empty( $event['interval'] ) ? 'Non-repeating' : self::interval( (int) $event['interval'] ),
						'time'              => (int) $time,
						'schedule'          => $event['schedule'] ?: false,
						'interval'          => $event['interval'] ?? false,
						'args'              => $event['args'] ?? [],
					];
				}
			}
		}
		$items = self::filter_items( $items, $assoc, [ 'format', 'fields', 'field' ] );
		Format::items( $items, [ 'hook', 'next_run_gmt', 'next_run_relative', 'recurrence' ], $assoc );
	}

	public static function site_list( $args, $assoc ) {
		global $wpdb;
		if ( ! is_multisite() ) {
			Cli::error( 'This is not a multisite installation.' );
		}
		$where = [ 'site_id' => $assoc['network'] ?? $wpdb->siteid ];
		foreach ( [ 'site__in', 'public', 'archived', 'mature', 'spam', 'deleted' ] as $filter ) {
			if ( isset( $assoc[ $filter ] ) && 'site__in' !== $filter ) {
				$where[ $filter ] = $assoc[ $filter ];
			}
		}
		$sql = "SELECT * FROM {$wpdb->blogs} WHERE " . implode( ' AND ', array_map( function ( $k ) use ( $wpdb, $where ) {
			return $wpdb->prepare( "`{$k}` = %s", $where[ $k ] );
		}, array_keys( $where ) ) );
		if ( isset( $assoc['site__in'] ) ) {
			$ids  = array_map( 'intval', explode( ',', $assoc['site__in'] ) );
			$sql .= ' AND blog_id IN (' . implode( ',', $ids ) . ')';
		}
		$items = [];
		foreach ( $wpdb->get_results( $sql . ' ORDER BY blog_id' ) as $blog ) {
			$blog->url = trailingslashit( get_home_url( $blog->blog_id ) );
			$items[]   = $blog;
		}
		Format::items( $items, [ 'blog_id', 'url', 'last_updated', 'registered' ], $assoc );
	}

	public static function eval_code( $args, $assoc ) {
		eval( $args[0] ?? '' ); // phpcs:ignore
	}

	public static function eval_file( $args, $assoc ) {
		$file = $args[0] ?? '';
		if ( '-' === $file ) {
			$code = stream_get_contents( STDIN );
		} elseif ( is_readable( $file ) ) {
			$code = file_get_contents( $file );
		} else {
			Cli::error( "'{$file}' does not exist." );
		}
		$args = array_slice( $args, 1 );
		eval( '?>' . $code ); // phpcs:ignore
	}

	private static function maintenance_file() {
		return ABSPATH . '.maintenance';
	}

	/** Same rule as WordPress's wp_is_maintenance_mode(): the file exists and is younger than 10 minutes. */
	private static function maintenance_active() {
		$file = self::maintenance_file();
		if ( ! file_exists( $file ) ) {
			return false;
		}
		$upgrading = 0;
		if ( preg_match( '/upgrading\s*=\s*(\d+)\s*;/i', (string) file_get_contents( $file ), $m ) ) {
			$upgrading = (int) $m[1];
		} else {
			Cli::warning( 'Unable to read the maintenance file timestamp, non-numeric value detected.' );
		}
		return ( time() - $upgrading ) < 10 * MINUTE_IN_SECONDS;
	}

	public static function mm_activate( $args, $assoc ) {
		if ( self::maintenance_active() && empty( $assoc['force'] ) ) {
			Cli::error( 'Maintenance mode already activated.' );
		}
		Cli::log( 'Enabling Maintenance mode...' );
		file_put_contents( self::maintenance_file(), '<?php $upgrading = ' . time() . '; ?>' );
		Cli::success( 'Activated Maintenance mode.' );
	}

	public static function mm_deactivate() {
		if ( ! self::maintenance_active() ) {
			Cli::error( 'Maintenance mode already deactivated.' );
		}
		Cli::log( 'Disabling Maintenance mode...' );
		unlink( self::maintenance_file() );
		Cli::success( 'Deactivated Maintenance mode.' );
	}

	public static function mm_is_active() {
		exit( self::maintenance_active() ? 0 : 1 );
	}

	public static function mm_status() {
		Cli::line( self::maintenance_active() ? 'Maintenance mode is active.' : 'Maintenance mode is not active.' );
	}

	public static function cache_flush() {
		if ( is_multisite() && isset( Cli::$config['url'] ) ) {
			Cli::warning( 'Flushing the cache may affect all sites in a multisite installation, depending on the implementation of the object cache.' );
		}
		if ( false === wp_cache_flush() ) {
			Cli::error( 'The object cache could not be flushed.' );
		}
		Cli::success( 'The cache was flushed.' );
	}

	public static function rewrite_flush( $args, $assoc ) {
		flush_rewrite_rules( ! empty( $assoc['hard'] ) );
		if ( ! get_option( 'rewrite_rules' ) ) {
			Cli::warning( "Rewrite rules are empty, possibly because of a missing permalink_structure option. Use 'wp rewrite list' to verify, or 'wp rewrite structure' to update permalink_structure." );
		} else {
			Cli::success( 'Rewrite rules flushed.' );
		}
	}

	public static function transient_delete( $args, $assoc ) {
		global $wpdb;
		if ( empty( $assoc['all'] ) && empty( $assoc['expired'] ) && empty( $args ) ) {
			Cli::error( 'Please specify transient key, or use --all or --expired.' );
		}
		if ( ! empty( $args ) ) {
			$ok = ! empty( $assoc['network'] ) ? delete_site_transient( $args[0] ) : delete_transient( $args[0] );
			$ok ? Cli::success( 'Transient deleted.' ) : Cli::warning( 'Transient with key "' . $args[0] . '" is not set.' );
			return;
		}
		$count = 0;
		foreach ( [ '_transient_', '_site_transient_' ] as $prefix ) {
			if ( is_multisite() && '_site_transient_' === $prefix ) {
				continue;
			}
			$like    = $wpdb->esc_like( $prefix ) . '%';
			$timeout = $wpdb->esc_like( $prefix . 'timeout_' ) . '%';
			$count  += (int) $wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s AND option_name NOT LIKE %s", $like, $timeout ) );
			$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $timeout ) );
		}
		wp_cache_flush();
		if ( $count > 0 ) {
			Cli::success( sprintf( 1 === $count ? '%d transient deleted from the database.' : '%d transients deleted from the database.', $count ) );
		} else {
			Cli::success( 'No transients found.' );
		}
	}
}
