<?php
// Runtime of the stand-in `wp`: argument parsing, the WP-CLI logger conventions (Success: on stdout,
// Warning:/Error: on stderr), the command table and the phase each command needs (before/after WordPress).

namespace Standin;

require __DIR__ . '/boot.php';
require __DIR__ . '/format.php';
require __DIR__ . '/commands.php';
require __DIR__ . '/db.php';

const VERSION = '2.12.0';

// Global parameters WP-CLI accepts on every command; they never reach a command's own validation.
const GLOBAL_PARAMS = [ 'path', 'url', 'blog', 'skip-plugins', 'skip-themes', 'allow-root', 'quiet', 'debug', 'user', 'require', 'exec', 'context', 'color', 'prompt', 'ssh', 'http', 'skip-packages' ];

final class Cli {
	/** @var array<string, mixed> */
	public static $config = [];
	/** @var string[] */
	public static $args = [];
	/** @var array<string, mixed> */
	public static $assoc = [];
	/** @var array{0: string[], 1: array<string,mixed>, 2: string}|null */
	public static $command = null;

	public static function line( $message = '' ) {
		echo $message . "\n";
	}

	public static function log( $message ) {
		if ( empty( self::$config['quiet'] ) ) {
			echo $message . "\n";
		}
	}

	public static function success( $message ) {
		if ( empty( self::$config['quiet'] ) ) {
			echo 'Success: ' . $message . "\n";
		}
	}

	public static function warning( $message ) {
		if ( empty( self::$config['quiet'] ) ) {
			fwrite( STDERR, 'Warning: ' . $message . "\n" );
		}
	}

	public static function error( $message, $exit_code = 1 ) {
		fwrite( STDERR, 'Error: ' . $message . "\n" );
		exit( $exit_code );
	}

	/**
	 * Splits argv like WP-CLI's Configurator: `--a=b` and `--flag` are associative, `--no-flag` is false.
	 *
	 * @return array{0: string[], 1: array<string, mixed>}
	 */
	public static function parse_argv( array $argv ) {
		$args  = [];
		$assoc = [];
		foreach ( $argv as $arg ) {
			if ( '--' === substr( $arg, 0, 2 ) && strlen( $arg ) > 2 ) {
				$body = substr( $arg, 2 );
				$eq   = strpos( $body, '=' );
				if ( false !== $eq ) {
					$assoc[ substr( $body, 0, $eq ) ] = substr( $body, $eq + 1 );
				} elseif ( 'no-' === substr( $body, 0, 3 ) ) {
					$assoc[ substr( $body, 3 ) ] = false;
				} else {
					$assoc[ $body ] = true;
				}
			} else {
				$args[] = $arg;
			}
		}
		return [ $args, $assoc ];
	}

	public static function start( array $argv ) {
		// Like WP-CLI, leave display_errors as php.ini has it until WordPress loads (Boot::wp_debug_mode then
		// sends PHP's messages to stderr): notices from wp-config.php reach stdout where php.ini displays them.
		list( $args, $assoc ) = self::parse_argv( array_slice( $argv, 1 ) );

		foreach ( GLOBAL_PARAMS as $name ) {
			if ( array_key_exists( $name, $assoc ) ) {
				self::$config[ $name ] = $assoc[ $name ];
				unset( $assoc[ $name ] );
			}
		}
		if ( isset( $assoc['json'] ) ) {
			$assoc['format'] = 'json';
			unset( $assoc['json'] );
		}
		if ( empty( $args ) ) {
			foreach ( [ 'version', 'info' ] as $special ) {
				if ( isset( $assoc[ $special ] ) ) {
					$args = [ 'cli', $special ];
					unset( $assoc[ $special ] );
					break;
				}
			}
		}
		if ( count( $args ) > 1 && 'transient' === $args[0] && 'delete-all' === $args[1] ) {
			$args[1]       = 'delete';
			$assoc['all'] = true;
		}
		// `config get` without a name is `config list`.
		if ( 2 === count( $args ) && 'config' === $args[0] && 'get' === $args[1] ) {
			$args[1] = 'list';
		}
		self::$args  = $args;
		self::$assoc = $assoc;

		self::check_root();

		if ( empty( $args ) ) {
			self::line( 'usage: wp <command>  (the lab stand-in implements the commands wpfleet uses)' );
			exit( 0 );
		}

		if ( 'cli' === $args[0] && isset( $args[1] ) && 'info' === $args[1] ) {
			self::dispatch();
		}

		Boot::set_wp_root( Boot::find_wp_root() );
		if ( isset( self::$config['url'] ) || isset( self::$config['blog'] ) ) {
			Boot::set_url( (string) ( self::$config['url'] ?? self::$config['blog'] ) );
		}

		self::$command = Commands::find( $args );

		if ( ! Boot::wp_exists() ) {
			if ( is_string( self::$command ) ) {
				self::warning( "No WordPress installation found. If the command '" . implode( ' ', $args ) . "' is in a plugin or theme, pass --path=`path/to/wordpress`." );
				self::error( self::$command );
			}
			if ( 'before_wp_load' !== self::$command[2] || ! empty( self::$command[3]['needs_wp'] ) ) {
				self::error(
					"This does not seem to be a WordPress installation.\n" .
					'The used path is: ' . ABSPATH . "\n" .
					'Pass --path=`path/to/wordpress` or run `wp core download`.'
				);
			}
		}

		if ( is_array( self::$command ) && 'before_wp_load' === self::$command[2] ) {
			self::dispatch();
		}

		if ( ! Boot::locate_wp_config() ) {
			self::error( "'wp-config.php' not found.\nEither create one manually or use `wp config create`." );
		}
		if ( function_exists( 'mysqli_report' ) ) {
			mysqli_report( 0 );
		}
		if ( is_array( self::$command ) && 'core' === $args[0] && isset( $args[1] ) && 'is-installed' === $args[1] ) {
			define( 'WP_INSTALLING', true );
		}
	}

