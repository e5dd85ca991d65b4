// LocalTransport: runs argv on this machine with execa (no shell, so nothing is ever re-parsed).
// Used for the operator's machine, for a Host that is `localhost`, and as the contract suite's reference.
import { createWriteStream } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { PutFileOptions, SpawnOptions, TransportCapabilities } from './transport.js';
import {
  StreamingTransport,
  contentStream,
  type CommandExit,
  type StartedIo,
} from './streaming-transport.js';

export interface LocalTransportOptions {
  /** Processes at once; the rest queue. Default 8. */
  maxConcurrency?: number;
}

export class LocalTransport extends StreamingTransport {
  readonly label = 'local';
  readonly capabilities: TransportCapabilities;

  constructor(options: LocalTransportOptions = {}) {
    const max = options.maxConcurrency ?? 8;
    super(max);
    this.capabilities = {
      streaming: true,
      putFile: true,
      hostToHost: true,
      isLocal: true,
      maxConcurrency: max,
    };
  }

  protected async start(argv: readonly string[], options: SpawnOptions, io: StartedIo): Promise<CommandExit> {
    const [file, ...args] = argv as [string, ...string[]];
    // Loaded on first use: a controller that only talks SSH never pays for it.
    const { execa } = await import('execa');
    const child = execa(file, args, {
      cwd: options.cwd,
      env: options.env,
      extendEnv: true,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      stripFinalNewline: false,
      cancelSignal: io.kill,
      forceKillAfterDelay: 2000,
    });
    // A command may exit without reading all its stdin (EPIPE): that is its choice, not our failure.
    child.stdin.on('error', () => undefined);
    io.stdin.pipe(child.stdin);
    child.stdout.pipe(io.stdout, { end: false });
    child.stderr.pipe(io.stderr, { end: false });
    const done = await child;
    io.stdin.unpipe(child.stdin);
    const startError =
      done.exitCode === undefined && !done.isCanceled ? done.originalMessage || done.message : undefined;
    return { exitCode: done.exitCode ?? null, signal: done.signal, startError };
  }

  async putFile(
    path: string,
    content: string | Uint8Array | Readable,
    options: PutFileOptions = {},
  ): Promise<void> {
    const mode = options.mode ?? 0o600;
    // 'wx' refuses to follow or overwrite an existing path, so a planted symlink cannot redirect the write.
    const sink = createWriteStream(path, { flags: 'wx', mode });
    await pipeline(contentStream(content), sink, { signal: options.signal });
    await chmod(path, mode);
  }

  protected async closeConnections(): Promise<void> {
    // Nothing persistent: running processes were killed through their kill signal.
  }
}
