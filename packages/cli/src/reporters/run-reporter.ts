// What every wpfleet reporter is: a RunEventListener (pass it straight to the Runner) that can also be closed.
import type { RunEventListener } from '@wpfleet/core';

export type RunReporter = RunEventListener & {
  /** Stops timers and leaves the terminal clean. Idempotent; called for you on `run-finished`. */
  close(): void;
};

export function toRunReporter(listener: RunEventListener, close: () => void = () => {}): RunReporter {
  return Object.assign(listener, { close });
}
