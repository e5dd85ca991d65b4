// Finds WordPress installs on a host by looking for wp-config.php below the usual web roots (or roots the user
// gives), then asks each one its URL and size in one quick round trip.
import type { Transport } from '../transport/transport.js';
import { shScript } from '../transport/sh-script.js';
import { lastLine } from '../wp-cli/parse-wp-cli-output.js';
import { runsAsRoot } from '../wp-cli/wp-cli.js';

export const USUAL_WEB_ROOTS = [
  '/var/www',
  '/srv/www',
  '/srv/http',
  '/home',
  '/usr/share/nginx',
  '/opt/bitnami',
] as const;

export interface FoundInstall {
  /** The WordPress root: the directory holding wp-config.php (or its parent, for the one-level-up layout). */
  path: string;
  url: string | null;
  kbytes: number | null;
}

// wp-config.php may sit one level above the WordPress root; the root is where wp-load.php lives.
const FIND_SCRIPT = `
for root in "$@"; do
  [ -d "$root" ] || continue
  # find reads a leading "-" as an expression (-delete, -quit), not a starting point
  case $root in -*) root=./$root ;; esac
  find "$root" -maxdepth 6 \\( -name node_modules -o -name wp-content -o -name .git \\) -prune -o -name wp-config.php -type f -print 2>/dev/null
done | while IFS= read -r config; do
  dir=\${config%/wp-config.php}
  if [ -f "$dir/wp-load.php" ]; then printf '%s\\n' "$dir"
  else for sub in "$dir"/*/; do [ -f "$sub/wp-load.php" ] && printf '%s\\n' "\${sub%/}"; done
  fi
done | sort -u
`;

export async function findWordPressInstalls(
  transport: Transport,
  roots: readonly string[] = USUAL_WEB_ROOTS,
  options: { signal?: AbortSignal; wp?: readonly string[] } = {},
): Promise<FoundInstall[]> {
  const signal = options.signal ? { signal: options.signal } : {};
  const found = await transport.exec(shScript(FIND_SCRIPT, ...roots), { ...signal, reject: false });
  const paths = found.stdout.split('\n').filter(Boolean);
  const wp = options.wp ?? ['wp'];
  // Real WP-CLI refuses to run as root without --allow-root (an `Error:` and exit 1, so every URL came back null).
  const allowRoot = paths.length > 0 && (await runsAsRoot(transport)) ? ['--allow-root'] : [];
  const installs: FoundInstall[] = [];
  for (const path of paths) {
    const [url, size] = await Promise.all([
      transport.exec(
        [
          ...wp,
          `--path=${path}`,
          '--skip-plugins',
          '--skip-themes',
          ...allowRoot,
          'option',
          'get',
          'siteurl',
        ],
        { ...signal, reject: false, timeoutMs: 30_000 },
      ),
      transport.exec(['du', '-sk', '--', path], { ...signal, reject: false, timeoutMs: 60_000 }),
    ]);
    const kbytes = Number(size.stdout.split('\t')[0]);
    installs.push({
      path,
      // The last line: wp-config.php's PHP notices can come first on stdout.
      url: url.exitCode === 0 ? lastLine(url.stdout) || null : null,
      kbytes: size.exitCode === 0 && Number.isFinite(kbytes) ? kbytes : null,
    });
  }
  return installs;
}
