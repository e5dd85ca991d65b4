// A counting semaphore: at most N commands (processes or SSH channels) per Host at once, the rest wait in
// order. sshd refuses channels past MaxSessions (default 10), so an unbounded fan-out fails, not queues.

interface Waiter {
  grant: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
}

export class SessionLimiter {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  /** One abort listener per signal, however many of its commands wait (a run queues hundreds on one signal). */
  private readonly watched = new Map<AbortSignal, { waiters: number; onAbort: () => void }>();

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`max sessions must be a positive integer: ${max}`);
  }

  get running(): number {
    return this.active;
  }

  /** Wait for a slot; resolves with a release function (call it once). Rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.active < this.max) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        this.active += 1;
        resolve(this.releaser());
      };
      this.waiting.push({ grant, reject, signal });
      if (signal) this.watch(signal);
    });
  }

  private watch(signal: AbortSignal): void {
    const watched = this.watched.get(signal);
    if (watched) {
      watched.waiters += 1;
      return;
    }
    const onAbort = (): void => {
      this.watched.delete(signal);
      const reason = abortReason(signal);
      const dropped = this.waiting.filter((w) => w.signal === signal);
      this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((w) => w.signal !== signal));
      for (const w of dropped) w.reject(reason);
    };
    this.watched.set(signal, { waiters: 1, onAbort });
    signal.addEventListener('abort', onAbort, { once: true });
  }

  private unwatch(signal: AbortSignal): void {
    const watched = this.watched.get(signal);
    if (!watched || --watched.waiters > 0) return;
    signal.removeEventListener('abort', watched.onAbort);
    this.watched.delete(signal);
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      const next = this.waiting.shift();
      if (!next) return;
      if (next.signal) this.unwatch(next.signal);
      next.grant();
    };
  }
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new Error('aborted');
}
