// Copies a site's managed wp-content directories from the source host into a staging directory on the target.
// Host to host when the target can reach the source: a temporary key, confined by rrsync to a read-only rsync of
// that one path, is added to the source and removed afterwards. Otherwise the bytes are relayed through the
// controller as a tar stream (source tar -c | target tar -x), never landing on the controller's disk.
import { pipeline } from 'node:stream/promises';
import type { Transport } from '../transport/transport.js';
import { WpfleetError } from '@wpfleet/core';
import { addAuthorizedKeyLine, removeAuthorizedKeyLine } from './authorized-key-line.js';
import { DEFAULT_EXCLUDES, MANAGED_DIRS } from './file-manifest.js';
import { parseRsyncStats, restrictedRsyncKeyLine, rsyncArgv } from './rsync-argv.js';
import { shScript } from '../transport/sh-script.js';

export interface SyncEndpoint {
  transport: Transport;
  /** The site's wp-content directory on that host. */
  contentDir: string;
}

export interface HostToHostSource extends SyncEndpoint {
  /** How the target reaches the source over SSH. */
  sshAddress: string;
  sshPort: number;
  sshUser: string;
  /** The source's host key line(s) in known_hosts format, as the controller verified them. */
  knownHostsLines: string[];
}

export interface FileSyncResult {
  mode: 'host-to-host' | 'relay';
  files: number;
  transferredFiles: number;
  bytes: number;
}

export interface FileSyncOptions {
  excludes?: readonly string[];
  delete?: boolean;
  signal?: AbortSignal;
  where?: { host?: string; site?: string; step?: string };
  /**
   * Host to host: the target directory that holds the temporary key, made afresh (mode 0700) and removed after
   * the copy. The site's own work directory (`.wpfleet/<site>/key`), so a key a killed run left behind is found
   * and removed by the next copy or by `wpfleet cleanup`. Without it: a private directory under /tmp.
   */
  keyDir?: string;
}

// A key a killed run left there goes first; mkdir then refuses to reuse anything (a symlink planted in its place).
const FRESH_PRIVATE_DIR = 'rm -rf -- "$1" && mkdir -m 700 -- "$1"';

/** Host-to-host rsync, run on the target, pulling from the source through a temporary restricted key. */
export async function syncHostToHost(
  source: HostToHostSource,
  target: SyncEndpoint,
  stagingDir: string,
  options: FileSyncOptions = {},
): Promise<FileSyncResult> {
  const marker = `wpfleet-temp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const execOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.where ? { where: options.where } : {}),
  };
  let keyDir: string;
  if (options.keyDir !== undefined) {
    keyDir = options.keyDir;
    await target.transport.exec(shScript(FRESH_PRIVATE_DIR, keyDir), execOptions);
  } else keyDir = await target.transport.makePrivateDir('wpfleet-key');
  let keyAdded = false;
  let keyLine = '';
  try {
    await target.transport.exec(
      ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', marker, '-f', `${keyDir}/id`],
      execOptions,
    );
    const publicKey = (await target.transport.exec(['cat', `${keyDir}/id.pub`], execOptions)).stdout;
    await target.transport.putFile(`${keyDir}/known_hosts`, source.knownHostsLines.join('\n') + '\n');
    keyLine = restrictedRsyncKeyLine(publicKey, source.contentDir, marker);
    await addAuthorizedKeyLine(source.transport, keyLine, execOptions);
    keyAdded = true;
    await target.transport.exec(['mkdir', '-p', '--', stagingDir], execOptions);
    // Only what the controller verified decides the source's key: no ssh config of the target's (a KnownHostsCommand,
    // a `StrictHostKeyChecking no` under `Host *`) and no system-wide known_hosts file takes part.
    const rsh = [
      'ssh',
      '-F',
      '/dev/null',
      '-i',
      `${keyDir}/id`,
      '-p',
      String(source.sshPort),
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${keyDir}/known_hosts`,
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'ConnectTimeout=10',
    ];
    const result = await target.transport.exec(
      rsyncArgv({
        // rrsync roots the session at contentDir, so the remote path is `/`.
        from: `${source.sshUser}@${source.sshAddress}:/`,
        to: stagingDir,
        excludes: options.excludes ?? DEFAULT_EXCLUDES,
        delete: options.delete ?? true,
        rsh,
      }),
      execOptions,
    );
    return { mode: 'host-to-host', ...parseRsyncStats(result.stdout) };
  } finally {
    if (keyAdded) await removeAuthorizedKeyLine(source.transport, keyLine, { reject: false });
    await target.transport.removeFile(keyDir, { recursive: true });
  }
}

/** tar exclude patterns for the relay, from rsync-style excludes. */
function tarExcludes(excludes: readonly string[]): string[] {
  return excludes.map((pattern) => `--exclude=${pattern.replace(/^\//, './').replace(/\/$/, '')}`);
}

