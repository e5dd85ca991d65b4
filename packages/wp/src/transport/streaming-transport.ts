// Shared behaviour of every Transport adapter: a session slot per command, timeout and abort, stdio piped
// with backpressure, and one result/error shape. Adapters only implement `start` (launch argv, wire stdio).
import { PassThrough, Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { WpfleetError, redactSecrets } from '@wpfleet/core';
import { ShellError } from './shell-error.js';
import type {
  ExecOptions,
  PutFileOptions,
  ShellResult,
  SpawnOptions,
  SpawnedCommand,
  Transport,
  TransportCapabilities,
} from './transport.js';
import { quoteArgv } from './quote-argv.js';
import { SessionLimiter } from './session-limiter.js';

const STDERR_TAIL_BYTES = 64 * 1024;

/** What an adapter's `start` gets: the streams to wire and a signal that fires on timeout or abort. */
export interface StartedIo {
  /** Source of the command's stdin: pipe it into the process/channel. */
  readonly stdin: Readable;
  /** Sinks for the command's output: pipe into them (stdout honours backpressure). */
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Fires when the command must die (timeout, abort, close): kill the process / signal and close the channel. */
  readonly kill: AbortSignal;
}

/** How the command ended, as far as the adapter saw it. */
export interface CommandExit {
  exitCode: number | null;
  signal?: string | undefined;
  /** A launch failure (no such program, channel refused): becomes stderr when stderr is empty. */
  startError?: string | undefined;
  /** The channel closed without an exit status: the connection went away under the command. */
  connectionLost?: boolean | undefined;
}

export abstract class StreamingTransport implements Transport {
  abstract readonly label: string;
  abstract readonly capabilities: TransportCapabilities;
  protected readonly limiter: SessionLimiter;
  private readonly closing = new AbortController();

  constructor(maxConcurrency: number) {
    this.limiter = new SessionLimiter(maxConcurrency);
  }

  /** Launch argv and wire `io`; resolve when the command has exited and its output streams have ended. */
  protected abstract start(
    argv: readonly string[],
    options: SpawnOptions,
    io: StartedIo,
  ): Promise<CommandExit>;

  abstract putFile(
    path: string,
    content: string | Uint8Array | Readable,
    options?: PutFileOptions,
  ): Promise<void>;

  protected abstract closeConnections(): Promise<void>;

  /** Commands currently holding a session slot (for tests and the scheduler). */
  get runningCommands(): number {
    return this.limiter.running;
  }

  spawn(argv: readonly string[], options: SpawnOptions = {}): SpawnedCommand {
    return this.spawnInternal(argv, options, false);
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ShellResult> {
    const { stdin: input, ...rest } = options;
    const spawned = this.spawnInternal(argv, { ...rest, reject: false }, true);
    if (input === undefined) spawned.stdin.end();
    else if (typeof input === 'string' || input instanceof Uint8Array) spawned.stdin.end(input);
    else input.pipe(spawned.stdin);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    spawned.stdout.on('data', (c: Buffer) => out.push(c));
    spawned.stderr.on('data', (c: Buffer) => err.push(c));
    const [result] = await Promise.all([spawned.result, finished(spawned.stdout), finished(spawned.stderr)]);
    const full: ShellResult = {
      ...result,
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8') || result.stderr,
    };
    return settle(full, options, this.label);
  }

  async removeFile(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    await this.exec(['rm', options.recursive ? '-rf' : '-f', '--', path]);
  }

  async makePrivateDir(prefix = 'wpfleet'): Promise<string> {
    if (!/^[A-Za-z0-9_-]+$/.test(prefix)) throw new TypeError(`invalid temp dir prefix: ${prefix}`);
    // mktemp -d creates the directory with mode 0700; chmod makes that explicit whatever the umask.
    const made = await this.exec(['mktemp', '-d', `/tmp/${prefix}.XXXXXXXXXX`]);
    const dir = made.stdout.trim();
    await this.exec(['chmod', '700', '--', dir]);
    return dir;
  }

  async close(): Promise<void> {
    this.closing.abort(new Error('transport closed'));
    await this.closeConnections();
  }

  private spawnInternal(
    argv: readonly string[],
    options: SpawnOptions,
    collectStderr: boolean,
  ): SpawnedCommand {
    if (argv.length === 0) throw new TypeError('Transport: empty argv');
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    if (options.stdin) options.stdin.pipe(stdin);
    const command = redactSecrets(quoteArgv(argv), options.secrets);
    let tail = '';
    // stderr is written without waiting for a reader: most callers of spawn never read it, and a stalled
    // stderr must not stall the command. It is small in practice; its tail explains failures.
    const stderrSink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
        stderr.write(chunk);
        done();
      },
      final: (done) => {
        stderr.end();
        done();
      },
    });
    if (!collectStderr) stderr.resume();
    const result = this.runCommand(argv, options, command, {
      stdin,
      stdout,
      stderrSink,
      tailOf: () => tail,
    }).then((r) => settle(r, options, this.label));
    // A caller that only awaits exec() never sees the spawn promise reject; keep Node from flagging it.
    if (options.reject === false) result.catch(() => undefined);
    return { stdin, stdout, stderr, result };
  }

  private async runCommand(
    argv: readonly string[],
    options: SpawnOptions,
    command: string,
    io: { stdin: PassThrough; stdout: PassThrough; stderrSink: Writable; tailOf: () => string },
  ): Promise<ShellResult> {
    const started = Date.now();
    const base = { command, stdout: '', signal: undefined as string | undefined };
    const endStreams = (): void => {
      if (!io.stdout.writableEnded) io.stdout.end();
      if (!io.stderrSink.writableEnded) io.stderrSink.end();
      io.stdin.resume();
    };
    let release: () => void;
    try {
      release = await this.limiter.acquire(anySignal([options.signal, this.closing.signal]));
    } catch {
      endStreams();
      return {
        ...base,
        exitCode: null,
        stderr: '',
        failed: true,
        timedOut: false,
        isCanceled: true,
        durationMs: 0,
      };
    }
    const kill = new AbortController();
    let timedOut = false;
    let isCanceled = false;
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            kill.abort(new Error('timeout'));
          }, options.timeoutMs)
        : undefined;
    const onAbort = (): void => {
      isCanceled = true;
      kill.abort(new Error('canceled'));
    };
    const external = anySignal([options.signal, this.closing.signal]);
    if (external.aborted) onAbort();
    else external.addEventListener('abort', onAbort, { once: true });
    try {
      const exit = await this.start(argv, options, {
        stdin: io.stdin,
        stdout: io.stdout,
        stderr: io.stderrSink,
        kill: kill.signal,
      });
      endStreams();
      const stderr = io.tailOf() || exit.startError || '';
      const exitCode = timedOut || isCanceled ? null : exit.exitCode;
      return {
        ...base,
        exitCode,
        signal: exit.signal,
        stderr,
        failed: timedOut || isCanceled || exitCode !== 0,
        timedOut,
        isCanceled: isCanceled && !timedOut,
        ...(exit.connectionLost && !timedOut && !isCanceled ? { connectionLost: true } : {}),
        durationMs: Date.now() - started,
      };
    } catch (error) {
      // Connection-level failures (unreachable host, host key, auth) are not command results: they propagate.
      endStreams();
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
      external.removeEventListener('abort', onAbort);
      release();
    }
  }
}

