// Promise.all for a step's concurrent remote work: the first failure aborts the others' signal, so their remote
// commands are killed instead of running to completion before the step can report.

/** Resolves like Promise.all; at the first rejection aborts `stop` (with that error) and rejects with it. */
export function allOrAbort<T extends readonly unknown[]>(
  stop: AbortController,
  work: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const watched = (work as readonly Promise<unknown>[]).map((p) =>
    p.catch((error: unknown) => {
      if (!stop.signal.aborted) stop.abort(error);
      throw error;
    }),
  );
  return Promise.all(watched) as Promise<unknown> as Promise<T>;
}
