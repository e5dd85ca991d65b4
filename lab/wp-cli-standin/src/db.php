<?php
// `wp db *` and a small `wp search-replace`: the client commands run the real mariadb, mariadb-dump and
// mariadb-check binaries with wp-config.php credentials (password in MYSQL_PWD, never in argv) and pass
// their streams and exit codes through, like WP-CLI's run_mysql_command().

namespace Standin;

final class Db {
	/** @return array{0: string[], 1: array<string, string>} connection argv and environment */
	private static function connection( array $assoc ) {
		$argv = [ '--no-defaults' ];
		$host = defined( 'DB_HOST' ) ? DB_HOST : 'localhost';
		$parts = explode( ':', $host );
		if ( 2 === count( $parts ) ) {
			$argv[] = '--host=' . $parts[0];
			$extra  = trim( $parts[1] );
			if ( is_numeric( $extra ) ) {
				$argv[] = '--port=' . (int) $extra;
				$argv[] = '--protocol=tcp';
			} elseif ( '' !== $extra ) {
				$argv[] = '--socket=' . $extra;
			}
		} else {
			$argv[] = '--host=' . $host;
		}
		$argv[] = '--user=' . ( $assoc['dbuser'] ?? DB_USER );
		if ( ! isset( $assoc['default-character-set'] ) && defined( 'DB_CHARSET' ) && DB_CHARSET ) {
			$argv[] = '--default-character-set=' . DB_CHARSET;
		}
		$env              = getenv();
		$env['MYSQL_PWD'] = (string) ( $assoc['dbpass'] ?? DB_PASSWORD );
		return [ $argv, $env ];
	}

	/** WP-CLI's assoc_args_to_str(): every remaining flag goes to the client as --key or --key=value. */
	private static function passthrough( array $assoc, array $skip = [] ) {
		$out = [];
		foreach ( $assoc as $key => $value ) {
			if ( in_array( $key, array_merge( [ 'dbuser', 'dbpass', 'defaults' ], $skip ), true ) ) {
				continue;
			}
			if ( true === $value ) {
				$out[] = "--{$key}";
			} elseif ( false === $value ) {
				$out[] = "--no-{$key}";
			} else {
				$out[] = "--{$key}={$value}";
			}
		}
		return $out;
	}

	private static function binary( array $names ) {
		foreach ( $names as $name ) {
			$path = trim( (string) shell_exec( 'command -v ' . escapeshellarg( $name ) . ' 2>/dev/null' ) );
			if ( '' !== $path ) {
				return $path;
			}
		}
		return '';
	}

	/**
	 * Runs a client binary. With $capture the output is returned; otherwise it streams to our stdio.
	 *
	 * @return array{0: string, 1: string, 2: int}
	 */
	private static function run( array $cmd, array $env, $capture ) {
		$spec = $capture
			? [ 0 => STDIN, 1 => [ 'pipe', 'w' ], 2 => [ 'pipe', 'w' ] ]
			: [ 0 => STDIN, 1 => STDOUT, 2 => STDERR ];
		$proc = proc_open( $cmd, $spec, $pipes, null, $env );
		if ( ! is_resource( $proc ) ) {
			exit( 1 );
		}
		$stdout = '';
		$stderr = '';
		if ( $capture ) {
			$stdout = (string) stream_get_contents( $pipes[1] );
			$stderr = (string) stream_get_contents( $pipes[2] );
			fclose( $pipes[1] );
			fclose( $pipes[2] );
		}
		return [ $stdout, $stderr, proc_close( $proc ) ];
	}

	public static function query( $args, $assoc ) {
		list( $conn, $env ) = self::connection( $assoc );
		$cmd = array_merge( [ self::binary( [ 'mariadb', 'mysql' ] ) ], $conn, [ '--no-auto-rehash' ], self::passthrough( $assoc ), [ '--database=' . DB_NAME ] );
		$sql = $args[0] ?? null;
		$modifies = null !== $sql && preg_match( '/\b(UPDATE|DELETE|INSERT|REPLACE(?!\s*\()|LOAD DATA)\b/i', $sql );
		if ( null !== $sql ) {
			$cmd[] = '--execute=' . $sql . ( $modifies ? '; SELECT ROW_COUNT();' : '' );
		}
		list( $stdout, $stderr, $code ) = self::run( $cmd, $env, true );
		if ( $code ) {
			Cli::error( "Query failed: {$stderr}" );
		}
		if ( $modifies ) {
			$lines = explode( "\n", trim( $stdout ) );
			Cli::success( 'Query succeeded. Rows affected: ' . (int) trim( (string) end( $lines ) ) );
			return;
		}
		Cli::log( $stdout );
	}

