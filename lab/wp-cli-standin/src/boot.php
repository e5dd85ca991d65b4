<?php
// How the stand-in finds and boots WordPress: --path/--url handling, wp-config.php evaluated without
// wp-settings.php, and the same WordPress hooks WP-CLI registers before wp-settings.php runs.

namespace Standin;

final class Boot {
	public static function find_wp_root() {
		$path = Cli::$config['path'] ?? null;
		if ( null !== $path ) {
			if ( true === $path || '' === $path ) {
				Cli::error( 'The --path parameter cannot be empty when provided.' );
			}
			return '/' === $path[0] ? $path : getcwd() . '/' . $path;
		}
		$dir = getcwd();
		while ( is_readable( $dir ) ) {
			if ( file_exists( "$dir/wp-load.php" ) ) {
				return $dir;
			}
			$parent = dirname( $dir );
			if ( $parent === $dir ) {
				break;
			}
			$dir = $parent;
		}
		return getcwd();
	}

	public static function set_wp_root( $path ) {
		$normalized = rtrim( str_replace( '\\', '/', $path ), '/' ) . '/';
		define( 'ABSPATH', preg_replace( '|(?<=.)/+|', '/', $normalized ) );
		$_SERVER['DOCUMENT_ROOT'] = realpath( $path );
	}

	public static function wp_exists() {
		return is_readable( ABSPATH . 'wp-includes/version.php' );
	}

	/** Same lookup as WP-CLI: ABSPATH/wp-config.php, or one level up when that is not another install. */
	public static function locate_wp_config() {
		if ( file_exists( ABSPATH . 'wp-config.php' ) ) {
			return realpath( ABSPATH . 'wp-config.php' );
		}
		$up = dirname( ABSPATH ) . '/';
		if ( file_exists( $up . 'wp-config.php' ) && ! file_exists( $up . 'wp-settings.php' ) ) {
			return realpath( $up . 'wp-config.php' );
		}
		return false;
	}

	/** wp-config.php source with the wp-settings.php line removed and __FILE__/__DIR__ made literal. */
	public static function config_code() {
		$path = self::locate_wp_config();
		$code = (string) file_get_contents( $path );
		if ( "\xEF\xBB\xBF" === substr( $code, 0, 3 ) ) {
			Cli::warning( 'UTF-8 byte-order mark (BOM) detected in wp-config.php file, stripping it for parsing.' );
			$code = substr( $code, 3 );
		}
		$count = 0;
		$code  = preg_replace( '/\s*require(?:_once)?\s*.*wp-settings\.php.*\s*;/', '', $code, -1, $count );
		if ( 0 === $count ) {
			Cli::error( 'Strange wp-config.php file: wp-settings.php is not loaded directly.' );
		}
		$file = var_export( $path, true );
		$dir  = var_export( dirname( $path ), true );
		$code = preg_replace( '/\b__FILE__\b/', $file, $code );
		$code = preg_replace( '/\b__DIR__\b/', $dir, $code );
		$code = preg_replace( '/dirname\(\s*__FILE__\s*\)/', $dir, $code );
		return preg_replace( '|^\s*<\?php\s*|', '', $code );
	}

	/**
	 * Variables and constants wp-config.php defines, in definition order, like `wp config list`.
	 *
	 * @return array<int, array{name: string, value: mixed, type: string}>
	 */
	public static function config_entries() {
		$constants_before = get_defined_constants();
		$entries          = ( static function ( $standin_code ) {
			eval( $standin_code ); // phpcs:ignore
			$vars = get_defined_vars();
			unset( $vars['standin_code'] );
			return $vars;
		} )( self::config_code() );
		$out = [];
		foreach ( $entries as $name => $value ) {
			$out[] = [ 'name' => $name, 'value' => $value, 'type' => 'variable' ];
		}
		foreach ( array_diff_key( get_defined_constants(), $constants_before ) as $name => $value ) {
			$out[] = [ 'name' => $name, 'value' => $value, 'type' => 'constant' ];
		}
		return $out;
	}

