// The one way tests run wpfleet: in-process through main() (fast; the default), or as the BUILT binary
// (packages/cli/dist/bin.js) the way a user runs it (`built: true`). Either way the result has one shape and a
// non-zero exit is a result, never a rejection: a test asserts on `code`, `stdout`, `stderr` and the NDJSON events.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { RunEvent } from '@wpfleet/core';
import { main } from '../../src/main.js';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface CliRun {
  /** The exit code; null only when the built binary was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The RunEvents among stdout's lines (`--json`), in order. */
  events: RunEvent[];
}

export interface CliRunOptions {
  cwd?: string;
  /** The whole environment. In-process default: HOME and USER only; built default: this process's, with NO_COLOR. */
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Spawn the built binary instead of calling main() in this process. */
  built?: boolean;
  /** Each RunEvent as it arrives; `kill` sends the built process a signal (in-process: any signal aborts main). */
  onEvent?: (event: RunEvent, kill: (signal: NodeJS.Signals) => void) => void;
  /** Built only: SIGKILL the process at the first event this accepts (a controller crash). */
  killAt?: (event: RunEvent) => boolean;
  /** Built only: SIGKILL after this long (default 10 minutes). */
  timeoutMs?: number;
}

export function runCli(argv: string[], options: CliRunOptions = {}): Promise<CliRun> {
  return options.built ? runBuilt(argv, options) : runInProcess(argv, options);
}

/** Collects stdout and picks out the JSON lines that are RunEvents, however the chunks split them. */
function eventLines(onEvent: (event: RunEvent) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      try {
        const event = JSON.parse(line) as RunEvent;
        if (typeof event.type === 'string') onEvent(event);
      } catch {
        // not an event line
      }
    }
  };
}

async function runInProcess(argv: string[], options: CliRunOptions): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const abort = new AbortController();
  const run: CliRun = { code: null, signal: null, stdout: '', stderr: '', events: [] };
  const events = eventLines((event) => {
    run.events.push(event);
    options.onEvent?.(event, () => abort.abort());
  });
  stdout.on('data', (d: Buffer) => {
    run.stdout += d.toString();
    events(d.toString());
  });
  stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  run.code = await main({
    argv,
    io: {
      stdout,
      stderr,
      stdin: options.stdin === undefined ? new PassThrough() : Readable.from([Buffer.from(options.stdin)]),
      isTTY: false,
      color: false,
    },
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? { HOME: process.env['HOME'], USER: process.env['USER'] },
    signal: abort.signal,
  });
  return run;
}

function runBuilt(argv: string[], options: CliRunOptions): Promise<CliRun> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: options.cwd ?? process.cwd(),
      env: options.env ?? { ...process.env, NO_COLOR: '1' },
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
    const run: CliRun = { code: null, signal: null, stdout: '', stderr: '', events: [] };
    let killed = false;
    const events = eventLines((event) => {
      run.events.push(event);
      options.onEvent?.(event, (signal) => child.kill(signal));
      if (!killed && options.killAt?.(event)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.stdout!.on('data', (d: Buffer) => {
      run.stdout += d.toString();
      events(d.toString());
    });
    child.stderr!.on('data', (d: Buffer) => (run.stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ...run, code, signal });
    });
  });
}