	private static function posts_table_charset( array $conn, array $env ) {
		$sql = 'SELECT CCSA.character_set_name FROM information_schema.`TABLES` T, '
			. 'information_schema.`COLLATION_CHARACTER_SET_APPLICABILITY` CCSA '
			. "WHERE CCSA.collation_name = T.table_collation AND T.table_schema = '" . DB_NAME . "' "
			. "AND T.table_name LIKE '%\\_posts';";
		$cmd = array_merge( [ self::binary( [ 'mariadb', 'mysql' ] ) ], $conn, [ '--no-auto-rehash', '--batch', '--skip-column-names', '--execute=' . $sql ] );
		list( $stdout, $stderr, $code ) = self::run( $cmd, $env, true );
		if ( $code ) {
			Cli::warning( 'Failed to get current character set of the posts table.' . ( '' !== $stderr ? " Reason: {$stderr}" : '' ) );
			return 'utf8mb4';
		}
		return trim( $stdout );
	}

	public static function export( $args, $assoc ) {
		$file   = $args[0] ?? sprintf( '%s-%s-%s.sql', DB_NAME, date( 'Y-m-d' ), substr( md5( (string) mt_rand() ), 0, 7 ) );
		$stdout = '-' === $file;
		if ( $stdout && ! empty( $assoc['porcelain'] ) ) {
			Cli::error( 'Porcelain is not allowed when output mode is STDOUT.' );
		}
		$dump = self::binary( [ 'mariadb-dump', 'mysqldump' ] );
		if ( '' === $dump ) {
			Cli::error( 'The mysqldump or mariadb-dump binary is not available.' );
		}
		list( $conn, $env ) = self::connection( $assoc );
		if ( ! isset( $assoc['default-character-set'] ) && defined( 'DB_CHARSET' ) && 'utf8' === DB_CHARSET
			&& 'utf8mb4' === self::posts_table_charset( $conn, $env ) ) {
			$conn = array_map( function ( $a ) {
				return 0 === strpos( $a, '--default-character-set=' ) ? '--default-character-set=utf8mb4' : $a;
			}, $conn );
		}
		$cmd = array_merge( [ $dump ], $conn );
		if ( empty( $assoc['include-tablespaces'] ) ) {
			$cmd[] = '--no-tablespaces';
		}
		$cmd[] = DB_NAME;
		if ( isset( $assoc['tables'] ) && is_string( $assoc['tables'] ) ) {
			$cmd[] = '--tables';
			foreach ( explode( ',', trim( $assoc['tables'], ',' ) ) as $table ) {
				$cmd[] = trim( $table );
			}
		}
		if ( isset( $assoc['exclude_tables'] ) && is_string( $assoc['exclude_tables'] ) ) {
			foreach ( explode( ',', trim( $assoc['exclude_tables'], ',' ) ) as $table ) {
				$cmd[] = '--ignore-table=' . DB_NAME . '.' . trim( $table );
			}
		}
		if ( ! $stdout ) {
			$cmd[] = '--result-file=' . $file;
		}
		$cmd = array_merge( $cmd, self::passthrough( $assoc, [ 'tables', 'exclude_tables', 'porcelain', 'include-tablespaces' ] ) );
		list( , , $code ) = self::run( $cmd, $env, false );
		if ( $code ) {
			exit( $code );
		}
		if ( ! empty( $assoc['porcelain'] ) ) {
			Cli::line( $file );
		} elseif ( ! $stdout ) {
			Cli::success( sprintf( "Exported to '%s'.", $file ) );
		}
	}