	public static function set_url( $url ) {
		$parts = parse_url( $url );
		if ( ! isset( $parts['scheme'] ) ) {
			$parts = parse_url( 'http://' . $url );
		}
		if ( isset( $parts['host'] ) ) {
			if ( isset( $parts['scheme'] ) && 'https' === strtolower( $parts['scheme'] ) ) {
				$_SERVER['HTTPS'] = 'on';
			}
			$_SERVER['HTTP_HOST'] = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
			$_SERVER['SERVER_NAME'] = $parts['host'];
		}
		$_SERVER['REQUEST_URI']  = ( $parts['path'] ?? '' ) . ( isset( $parts['query'] ) ? '?' . $parts['query'] : '' );
		$_SERVER['SERVER_PORT']  = $parts['port'] ?? '80';
		$_SERVER['QUERY_STRING'] = $parts['query'] ?? '';
	}

	public static function maybe_url_from_domain_constant() {
		if ( ! empty( Cli::$config['url'] ) || ! empty( Cli::$config['blog'] ) ) {
			return;
		}
		if ( defined( 'DOMAIN_CURRENT_SITE' ) ) {
			self::set_url( DOMAIN_CURRENT_SITE . ( defined( 'PATH_CURRENT_SITE' ) ? PATH_CURRENT_SITE : '' ) );
		}
	}

	/** Registers a WordPress hook before WordPress's plugin API exists, in the array form WP_Hook accepts. */
	public static function add_wp_hook( $tag, $fn, $priority = 10, $accepted_args = 1 ) {
		global $wp_filter;
		if ( function_exists( 'add_filter' ) ) {
			add_filter( $tag, $fn, $priority, $accepted_args );
			return;
		}
		$wp_filter[ $tag ][ $priority ][] = [ 'function' => $fn, 'accepted_args' => $accepted_args ];
	}

