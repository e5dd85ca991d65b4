// Which step attempts are running, and the latest context of every step that ran: what the Runner needs to tie
// an error no step awaited (StrayErrors) to the step that caused it, or to warn every running step when it cannot.
import { WpfleetError } from '../errors/wpfleet-error.js';
import type { StepContext } from './step-handler.js';
import type { StepKind } from './step-kind.js';
import type { StrayErrors } from './stray-errors.js';

type StepKey = `${string}\0${StepKind}`;

export class StepWatch {
  // Each running attempt with a way to fail it from outside its own promise chain.
  readonly #running = new Map<StepKey, (error: unknown) => void>();
  readonly #contexts = new Map<StepKey, Pick<StepContext, 'finding'>>();

  /**
   * Runs one attempt of a step so that a stray error tied to it fails it. `handler` is the attempt itself, with
   * `strayErrors` (when given) carrying its scope into whatever it starts.
   */
  async watch<T>(
    context: StepContext,
    strayErrors: StrayErrors | undefined,
    handler: () => Promise<T>,
  ): Promise<T> {
    const key: StepKey = `${context.site.name}\0${context.step}`;
    this.#contexts.set(key, context);
    const stray = new Promise<never>((_, reject) => this.#running.set(key, reject));
    const scope = { site: context.site.name, step: context.step };
    return Promise.race([strayErrors ? strayErrors.run(scope, handler) : handler(), stray]).finally(() =>
      this.#running.delete(key),
    );
  }

  /** Listens for stray errors for the rest of the run; returns the unsubscribe. */
  subscribe(strayErrors: StrayErrors | undefined): (() => void) | undefined {
    return strayErrors?.subscribe((error, scope) => {
      const message = error instanceof Error ? error.message : String(error);
      const key: StepKey | undefined = scope && `${scope.site}\0${scope.step}`;
      const fail = key && this.#running.get(key);
      if (scope && fail) {
        fail(
          new WpfleetError(
            'WPF_STRAY_ERROR',
            `an error no code of the ${scope.step} step handled: ${message}`,
            {
              kind: 'bug',
              where: { site: scope.site, step: scope.step },
              hint: 'the step was failed and the other sites carried on; please report this with the run directory',
              cause: error,
            },
          ),
        );
        return;
      }
      const finished = key && this.#contexts.get(key);
      if (finished) {
        finished.finding({
          severity: 'warning',
          code: 'stray-error',
          message: `an error raised after the step had finished: ${message}`,
        });
        return;
      }
      // No scope: every step running now gets a warning, since one of them may be the cause; none is failed on a guess.
      for (const other of this.#running.keys())
        this.#contexts.get(other)?.finding({
          severity: 'warning',
          code: 'stray-error',
          message: `an error no step handled: ${message}`,
        });
    });
  }
}