/**
 * Resolve with the result, or reject when it failed and `reject` is not false: with WPF_SSH_DISCONNECTED (transient:
 * a retry or `resume` continues) when the connection went away under the command, else a redacted ShellError.
 */
function settle(raw: ShellResult, options: ExecOptions | SpawnOptions, label: string): ShellResult {
  // stderr is diagnostics, never data: callers quote it in their own messages (a `reject: false` caller's error, a
  // WP-CLI warning), so it is redacted on every path. stdout is the data the caller asked for: redacted only in the
  // ShellError below.
  const result: ShellResult = options.secrets?.length
    ? { ...raw, stderr: redactSecrets(raw.stderr, options.secrets) }
    : raw;
  if (!result.failed || options.reject === false) return result;
  if (result.connectionLost) throw connectionLostError(result, label, options.where);
  const redacted: ShellResult = { ...result, stdout: redactSecrets(result.stdout, options.secrets) };
  throw new ShellError(redacted, label, { where: options.where });
}

/** WPF_SSH_DISCONNECTED for a command whose connection went away (before its channel opened, or under it). */
export function connectionLostError(
  result: ShellResult,
  label: string,
  where?: ExecOptions['where'],
): WpfleetError {
  return new WpfleetError(
    'WPF_SSH_DISCONNECTED',
    `the connection to ${label} was lost while \`${result.command.slice(0, 120)}\` ran`,
    {
      kind: 'environment',
      transient: true,
      ...(where ? { where } : {}),
      hint: `Check that ${label} and its sshd are up; \`wpfleet resume\` continues where the run stopped.`,
    },
  );
}

function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
}

/** Turn putFile content into a stream. */
export function contentStream(content: string | Uint8Array | Readable): Readable {
  return typeof content === 'string' || content instanceof Uint8Array
    ? Readable.from([Buffer.from(content)])
    : content;
}
