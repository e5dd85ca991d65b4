// The process-wide StrayErrors: while a run listens, Node's 'uncaughtException' and 'unhandledRejection' reach
// the Runner instead of ending the process, tagged with the step whose work raised them (AsyncLocalStorage follows
// a step into every socket, stream, timer and promise it starts).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { StepScope, StrayErrors } from '@wpfleet/core';

export function processStrayErrors(target: NodeJS.Process = process): StrayErrors {
  const scopes = new AsyncLocalStorage<StepScope>();
  return {
    run: (scope, fn) => scopes.run(scope, fn),
    subscribe(listener) {
      const onError = (error: unknown) => listener(error, scopes.getStore());
      target.on('uncaughtException', onError);
      target.on('unhandledRejection', onError);
      return () => {
        target.off('uncaughtException', onError);
        target.off('unhandledRejection', onError);
      };
    },
  };
}
