// Starts lab daemons detached with their own pid files and stops them by those pid files only.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie answers signal 0 but is gone for our purposes.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Runs a program that stays in the foreground as a detached daemon, logging to `log`. */
export function spawnDaemon(command: string, args: string[], log: string): number {
  const fd = openSync(log, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd] });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return child.pid;
}

/** Polls `check` until it holds or `timeoutMs` passes; the error says what was awaited. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** SIGTERM the daemon named by `pidFile`, SIGKILL it if it lingers, then remove the pid file. */
export async function stopByPidFile(pidFile: string, timeoutMs = 15_000): Promise<void> {
  const pid = readPid(pidFile);
  if (isAlive(pid) && pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    try {
      await waitFor(`pid ${pid} (${pidFile}) to exit`, () => !isAlive(pid), timeoutMs);
    } catch {
      process.kill(pid, 'SIGKILL');
      await waitFor(`pid ${pid} to die`, () => !isAlive(pid), 5_000);
    }
  }
  rmSync(pidFile, { force: true });
}
