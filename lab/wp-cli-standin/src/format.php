<?php
// WP-CLI's output formats: json/count/ids without a trailing newline, csv, and `table`, which WP-CLI
// prints as tab-separated rows with a header whenever stdout is not a terminal (wpfleet always pipes).

namespace Standin;

final class Format {
	/** Prints one value like WP_CLI::print_value: JSON or the plain scalar, each with a newline. */
	public static function print_value( $value, array $assoc ) {
		$format = $assoc['format'] ?? null;
		if ( 'json' === $format ) {
			$value = json_encode( $value );
		} elseif ( 'yaml' === $format ) {
			$value = self::yaml( $value );
		} elseif ( is_array( $value ) || is_object( $value ) ) {
			$value = var_export( $value, true );
		}
		echo $value . "\n";
	}

	private static function pick( $item, array $fields ) {
		$row = [];
		foreach ( $fields as $field ) {
			if ( is_array( $item ) ) {
				$row[ $field ] = $item[ $field ] ?? null;
			} else {
				$row[ $field ] = isset( $item->$field ) ? $item->$field : null;
			}
		}
		return $row;
	}

	/**
	 * @param array<int, array<string, mixed>|object> $items
	 * @param string[] $default_fields
	 */
	public static function items( array $items, array $default_fields, array $assoc ) {
		$format = $assoc['format'] ?? 'table';
		$fields = isset( $assoc['fields'] ) && is_string( $assoc['fields'] )
			? array_map( 'trim', explode( ',', $assoc['fields'] ) )
			: $default_fields;
		if ( isset( $assoc['field'] ) && is_string( $assoc['field'] ) ) {
			foreach ( $items as $item ) {
				$row = self::pick( $item, [ $assoc['field'] ] );
				self::print_value( $row[ $assoc['field'] ], $assoc );
			}
			return;
		}
		$rows = array_map( function ( $item ) use ( $fields ) {
			return self::pick( $item, $fields );
		}, array_values( $items ) );

		switch ( $format ) {
			case 'json':
				echo json_encode( $rows );
				return;
			case 'count':
				echo count( $rows );
				return;
			case 'ids':
				echo implode( ' ', array_map( function ( $row ) {
					return reset( $row );
				}, $rows ) );
				return;
			case 'yaml':
				echo self::yaml( $rows );
				return;
			case 'csv':
				$out = fopen( 'php://output', 'w' );
				fputcsv( $out, $fields, ',', '"', '\\' );
				foreach ( $rows as $row ) {
					fputcsv( $out, array_map( [ self::class, 'cell' ], $row ), ',', '"', '\\' );
				}
				fclose( $out );
				return;
			default:
				if ( function_exists( 'posix_isatty' ) && posix_isatty( STDOUT ) ) {
					self::ascii_table( $fields, $rows );
					return;
				}
				echo implode( "\t", $fields ) . "\n";
				foreach ( $rows as $row ) {
					echo implode( "\t", array_map( [ self::class, 'cell' ], $row ) ) . "\n";
				}
		}
	}

	/** On a terminal WP-CLI draws a bordered table; only pipes get TSV. */
	private static function ascii_table( array $fields, array $rows ) {
		$widths = [];
		foreach ( $fields as $i => $field ) {
			$widths[ $i ] = mb_strwidth( $field );
			foreach ( $rows as $row ) {
				$widths[ $i ] = max( $widths[ $i ], mb_strwidth( self::cell( $row[ $field ] ) ) );
			}
		}
		$rule = '+' . implode( '+', array_map( function ( $w ) {
			return str_repeat( '-', $w + 2 );
		}, $widths ) ) . "+\n";
		$line = function ( array $cells ) use ( $widths ) {
			$out = [];
			foreach ( array_values( $cells ) as $i => $cell ) {
				$out[] = ' ' . $cell . str_repeat( ' ', $widths[ $i ] - mb_strwidth( $cell ) ) . ' ';
			}
			return '|' . implode( '|', $out ) . "|\n";
		};
		echo $rule . $line( $fields ) . $rule;
		foreach ( $rows as $row ) {
			echo $line( array_map( [ self::class, 'cell' ], $row ) );
		}
		echo $rule;
	}

	public static function cell( $value ) {
		if ( is_array( $value ) || is_object( $value ) ) {
			return json_encode( $value );
		}
		if ( is_bool( $value ) ) {
			return $value ? 'true' : 'false';
		}
		return (string) $value;
	}

	private static function yaml( $value, $indent = '' ) {
		if ( ! is_array( $value ) ) {
			return json_encode( $value );
		}
		$out = $indent === '' ? "---\n" : '';
		foreach ( $value as $key => $item ) {
			$label = is_int( $key ) ? '-' : "{$key}:";
			if ( is_array( $item ) ) {
				$out .= "{$indent}{$label}\n" . self::yaml( $item, $indent . '  ' );
			} else {
				$out .= "{$indent}{$label} " . self::cell( $item ) . "\n";
			}
		}
		return $out;
	}
}
