// The error a Transport throws when a command fails, times out or is aborted. It carries the same fields as
// ShellResult (execa style) and a short and a long message; the command and outputs are already redacted.
import { WpfleetError, type WpfleetErrorOptions } from '@wpfleet/core';
import type { ShellResult } from './transport.js';

const TAIL = 2000;

function tail(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.length > TAIL ? `…${trimmed.slice(-TAIL)}` : trimmed;
}

function shortMessageOf(result: ShellResult, label: string): string {
  if (result.timedOut)
    return `Command timed out after ${result.durationMs} ms on ${label}: ${result.command}`;
  if (result.isCanceled) return `Command was canceled on ${label}: ${result.command}`;
  if (result.exitCode === null) {
    return `Command was killed${result.signal ? ` by ${result.signal}` : ''} on ${label}: ${result.command}`;
  }
  return `Command failed with exit code ${result.exitCode} on ${label}: ${result.command}`;
}

function shellErrorCode(result: ShellResult): string {
  if (result.timedOut) return 'WPF_COMMAND_TIMEOUT';
  if (result.isCanceled) return 'WPF_COMMAND_CANCELED';
  return 'WPF_COMMAND_FAILED';
}

export class ShellError extends WpfleetError implements ShellResult {
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: string | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly failed = true;
  readonly timedOut: boolean;
  readonly isCanceled: boolean;
  readonly durationMs: number;
  /** One line: what failed and where. `message` adds the tail of stderr/stdout. */
  readonly shortMessage: string;

  /** `result` must already be redacted (transports build it that way). */
  constructor(result: ShellResult, label: string, options: Partial<WpfleetErrorOptions> = {}) {
    const shortMessage = shortMessageOf(result, label);
    const details = [tail(result.stderr), tail(result.stdout)].filter((t) => t.length > 0).join('\n');
    super(shellErrorCode(result), details ? `${shortMessage}\n${details}` : shortMessage, {
      kind: options.kind ?? 'environment',
      hint:
        options.hint ??
        (result.timedOut
          ? 'The command may still be slow rather than stuck: raise the timeout or check the host load.'
          : undefined),
      where: options.where,
      cause: options.cause,
    });
    this.name = 'ShellError';
    this.shortMessage = shortMessage;
    this.command = result.command;
    this.exitCode = result.exitCode;
    this.signal = result.signal;
    this.stdout = result.stdout;
    this.stderr = result.stderr;
    this.timedOut = result.timedOut;
    this.isCanceled = result.isCanceled;
    this.durationMs = result.durationMs;
  }
}
