// The StrayErrors port: errors no step awaited (an 'error' event nobody listens to on a socket or stream a step
// made, a promise rejected and never awaited) reach the Runner as values tied to the step that caused them, so
// they fail that one step instead of ending the process and every other site with it (issue 13).
import type { StepKind } from './step-kind.js';

export interface StepScope {
  site: string;
  step: StepKind;
}

export interface StrayErrors {
  /** Runs a step so that stray errors raised from anything it starts carry its scope. */
  run<T>(scope: StepScope, fn: () => Promise<T>): Promise<T>;
  /** Listens for stray errors during a run; `scope` is absent when no step's doing could be told. Returns the unsubscribe. */
  subscribe(listener: (error: unknown, scope: StepScope | undefined) => void): () => void;
}