	public static function prepare_wordpress() {
		$_SERVER['SERVER_PROTOCOL'] = $_SERVER['SERVER_PROTOCOL'] ?? 'HTTP/1.0';
		$_SERVER['REQUEST_METHOD']  = $_SERVER['REQUEST_METHOD'] ?? 'GET';
		$_SERVER['REMOTE_ADDR']     = $_SERVER['REMOTE_ADDR'] ?? '127.0.0.1';
		if ( Cli::$command && 'core' === Cli::$args[0] && 'is-installed' === ( Cli::$args[1] ?? '' ) && ! defined( 'COOKIEHASH' ) ) {
			define( 'COOKIEHASH', md5( 'wp-cli' ) );
		}

		$die = static function () {
			return [ self::class, 'wp_die_handler' ];
		};
		self::add_wp_hook( 'wp_die_handler', $die );
		self::add_wp_hook( 'wp_die_ajax_handler', $die );
		self::add_wp_hook( 'wp_die_json_handler', $die );
		self::add_wp_hook( 'wp_redirect', static function ( $url ) {
			Cli::warning( 'Some code is trying to do a URL redirect. Backtrace:' );
			return $url;
		} );
		self::add_wp_hook( 'nocache_headers', static function ( $headers ) {
			global $wpdb;
			if ( ! empty( $wpdb->error ) ) {
				self::wp_die_handler( $wpdb->error );
			}
			self::wp_not_installed();
			return $headers;
		} );
		self::add_wp_hook( 'ms_site_check', '__return_true' );
		self::add_wp_hook( 'enable_maintenance_mode', static function () {
			return false;
		} );
		self::add_wp_hook( 'enable_loading_advanced_cache_dropin', static function () {
			return false;
		} );
		// WP-CLI replaces WordPress's debug mode with its own, which shows PHP's messages on stderr.
		self::add_wp_hook( 'enable_wp_debug_mode_checks', static function () {
			self::wp_debug_mode();
			return false;
		} );
		if ( self::is_multisite() ) {
			self::add_wp_hook( 'ms_site_not_found', static function ( $current_site, $domain, $path ) {
				$url     = $domain . $path;
				$message = $url ? "Site '{$url}' not found." : 'Site not found.';
				if ( isset( Cli::$config['url'] ) ) {
					$message .= ' Verify `--url=<url>` matches an existing site.';
				} elseif ( defined( 'DOMAIN_CURRENT_SITE' ) ) {
					$message .= ' Verify DOMAIN_CURRENT_SITE matches an existing site or use `--url=<url>` to override.';
				} else {
					$message .= " Define DOMAIN_CURRENT_SITE in 'wp-config.php' or use `--url=<url>` to override.";
				}
				Cli::error( $message );
			}, 10, 3 );
		}
		// The lab has no internet: every outbound request fails the way an offline resolver makes cURL fail.
		self::add_wp_hook( 'pre_http_request', static function ( $pre, $args, $url ) {
			$host = (string) parse_url( $url, PHP_URL_HOST );
			if ( 'localhost' === $host || 0 === strpos( $host, '127.' ) ) {
				return $pre;
			}
			return new \WP_Error( 'http_request_failed', "cURL error 6: Could not resolve host: {$host}" );
		}, 10, 3 );
		if ( ! defined( 'WP_INSTALLING' ) ) {
			self::add_wp_hook( 'init', static function () {
				$wanted = Cli::$config['user'] ?? null;
				if ( null === $wanted ) {
					add_action( 'init', 'kses_remove_filters', 11 );
					return;
				}
				$user = is_numeric( $wanted ) ? get_user_by( 'id', (int) $wanted ) : ( get_user_by( 'email', (string) $wanted ) ?: get_user_by( 'login', (string) $wanted ) );
				if ( ! $user ) {
					Cli::error( "Invalid user ID, email or login: '{$wanted}'" );
				}
				wp_set_current_user( $user->ID );
			}, 0 );
		}
		self::add_wp_hook( 'home_url', static function ( $url, $path, $scheme, $blog_id ) {
			if ( empty( $blog_id ) || ! is_multisite() ) {
				$url = get_option( 'home' );
			} else {
				switch_to_blog( $blog_id );
				$url = get_option( 'home' );
				restore_current_blog();
			}
			if ( $path && is_string( $path ) ) {
				$url .= '/' . ltrim( $path, '/' );
			}
			return $url;
		}, 0, 4 );
		self::add_wp_hook( 'site_url', static function ( $url, $path, $scheme, $blog_id ) {
			if ( empty( $blog_id ) || ! is_multisite() ) {
				$url = get_option( 'siteurl' );
			} else {
				switch_to_blog( $blog_id );
				$url = get_option( 'siteurl' );
				restore_current_blog();
			}
			if ( $path && is_string( $path ) ) {
				$url .= '/' . ltrim( $path, '/' );
			}
			return $url;
		}, 0, 4 );

		if ( ! empty( Cli::$config['skip-plugins'] ) ) {
			$skip = static function ( $plugins ) {
				return ( true === Cli::$config['skip-plugins'] ) ? [] : $plugins;
			};
			foreach ( [ 'pre_site_option_active_sitewide_plugins', 'site_option_active_sitewide_plugins', 'pre_option_active_plugins', 'option_active_plugins' ] as $hook ) {
				self::add_wp_hook( $hook, $skip, 999 );
			}
		}
		if ( ! empty( Cli::$config['skip-themes'] ) ) {
			self::add_wp_hook( 'setup_theme', static function () {
				$empty = static function () {
					return '';
				};
				foreach ( [ 'pre_option_template', 'option_template', 'pre_option_stylesheet', 'option_stylesheet' ] as $hook ) {
					add_filter( $hook, $empty, 999 );
				}
				add_action( 'after_setup_theme', static function () use ( $empty ) {
					foreach ( [ 'pre_option_template', 'option_template', 'pre_option_stylesheet', 'option_stylesheet' ] as $hook ) {
						remove_filter( $hook, $empty, 999 );
					}
				}, 0 );
			}, 999 );
		}
	}

