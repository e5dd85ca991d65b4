// `lab down`: stops every daemon the lab started (by its pid files only) and removes the lab directory.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stopMariaDb } from './host/mariadb.js';
import { stopSshd } from './host/sshd.js';
import { stopWeb } from './host/web.js';
import { defaultLabDir } from './lab-paths.js';
import { withLabLock } from './lab-lock.js';

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
  if (!existsSync(dir)) return;
  await stopWeb(dir);
  const hostsDir = join(dir, 'hosts');
  const roots = existsSync(hostsDir) ? readdirSync(hostsDir).map((n) => join(hostsDir, n)) : [];
  await Promise.all(roots.flatMap((root) => [stopSshd(root), stopMariaDb(root)]));
  if (!keepFiles) rmSync(dir, { recursive: true, force: true });
}
