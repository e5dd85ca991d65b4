// rsync command lines for copying wp-content. Everything stays an argv array; the Transport quotes it once.
import { DEFAULT_EXCLUDES, MANAGED_DIRS } from './file-manifest.js';

export interface RsyncArgvOptions {
  /** `user@host:/path/wp-content/` or a local path, always with a trailing slash. */
  from: string;
  to: string;
  excludes?: readonly string[];
  /** Remove files on the receiving side that are gone on the sender, inside the managed directories only. */
  delete?: boolean;
  /** `ssh` command for remote sources (identity, known_hosts, strict host keys). */
  rsh?: string[];
  dryRun?: boolean;
}

function withSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/**
 * Copies only the managed directories: a filter includes each `DIR/***` and excludes everything else, so that
 * `--delete` can never reach the rest of the docroot (wp-config.php, the target's own files).
 */
export function rsyncArgv(options: RsyncArgvOptions): string[] {
  const argv = ['rsync', '--archive', '--hard-links', '--numeric-ids', '--no-owner', '--no-group', '--stats'];
  // Never --delete-excluded: excluded paths on the receiver (the target's own caches, drop-ins, wp-config.php)
  // must survive.
  if (options.delete) argv.push('--delete');
  if (options.dryRun) argv.push('--dry-run');
  for (const pattern of options.excludes ?? DEFAULT_EXCLUDES) argv.push(`--exclude=${pattern}`);
  for (const dir of MANAGED_DIRS) argv.push(`--include=/${dir}/***`);
  argv.push('--exclude=*');
  if (options.rsh) argv.push('--rsh', options.rsh.map(shellWord).join(' '));
  argv.push('--', withSlash(options.from), withSlash(options.to));
  return argv;
}

// rsync splits --rsh on spaces itself (it honours single and double quotes), so each word is quoted here for
// rsync's own splitter; this is not a shell, and the Transport still quotes the whole argv once.
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** Parses `--stats` output into the numbers a RunEvent shows. */
export function parseRsyncStats(stdout: string): { files: number; transferredFiles: number; bytes: number } {
  const number = (label: RegExp) => {
    const match = label.exec(stdout);
    return match ? Number(match[1]!.replace(/[,.]/g, '')) : 0;
  };
  return {
    files: number(/Number of files: ([\d,.]+)/),
    transferredFiles: number(/Number of regular files transferred: ([\d,.]+)/),
    bytes: number(/Total transferred file size: ([\d,.]+)/),
  };
}

/**
 * The authorized_keys line for the temporary host-to-host key: rrsync confines it to a read-only rsync of one
 * directory, and `restrict` removes forwarding, pty and everything else.
 */
export function restrictedRsyncKeyLine(publicKey: string, sourceDir: string, comment: string): string {
  const key = publicKey.trim().split(/\s+/).slice(0, 2).join(' ');
  return `${rrsyncKeyOption(sourceDir)},restrict ${key} ${comment}`;
}

/** The `command="rrsync -ro '<dir>'"` option exactly as it stands in the key line, to write it or to find it again. */
export function rrsyncKeyOption(sourceDir: string): string {
  // authorized_keys is read line by line: a line break in the path (WP_CONTENT_DIR comes from the source's
  // wp-config.php) would end the confined line and start a new, unconfined one with the rest of the path.
  if (/[\0\r\n]/.test(sourceDir)) {
    throw new Error(
      `the source wp-content path ${JSON.stringify(sourceDir)} holds a line break or NUL, which an authorized_keys line cannot carry`,
    );
  }
  const quotedDir = `'${sourceDir.replace(/'/g, `'"'"'`)}'`;
  // The command option is a double-quoted string: escape backslashes and double quotes inside it.
  return `command="${`rrsync -ro ${quotedDir}`.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
