// Classifies what a step threw: dropped connections, timeouts and lock waits become transient WpfleetErrors (the
// Runner retries only those); everything else keeps its code and stays permanent. Aborts pass through untouched.
import { WpfleetError } from '@wpfleet/core';

const TRANSIENT_CODES = new Set(['WPF_HOST_UNREACHABLE', 'WPF_COMMAND_TIMEOUT', 'WPF_SSH_DISCONNECTED']);
const TRANSIENT_TEXT =
  /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|Connection (?:lost|reset|closed)|connection to \S+ was lost|Not connected|No response from server|Lost connection to (?:MySQL|MariaDB|server)|server has gone away|Lock wait timeout|Deadlock found|Can't connect to (?:local )?(?:MySQL|MariaDB) server/i;

interface ShellLike {
  exitCode?: number | null;
  isCanceled?: boolean;
  timedOut?: boolean;
  stderr?: string;
}

/** What a failure says: its message and, for a command, its stderr (where the host's own words are). */
export function failureText(error: unknown): string {
  const e = error as { message?: string; stderr?: string } | null | undefined;
  return `${e?.message ?? ''}\n${e?.stderr ?? ''}`;
}

export function isTransientFailure(error: unknown): boolean {
  if (error instanceof WpfleetError && error.transient) return true;
  const e = error as ShellLike & { code?: string };
  if (e?.isCanceled) return false;
  if (typeof e?.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  if (e?.timedOut) return true;
  // Killed without an exit code and not by us: the channel went away under the command.
  if (e && 'exitCode' in e && e.exitCode === null) return true;
  return TRANSIENT_TEXT.test(failureText(error));
}

export function asStepError(error: unknown, where: { host?: string; site?: string; step?: string }): Error {
  if (error instanceof Error && error.name === 'AbortError') return error;
  const transient = isTransientFailure(error);
  if (error instanceof WpfleetError) {
    if (error.transient === transient) return error;
    return new WpfleetError(error.code, error.message, {
      kind: error.kind,
      hint: error.hint,
      where: error.where ?? where,
      cause: error,
      transient,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new WpfleetError(transient ? 'WPF_STEP_TRANSIENT' : 'WPF_STEP_FAILED', message, {
    kind: transient ? 'environment' : 'bug',
    where,
    cause: error,
    transient,
  });
}
