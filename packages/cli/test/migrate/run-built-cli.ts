// Spawns the BUILT wpfleet binary (packages/cli/dist/bin.js) the way a user runs it, collecting NDJSON events.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunEvent } from '@wpfleet/core';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface BuiltRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  events: RunEvent[];
}

export function runBuiltCli(
  argv: string[],
  options: { cwd?: string; onEvent?: (event: RunEvent, child: ChildProcess) => void; timeoutMs?: number } = {},
): Promise<BuiltRun> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: options.cwd ?? process.cwd(), env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    const events: RunEvent[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      pending += d.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        try {
          const event = JSON.parse(line) as RunEvent;
          if (typeof event.type === 'string') {
            events.push(event);
            options.onEvent?.(event, child);
          }
        } catch {
          // not an event line
        }
      }
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, events });
    });
  });
}