	public static function import( $args, $assoc ) {
		$file     = $args[0] ?? sprintf( '%s.sql', DB_NAME );
		$is_stdin = '-' === $file;
		list( $conn, $env ) = self::connection( $assoc );
		$cmd = array_merge( [ self::binary( [ 'mariadb', 'mysql' ] ) ], $conn, [ '--no-auto-rehash', '--database=' . DB_NAME, '--binary-mode' ] );
		if ( empty( $assoc['skip-optimization'] ) ) {
			$cmd[] = '--init-command=SET unique_checks = 0; SET foreign_key_checks = 0;';
		}
		$cmd = array_merge( $cmd, self::passthrough( $assoc, [ 'skip-optimization' ] ) );
		if ( ! $is_stdin ) {
			if ( ! is_readable( $file ) ) {
				Cli::error( sprintf( 'Import file missing or not readable: %s', $file ) );
			}
			$cmd[] = '--execute=SOURCE ' . $file . ';';
		}
		list( , , $code ) = self::run( $cmd, $env, false );
		if ( $code ) {
			exit( $code );
		}
		Cli::success( sprintf( "Imported from '%s'.", $is_stdin ? 'STDIN' : $file ) );
	}

	public static function check( $args, $assoc ) {
		$bin = self::binary( [ 'mariadb-check', 'mysqlcheck' ] );
		if ( '' === $bin ) {
			Cli::error( 'The mysqlcheck or mariadb-check binary is not available.' );
		}
		list( $conn, $env ) = self::connection( $assoc );
		$assoc['check'] = true;
		if ( ! empty( Cli::$config['quiet'] ) ) {
			$assoc['silent'] = true;
		}
		list( , , $code ) = self::run( array_merge( [ $bin ], $conn, [ DB_NAME ], self::passthrough( $assoc ) ), $env, false );
		if ( $code ) {
			exit( $code );
		}
		Cli::success( 'Database checked.' );
	}

	public static function prefix() {
		global $wpdb;
		Cli::log( $wpdb->prefix );
	}

