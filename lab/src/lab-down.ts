// `lab down`: stops every daemon the lab started (by its pid files only), removes the unix users it made for its
// Hosts and the lab directory.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stopMariaDb } from './host/mariadb.js';
import { stopSshd } from './host/sshd.js';
import { removeUnixUsersUnder } from './host/unix-user.js';
import { stopWeb } from './host/web.js';
import { defaultLabDir } from './lab-paths.js';
import { withLabLock } from './lab-lock.js';
import { isAlive, waitFor } from './process/daemon.js';
import { labOrphans } from './process/lab-orphans.js';

export interface LabDownOptions {
  dir?: string;
  /** Keep the directory (logs) after stopping. */
  keepFiles?: boolean;
}

export async function labDown(options: LabDownOptions = {}): Promise<void> {
  const dir = options.dir ?? defaultLabDir();
  await withLabLock(dir, () => stopAndRemove(dir, options.keepFiles));
}

/** The unlocked part of labDown, for callers that already hold the lab lock. */
export async function stopAndRemove(dir: string, keepFiles = false): Promise<void> {
  if (existsSync(dir)) {
    await stopWeb(dir);
    const hostsDir = join(dir, 'hosts');
    const roots = existsSync(hostsDir) ? readdirSync(hostsDir).map((n) => join(hostsDir, n)) : [];
    await Promise.all(roots.flatMap((root) => [stopSshd(root), stopMariaDb(root)]));
  }
  await stopOrphans(dir);
  if (!keepFiles) {
    // With its daemons stopped no process runs as a Host's user any more; a kept directory keeps its owners.
    await removeUnixUsersUnder(join(dir, 'hosts'));
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** Daemons whose pid file an interrupted run lost would hold the lab's addresses; stop exactly those. */
async function stopOrphans(dir: string): Promise<void> {
  const pids = labOrphans(dir);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await waitFor(`lab daemons ${pids.join(', ')} to exit`, () => pids.every((p) => !isAlive(p)), 15_000).catch(
    () => {
      for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    },
  );
}
