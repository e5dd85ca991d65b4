// Free disk from `df -Pk PATH` (POSIX output, 1024-byte blocks). The space a copy needs is core's
// `requiredTargetBytes`, shared with the plan.

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