/** Relays the managed directories through the controller as a tar stream; nothing touches the controller's disk. */
export async function syncRelay(
  source: SyncEndpoint,
  target: SyncEndpoint,
  stagingDir: string,
  options: FileSyncOptions = {},
): Promise<FileSyncResult> {
  const common = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.where ? { where: options.where } : {}),
  };
  const present = (
    await source.transport.exec(
      shScript(
        'cd -- "$1" || exit 1; for d in "$@"; do [ "$d" != "$1" ] && [ -d "$d" ] && echo "$d"; done; true',
        source.contentDir,
        ...MANAGED_DIRS,
      ),
      common,
    )
  ).stdout
    .split('\n')
    .filter(Boolean);
  // A fresh staging directory: the relay is a full copy, so stale files must not survive in it.
  await target.transport.exec(shScript('rm -rf -- "$1" && mkdir -p -- "$1"', stagingDir), common);
  if (present.length === 0) return { mode: 'relay', files: 0, transferredFiles: 0, bytes: 0 };
  const producer = source.transport.spawn(
    [
      'tar',
      '-C',
      source.contentDir,
      ...tarExcludes(options.excludes ?? DEFAULT_EXCLUDES),
      '-cf',
      '-',
      '--',
      ...present.map((d) => `./${d}`),
    ],
    common,
  );
  const consumer = target.transport.spawn(['tar', '-C', stagingDir, '-xf', '-', '--totals'], common);
  let bytes = 0;
  producer.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
  await Promise.all([pipeline(producer.stdout, consumer.stdin), producer.result, consumer.result]);
  const counted = await target.transport.exec(
    shScript('cd -- "$1" && find . -type f | wc -l', stagingDir),
    common,
  );
  const files = Number(counted.stdout.trim());
  if (!Number.isFinite(files)) {
    throw new WpfleetError('WPF_FILES_RELAY', 'could not count the relayed files on the target', {
      kind: 'environment',
      where: options.where,
    });
  }
  return { mode: 'relay', files, transferredFiles: files, bytes };
}

// Moves each managed directory: live -> backup, staging -> live. Each move is one rename(2) on the same
// filesystem, so a visitor never sees a half-copied directory. Refuses when a backup from an earlier swap exists.
const SWAP_DIRS = `
set -e
live="$1"; staging="$2"; backup="$3"; shift 3
for d in "$@"; do
  if [ -e "$backup/$d" ]; then echo "backup exists: $backup/$d" >&2; exit 17; fi
done
mkdir -p -- "$backup"
for d in "$@"; do
  [ -d "$staging/$d" ] || continue
  if [ -e "$live/$d" ]; then mv -- "$live/$d" "$backup/$d"; fi
  mv -- "$staging/$d" "$live/$d"
  echo "$d"
done
`;

const UNDO_DIRS = `
set -e
live="$1"; staging="$2"; backup="$3"; shift 3
mkdir -p -- "$staging"
for d in "$@"; do
  # A later copy may have staged this directory again: the migrated one replaces it (mv into an existing
  # directory would nest it instead). Only wpfleet's own staging directory is ever removed here.
  if [ -e "$live/$d" ]; then rm -rf -- "$staging/$d"; mv -- "$live/$d" "$staging/$d"; fi
  if [ -d "$backup/$d" ]; then mv -- "$backup/$d" "$live/$d"; fi
  echo "$d"
done
`;

export interface ContentSwapDirs {
  contentDir: string;
  stagingDir: string;
  backupDir: string;
}

/** Makes the staged directories live; returns the directories moved. */
export async function swapContentDirs(
  target: Transport,
  dirs: ContentSwapDirs,
  where?: FileSyncOptions['where'],
): Promise<string[]> {
  const result = await target.exec(
    shScript(SWAP_DIRS, dirs.contentDir, dirs.stagingDir, dirs.backupDir, ...MANAGED_DIRS),
    {
      reject: false,
      ...(where ? { where } : {}),
    },
  );
  if (result.exitCode === 17) {
    throw new WpfleetError(
      'WPF_SWAP_BACKUP_EXISTS',
      `a files backup from an earlier swap is in the way in ${dirs.backupDir}`,
      {
        kind: 'policy',
        where,
        hint: 'It is the rollback point of an earlier migration: remove it once you no longer need it. Nothing was changed.',
      },
    );
  }
  if (result.failed) {
    throw new WpfleetError(
      'WPF_FILES_SWAP',
      `moving the staged wp-content directories into place failed: ${result.stderr.trim()}`,
      {
        kind: 'environment',
        where,
        hint: 'Check free space and permissions in the target wp-content directory; `wpfleet undo` moves back what was moved.',
      },
    );
  }
  return result.stdout.split('\n').filter(Boolean);
}

/**
 * Reverses swapContentDirs for the directories it promoted (from the Journal): each returns to the staging
 * directory, and its backup, if there was one, goes live again.
 */
export async function undoContentDirs(
  target: Transport,
  dirs: ContentSwapDirs,
  promoted: readonly string[],
  where?: FileSyncOptions['where'],
): Promise<string[]> {
  const known = promoted.filter((d) => (MANAGED_DIRS as readonly string[]).includes(d));
  const result = await target.exec(
    shScript(UNDO_DIRS, dirs.contentDir, dirs.stagingDir, dirs.backupDir, ...known),
    {
      ...(where ? { where } : {}),
    },
  );
  return result.stdout.split('\n').filter(Boolean);
}
