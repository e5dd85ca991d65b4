// Runs wpfleet's main() in-process with captured output, the way bin.ts would, for tests.
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(
  argv: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; stdin?: string } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main({
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
    signal: new AbortController().signal,
  });
  return { code, out, err };
}