	/**
	 * WP-CLI's debug mode: WordPress's error_reporting rules for WP_DEBUG (and --debug), the debug.log setting,
	 * then display_errors on stderr whatever WP_DEBUG_DISPLAY says, so stdout carries only the command's output.
	 */
	public static function wp_debug_mode() {
		if ( ! empty( Cli::$config['debug'] ) ) {
			if ( ! defined( 'WP_DEBUG' ) ) {
				define( 'WP_DEBUG', true );
			}
			error_reporting( E_ALL & ~E_DEPRECATED );
		} elseif ( WP_DEBUG ) {
			error_reporting( E_ALL );
			if ( WP_DEBUG_DISPLAY ) {
				ini_set( 'display_errors', 1 );
			} elseif ( null !== WP_DEBUG_DISPLAY ) {
				ini_set( 'display_errors', 0 );
			}
			$log = in_array( strtolower( (string) WP_DEBUG_LOG ), [ 'true', '1' ], true )
				? WP_CONTENT_DIR . '/debug.log'
				: ( is_string( WP_DEBUG_LOG ) ? WP_DEBUG_LOG : false );
			if ( false !== $log ) {
				ini_set( 'log_errors', 1 );
				ini_set( 'error_log', $log );
			}
		} else {
			error_reporting( E_CORE_ERROR | E_CORE_WARNING | E_COMPILE_ERROR | E_ERROR | E_WARNING | E_PARSE | E_USER_ERROR | E_USER_WARNING | E_RECOVERABLE_ERROR );
		}
		ini_set( 'display_errors', function_exists( 'xdebug_debug_zval' ) ? '0' : 'stderr' );
	}

	public static function is_multisite() {
		if ( defined( 'MULTISITE' ) ) {
			return (bool) MULTISITE;
		}
		return defined( 'SUBDOMAIN_INSTALL' ) || defined( 'VHOST' ) || defined( 'SUNRISE' );
	}

	/** WP-CLI's wp_die handler: the <h1> and first <p> of WordPress's HTML message, as one Error: line. */
	public static function wp_die_handler( $message ) {
		if ( $message instanceof \WP_Error ) {
			$message = $message->get_error_message();
		}
		$original = trim( (string) $message );
		$message  = $original;
		if ( preg_match( '|^\<h1>(.+?)</h1>|', $original, $m ) ) {
			$message = $m[1] . '.';
		}
		if ( preg_match( '|\<p>(.+?)</p>|', $original, $m ) ) {
			$message .= ' ' . $m[1];
		}
		$message = str_replace( [ '<code>', '</code>' ], '`', $message );
		$message = function_exists( 'wp_strip_all_tags' ) ? wp_strip_all_tags( $message ) : trim( strip_tags( $message ) );
		Cli::error( html_entity_decode( $message, ENT_COMPAT, 'UTF-8' ) );
	}

	public static function wp_not_installed() {
		global $wpdb, $table_prefix;
		if ( is_blog_installed() || defined( 'WP_INSTALLING' ) ) {
			return;
		}
		$found = [];
		foreach ( (array) $wpdb->get_col( "SHOW TABLES LIKE '%_options'" ) as $table ) {
			$maybe = substr( $table, 0, - strlen( 'options' ) );
			if ( $maybe !== $table_prefix ) {
				$found[] = $maybe;
			}
		}
		if ( $found ) {
			$label = count( $found ) > 1 ? 'installations' : 'installation';
			Cli::error(
				"The site you have requested is not installed.\n" .
				"Your table prefix is '{$table_prefix}'. Found {$label} with table prefix: " . implode( ', ', $found ) . ".\n" .
				'Or, run `wp core install` to create database tables.'
			);
		}
		Cli::error( "The site you have requested is not installed.\nRun `wp core install` to create database tables." );
	}
}
