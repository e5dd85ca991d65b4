// Several engineers (and their test runs) share one lab on one machine: `up`/`down` take a lock beside the
// lab directory, and test runs hold leases so the last one out, not the first, takes a test-started lab down.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, readPid } from './process/daemon.js';

/** Runs `fn` holding `<dir>.lock` (a directory with the holder's pid); a dead holder's lock is taken over. */
export async function withLabLock<T>(dir: string, fn: () => Promise<T>, timeoutMs = 600_000): Promise<T> {
  const lock = `${dir}.lock`;
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const holder = readPid(join(lock, 'pid'));
      if (holder !== undefined && !isAlive(holder)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > until) throw new Error(`lab: ${lock} is held by pid ${holder ?? '?'} for too long`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function leaseDir(dir: string): string {
  return `${dir}.leases`;
}

export function takeLease(dir: string, pid = process.pid): void {
  mkdirSync(leaseDir(dir), { recursive: true });
  writeFileSync(join(leaseDir(dir), String(pid)), '');
}

/** Drops this process's lease; returns how many live leases other processes still hold. */
export function dropLease(dir: string, pid = process.pid): number {
  rmSync(join(leaseDir(dir), String(pid)), { force: true });
  let others = 0;
  try {
    for (const name of readdirSync(leaseDir(dir))) {
      if (isAlive(Number(name))) others++;
      else rmSync(join(leaseDir(dir), name), { force: true });
    }
  } catch {
    return 0;
  }
  return others;
}