	/** WP-CLI's wp_get_table_names(): registered tables by scope, or every table with the prefix. */
	public static function table_names( array $args, array $assoc ) {
		global $wpdb;
		if ( ! empty( $assoc['all-tables'] ) ) {
			$tables = $wpdb->get_col( 'SHOW TABLES', 0 );
		} elseif ( ! empty( $assoc['all-tables-with-prefix'] ) ) {
			$tables = $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->get_blog_prefix() ) . '%' ), 0 );
		} else {
			$scope = $assoc['scope'] ?? 'all';
			if ( ! empty( $assoc['network'] ) && is_multisite() ) {
				$wp_tables = array_values( $wpdb->tables( 'all' === $scope ? 'global' : $scope ) );
				foreach ( $wpdb->get_col( "SELECT blog_id FROM {$wpdb->blogs} WHERE site_id = {$wpdb->siteid}" ) as $blog_id ) {
					$wp_tables = array_merge( $wp_tables, array_values( $wpdb->tables( 'blog', true, $blog_id ) ) );
				}
			} else {
				$wp_tables = array_values( $wpdb->tables( $scope ) );
			}
			$wp_tables = array_values( array_diff( $wp_tables, [ $wpdb->sitecategories ] ) );
			$tables    = $wpdb->get_col( sprintf( "SHOW TABLES WHERE `Tables_in_%s` IN ('%s')", $wpdb->dbname, implode( "', '", esc_sql( $wp_tables ) ) ) );
		}
		if ( $args ) {
			$wanted = [];
			foreach ( $args as $arg ) {
				if ( false !== strpos( $arg, '*' ) || false !== strpos( $arg, '?' ) ) {
					$wanted = array_merge( $wanted, array_filter( $tables, function ( $t ) use ( $arg ) {
						return fnmatch( $arg, $t );
					} ) );
				} else {
					$wanted[] = $arg;
				}
			}
			$tables = array_values( array_intersect( $tables, array_unique( $wanted ) ) );
			if ( ! $tables ) {
				Cli::error( sprintf( "Couldn't find any tables matching: %s", implode( ' ', $args ) ) );
			}
		}
		return $tables;
	}

	public static function tables( $args, $assoc ) {
		$format = $assoc['format'] ?? 'list';
		unset( $assoc['format'] );
		$tables = self::table_names( $args, $assoc );
		if ( 'csv' === $format ) {
			Cli::line( implode( ',', $tables ) );
			return;
		}
		foreach ( $tables as $table ) {
			Cli::line( $table );
		}
	}

	public static function size( $args, $assoc ) {
		global $wpdb;
		$format      = $assoc['format'] ?? null;
		$size_format = $assoc['size_format'] ?? null;
		$human       = ! empty( $assoc['human-readable'] );
		$per_table   = ! empty( $assoc['tables'] ) || ! empty( $assoc['all-tables'] ) || ! empty( $assoc['all-tables-with-prefix'] );
		if ( null !== $size_format && $human ) {
			Cli::error( 'Cannot use --size_format and --human-readable arguments at the same time.' );
		}
		$unit = ( empty( $size_format ) && ! $human ) ? ' B' : '';
		$rows = [];
		if ( $per_table ) {
			foreach ( self::table_names( $args, $assoc ) as $table ) {
				$bytes  = $wpdb->get_var( $wpdb->prepare( 'SELECT SUM(data_length + index_length) FROM information_schema.TABLES where table_schema = %s and Table_Name = %s GROUP BY Table_Name LIMIT 1', DB_NAME, $table ) );
				$rows[] = [ 'Name' => $table, 'Size' => strtoupper( (string) $bytes ) . $unit, 'Bytes' => (int) $bytes ];
			}
		} else {
			$bytes  = $wpdb->get_var( $wpdb->prepare( 'SELECT SUM(data_length + index_length) FROM information_schema.TABLES where table_schema = %s GROUP BY table_schema;', DB_NAME ) );
			$rows[] = [ 'Name' => DB_NAME, 'Size' => strtoupper( (string) $bytes ) . $unit, 'Bytes' => (int) $bytes ];
		}
		$display = '';
		if ( ! empty( $size_format ) || $human ) {
			$divisors = [ 'TB' => 1e12, 'GB' => 1e9, 'MB' => 1e6, 'KB' => 1e3, 'tb' => 1024 ** 4, 'TiB' => 1024 ** 4, 'gb' => 1024 ** 3, 'GiB' => 1024 ** 3, 'mb' => 1024 ** 2, 'MiB' => 1024 ** 2, 'kb' => 1024, 'KiB' => 1024 ];
			foreach ( $rows as $i => $row ) {
				if ( $human ) {
					$key         = $row['Bytes'] > 0 ? (int) floor( log( (float) $row['Bytes'] ) / log( 1000 ) ) : 0;
					$size_format = [ 'B', 'KB', 'MB', 'GB', 'TB' ][ $key ] ?? 'B';
				}
				$divisor             = $divisors[ $size_format ] ?? 1;
				$display             = preg_replace( '/IB$/u', 'iB', strtoupper( $size_format ) );
				$rows[ $i ]['Size'] = round( $row['Bytes'] / $divisor, (int) ( $assoc['decimals'] ?? 0 ) ) . ' ' . $display;
			}
		}
		if ( ! empty( $size_format ) && ! $per_table && ! $format && ! $human ) {
			Cli::line( str_replace( " {$display}", '', (string) $rows[0]['Size'] ) );
			return;
		}
		Format::items( $rows, [ 'Name', 'Size' ], [ 'format' => $format ?? 'table' ] );
	}
}

// A deliberately small `wp search-replace`: same output shapes, plain and serialized values, no regex.
final class SearchReplace {
	private static function columns( $table ) {
		global $wpdb;
		$pk   = [];
		$text = [];
		$all  = [];
		foreach ( (array) $wpdb->get_results( 'DESCRIBE `' . str_replace( '`', '``', $table ) . '`' ) as $col ) {
			if ( 'PRI' === $col->Key ) {
				$pk[] = $col->Field;
			}
			if ( false !== strpos( $col->Type, 'text' ) || false !== strpos( $col->Type, 'varchar' ) ) {
				$text[] = $col->Field;
			}
			$all[] = $col->Field;
		}
		return [ $pk, $text, $all ];
	}

	private static function replace_value( $value, $from, $to, &$count ) {
		if ( is_string( $value ) && is_serialized( $value ) ) {
			$data = @unserialize( $value, [ 'allowed_classes' => false ] );
			if ( false !== $data || 'b:0;' === $value ) {
				return serialize( self::replace_value( $data, $from, $to, $count ) );
			}
		}
		if ( is_array( $value ) ) {
			foreach ( $value as $k => $v ) {
				$value[ $k ] = self::replace_value( $v, $from, $to, $count );
			}
			return $value;
		}
		if ( is_string( $value ) ) {
			$n      = substr_count( $value, $from );
			$count += $n;
			return $n ? str_replace( $from, $to, $value ) : $value;
		}
		return $value;
	}

