// Which DB and copy tools are on a host's PATH, in one round trip: the script is fixed and the names travel as
// arguments.
import type { ShellResult } from '../../transport/transport.js';

const TOOLS = ['mariadb-dump', 'mysqldump', 'mariadb', 'mysql', 'rsync', 'rrsync'];

export async function hostTools(
  exec: (argv: readonly string[]) => Promise<ShellResult>,
): Promise<Map<string, string>> {
  const tools = await exec([
    'sh',
    '-c',
    'for t in "$@"; do p=$(command -v "$t") && echo "$t=$p"; done; exit 0',
    'wpfleet-tools',
    ...TOOLS,
  ]);
  return new Map(
    tools.stdout
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

/** `a (/path)` for the first of two alternatives found, else undefined. */
export function eitherTool(found: ReadonlyMap<string, string>, a: string, b: string): string | undefined {
  return found.has(a) ? `${a} (${found.get(a)})` : found.has(b) ? `${b} (${found.get(b)})` : undefined;
}
