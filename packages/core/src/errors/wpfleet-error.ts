// The one error type that crosses package boundaries. Its `kind` decides how the CLI shows it and which
// exit code it maps to; its `code` (WPF_*) is listed with cause and fix in docs/errors.md.

/** user: bad input or config; environment: a host, network or tool problem; bug: wpfleet itself is wrong. */
export type ErrorKind = 'user' | 'environment' | 'policy' | 'bug';

export interface WpfleetErrorOptions {
  kind: ErrorKind;
  /** What to do next, and what that next action would touch. */
  hint?: string;
  /** Where: host / site / step, when known. */
  where?: { host?: string; site?: string; step?: string; path?: string };
  cause?: unknown;
  /** True when trying again later may succeed (a dropped connection, a lock timeout); the Runner retries only these. */
  transient?: boolean;
}

export class WpfleetError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly where: WpfleetErrorOptions['where'];
  readonly transient: boolean;

  constructor(code: string, message: string, options: WpfleetErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WpfleetError';
    this.code = code;
    this.kind = options.kind;
    this.hint = options.hint;
    this.where = options.where;
    this.transient = options.transient ?? false;
  }
}

/** Whether an error says of itself that a retry may help. Unknown errors are not transient: retrying them blindly
 * could repeat an effect. */
export function isTransientError(error: unknown): boolean {
  return error instanceof WpfleetError ? error.transient : false;
}