	public static function run( $args, $assoc ) {
		global $wpdb;
		if ( count( $args ) < 2 ) {
			Cli::error( 'Please specify a search and a replace string.' );
		}
		list( $from, $to ) = $args;
		$tables = Db::table_names( array_slice( $args, 2 ), $assoc );
		$dry    = ! empty( $assoc['dry-run'] );
		$export = $assoc['export'] ?? null;
		$format = $assoc['format'] ?? 'table';
		$total  = 0;
		$report = [];
		$sql    = '';
		foreach ( $tables as $table ) {
			list( $pk, $text, $all ) = self::columns( $table );
			$quoted = '`' . str_replace( '`', '``', $table ) . '`';
			if ( null !== $export ) {
				$create = $wpdb->get_row( "SHOW CREATE TABLE {$quoted}", ARRAY_N );
				$sql   .= "\nDROP TABLE IF EXISTS {$quoted};\n" . $create[1] . ";\n";
				$rows   = (array) $wpdb->get_results( "SELECT * FROM {$quoted}", ARRAY_A );
				$size   = (int) ( $assoc['export_insert_size'] ?? 50 );
				foreach ( array_chunk( $rows, max( 1, $size ) ) as $chunk ) {
					$values = [];
					foreach ( $chunk as $row ) {
						foreach ( $row as $col => $v ) {
							if ( in_array( $col, $text, true ) && null !== $v ) {
								$row[ $col ] = self::replace_value( $v, $from, $to, $total );
							}
						}
						$values[] = '(' . implode( ', ', array_map( function ( $v ) use ( $wpdb ) {
							return null === $v ? 'NULL' : "'" . $wpdb->_real_escape( $v ) . "'";
						}, $row ) ) . ')';
					}
					$sql .= "INSERT INTO {$quoted} (`" . implode( '`, `', array_keys( $chunk[0] ) ) . "`) VALUES \n" . implode( ",\n", $values ) . ";\n";
				}
				continue;
			}
			foreach ( $text as $col ) {
				if ( in_array( $col, $pk, true ) ) {
					continue;
				}
				$qcol       = '`' . str_replace( '`', '``', $col ) . '`';
				$serialized = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$quoted} WHERE {$qcol} REGEXP '^[aiO]:[1-9]'" );
				$type       = ( $serialized || ! empty( $assoc['precise'] ) ) && $pk ? 'PHP' : 'SQL';
				$count      = 0;
				$like       = '%' . $wpdb->esc_like( $from ) . '%';
				if ( 'PHP' === $type ) {
					$rows = (array) $wpdb->get_results( $wpdb->prepare( 'SELECT `' . implode( '`, `', $pk ) . "`, {$qcol} AS v FROM {$quoted} WHERE {$qcol} LIKE BINARY %s", $like ), ARRAY_A );
					foreach ( $rows as $row ) {
						$before = $count;
						$new    = self::replace_value( $row['v'], $from, $to, $count );
						if ( ! $dry && $count > $before ) {
							$where = array_intersect_key( $row, array_flip( $pk ) );
							$wpdb->update( $table, [ $col => $new ], $where );
						}
					}
				} else {
					$count = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$quoted} WHERE {$qcol} LIKE BINARY %s", $like ) );
					if ( ! $dry && $count ) {
						$wpdb->query( $wpdb->prepare( "UPDATE {$quoted} SET {$qcol} = REPLACE({$qcol}, %s, %s)", $from, $to ) );
					}
				}
				$total   += $count;
				$report[] = [ 'Table' => $table, 'Column' => $col, 'Replacements' => $count, 'Type' => $type ];
			}
		}
		if ( null !== $export ) {
			if ( true === $export || '-' === $export ) {
				echo $sql;
				return;
			}
			file_put_contents( $export, $sql );
			Cli::success( sprintf( 'Made %d %s and exported to %s.', $total, 1 === $total ? 'replacement' : 'replacements', $export ) );
			return;
		}
		if ( 'count' === $format ) {
			Cli::line( (string) $total );
			return;
		}
		Format::items( $report, [ 'Table', 'Column', 'Replacements', 'Type' ], [ 'format' => 'table' ] );
		$what = 1 === $total ? 'replacement' : 'replacements';
		Cli::success( $dry ? "{$total} {$what} to be made." : "Made {$total} {$what}." );
		if ( ! $dry && $total ) {
			wp_cache_flush();
		}
	}
}
