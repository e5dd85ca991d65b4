// Spawns the BUILT wpfleet binary (packages/cli/dist/bin.js) the way a user runs it, collecting NDJSON events.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunEvent } from '@wpfleet/core';

const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

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

/** Runs `wpfleet ARGV` and kills it with SIGKILL at the first event `killAt` accepts: a controller crash. */
export function runBuiltCliKilledAt(argv: string[], killAt: (event: RunEvent) => boolean): Promise<BuiltRun> {
  let killed = false;
  return runBuiltCli(argv, {
    onEvent: (event, child) => {
      if (!killed && killAt(event)) {
        killed = true;
        child.kill('SIGKILL');
      }
    },
  });
}

/**
 * `scripts/demo.sh` leaves the lab's targets migrated (that is its point); a test that needs them as the lab made
 * them swaps the last demo run back first, as the demo itself does on its next run.
 */
export async function undoLastDemoRun(): Promise<void> {
  const pointer = fileURLToPath(new URL('../../../../.wpfleet/demo/last-run', import.meta.url));
  if (!existsSync(pointer)) return;
  const runDir = readFileSync(pointer, 'utf8').trim();
  if (!existsSync(runDir)) return;
  const status = await runBuiltCli(['status', '--run-dir', runDir, '--json']);
  let sites: { name: string; steps: Record<string, string> }[] = [];
  try {
    sites = (JSON.parse(status.stdout) as { sites: typeof sites }).sites;
  } catch {
    return;
  }
  for (const site of sites) {
    if (site.steps['swap'] === 'succeeded' || site.steps['swap'] === 'skipped') await runBuiltCli(['undo', site.name, '--run-dir', runDir]);
  }
}
