// The one way wpfleet says a byte count, in every command, report and message: binary units (KiB = 1024 bytes),
// as df, MariaDB and WP-CLI's sizes count them, so `plan`, `doctor` and `migrate` name the same bytes alike.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `0 B`, `512 B`, `64.0 KiB`, `12.3 MiB`, `6.9 GiB`: whole bytes, else one decimal; `?` when unknown. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** `12.3 MiB/s`. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}