	public static function after_config() {
		Boot::maybe_url_from_domain_constant();
		if ( is_array( self::$command ) && 'after_wp_config_load' === self::$command[2] ) {
			self::dispatch();
		}
	}

	public static function after_wordpress() {
		if ( is_string( self::$command ) ) {
			self::error( self::$command );
		}
		self::dispatch();
	}

	private static function check_root() {
		if ( ! empty( self::$config['allow-root'] ) || getenv( 'WP_CLI_ALLOW_ROOT' ) ) {
			return;
		}
		if ( count( self::$args ) >= 2 && 'cli' === self::$args[0] && in_array( self::$args[1], [ 'update', 'info' ], true ) ) {
			return;
		}
		if ( ! function_exists( 'posix_geteuid' ) || 0 !== posix_geteuid() ) {
			return;
		}
		self::error(
			"YIKES! It looks like you're running this as root. You probably meant to " .
			"run this as the user that your WordPress installation exists under.\n" .
			"\n" .
			"If you REALLY mean to run this as root, we won't stop you, but just " .
			'bear in mind that any code on this site will then have full control of ' .
			"your server, making it quite DANGEROUS.\n" .
			"\n" .
			"If you'd like to continue as root, please run this again, adding this " .
			"flag:  --allow-root\n" .
			"\n" .
			"If you'd like to run it as the user that this site is under, you can " .
			'run the following to become the respective user (without -i in the case ' .
			"of system user):\n" .
			"\n" .
			"    sudo -u USER -i -- wp <command>\n" .
			"\n"
		);
	}

	/** Validates the command's parameters like WP-CLI's synopsis check, then runs it and exits. */
	private static function dispatch() {
		$found = is_array( self::$command ) ? self::$command : Commands::find( self::$args );
		if ( is_string( $found ) ) {
			self::error( $found );
		}
		list( $handler, $positional, , $spec ) = $found;
		$assoc = self::$assoc;
		if ( isset( $spec['flags'] ) ) {
			$errors = [];
			foreach ( $assoc as $key => $value ) {
				if ( ! array_key_exists( $key, $spec['flags'] ) && empty( $spec['any_flags'] ) ) {
					$errors[] = " unknown --{$key} parameter";
					continue;
				}
				$allowed = $spec['flags'][ $key ] ?? null;
				if ( is_array( $allowed ) && ! in_array( $value, $allowed, true ) ) {
					$description = $spec['descriptions'][ $key ] ?? '';
					$errors[]    = " Invalid value specified for '{$key}' ({$description})";
				}
			}
			if ( $errors ) {
				self::error( "Parameter errors:\n" . implode( "\n", $errors ) );
			}
		}
		call_user_func( $handler, $positional, $assoc );
		exit( 0 );
	}

	public static function flag( array $assoc, $name, $default = null ) {
		return array_key_exists( $name, $assoc ) ? $assoc[ $name ] : $default;
	}
}
