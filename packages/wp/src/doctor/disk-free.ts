// Free disk from `df -Pk PATH` (POSIX output, 1024-byte blocks), and the space a copy needs.

export function dfArgv(path: string): string[] {
  return ['df', '-Pk', '--', path];
}

export function parseDfFreeBytes(output: string): number | null {
  const lines = output.trim().split('\n');
  const last = lines[lines.length - 1];
  if (!last || lines.length < 2) return null;
  // Filesystem names may contain spaces; the numeric columns are the last five fields.
  const fields = last.trim().split(/\s+/);
  const available = Number(fields[fields.length - 3]);
  return Number.isFinite(available) ? available * 1024 : null;
}

/**
 * What a site needs on the target: staging tables beside the live ones (about the source's table bytes; InnoDB
 * rebuilds can briefly need more, hence the margin) plus the staged wp-content, with 10% and 256 MiB to spare.
 */
export function requiredBytes(dbBytes: number, fileBytes: number): number {
  return Math.ceil((dbBytes * 1.5 + fileBytes) * 1.1) + 256 * 1024 * 1024;
}
