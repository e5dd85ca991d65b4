// The Transport port: how wpfleet runs a command on a Host (over SSH or locally) without knowing which.
// Commands travel as argv arrays and are quoted exactly once, inside the adapter; results have one shape.
import type { Readable, Writable } from 'node:stream';

/** What an adapter can do, so callers choose a strategy instead of probing (the wp-env adapter idea). */
export interface TransportCapabilities {
  /** `spawn` streams stdin/stdout with backpressure (false would mean buffered only). */
  readonly streaming: boolean;
  /** `putFile`/`removeFile` are available. */
  readonly putFile: boolean;
  /** The host can reach other hosts itself (an rsync from this host to another host is possible). */
  readonly hostToHost: boolean;
  /** Commands run on this machine (no network hop). */
  readonly isLocal: boolean;
  /** The most channels/processes this transport runs at once; the rest wait in a queue. */
  readonly maxConcurrency: number;
}

export interface ExecOptions {
  /** Bytes for the command's stdin. A stream is piped with backpressure; omitted means stdin is closed. */
  stdin?: string | Uint8Array | Readable;
  /** Kill the command after this many milliseconds; the result has `timedOut: true`. */
  timeoutMs?: number;
  /** Abort kills the command; the result has `isCanceled: true`. */
  signal?: AbortSignal;
  /** Strings that must never appear in `command`, `stderr`, messages or logs (passwords, tokens); stdout is data. */
  secrets?: readonly string[];
  /** Working directory on the host. */
  cwd?: string;
  /** Non-secret environment variables. Over SSH they are part of the remote command line (`ps` shows them), so a
   * value holding one of `secrets` is refused there. Secrets go through stdin. */
  env?: Readonly<Record<string, string>>;
  /** Default true: a non-zero exit, timeout or abort rejects with ShellError. false resolves with the result. */
  reject?: boolean;
  /** Where the command runs, for error messages. */
  where?: { host?: string; site?: string; step?: string };
}

/** The execa-like result of one command; a ShellError carries the same fields. */
export interface ShellResult {
  /** The command as it would be typed (quoted), with every secret replaced by `***`. */
  readonly command: string;
  /** null when the command was killed by a signal, a timeout or an abort before it exited. */
  readonly exitCode: number | null;
  /** The signal that ended the command, when known. */
  readonly signal?: string | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** True when exitCode !== 0, or the command timed out, was canceled or could not start. */
  readonly failed: boolean;
  readonly timedOut: boolean;
  readonly isCanceled: boolean;
  /** True when the connection to the host went away under the command (it never reported an exit status). */
  readonly connectionLost?: boolean;
  readonly durationMs: number;
}

/** A running command whose stdio is streamed. `result` collects stdout/stderr only if they are not consumed. */
export interface SpawnedCommand {
  /** Write stdin here and end it; honours backpressure (`write()` returns false, wait for 'drain'). */
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /**
   * Settles when the command ends. Its `stdout` is '' (the caller consumes the stream); `stderr` holds the
   * last 64 KiB of stderr so failures can be explained. Rejects with ShellError unless `reject: false`.
   */
  readonly result: Promise<ShellResult>;
}

export interface SpawnOptions extends Omit<ExecOptions, 'stdin'> {
  /** Optional: pipe this into stdin instead of writing to `stdin` by hand. */
  stdin?: Readable;
}

export interface PutFileOptions {
  /** Unix mode of the new file, default 0o600. */
  mode?: number;
  signal?: AbortSignal;
}

export interface Transport {
  /** A short human label, e.g. `deploy@old-1:22` or `local`. */
  readonly label: string;
  readonly capabilities: TransportCapabilities;
  /** Run argv (never a shell string) and collect its output. */
  exec(argv: readonly string[], options?: ExecOptions): Promise<ShellResult>;
  /** Run argv with streamed stdio (dumps, imports, archives): nothing is buffered whole. */
  spawn(argv: readonly string[], options?: SpawnOptions): SpawnedCommand;
  /** Write a file on the host (created with `mode`, default 0600). Missing parent directories are an error. */
  putFile(
    remotePath: string,
    content: string | Uint8Array | Readable,
    options?: PutFileOptions,
  ): Promise<void>;
  /** Remove a file or a directory tree created by wpfleet. A missing path is not an error. */
  removeFile(remotePath: string, options?: { recursive?: boolean }): Promise<void>;
  /** Create a private directory (mode 0700, `mktemp -d`) and return its path. */
  makePrivateDir(prefix?: string): Promise<string>;
  /** Close connections; running commands are killed. Idempotent. */
  close(): Promise<void>;
}
