// Admission control for sites: a site starts only when a global slot and a slot on each of its hosts (source and
// target) are free, all taken at once. Taking them together is what keeps two sites that use the same hosts in
// opposite roles from deadlocking; see docs/decisions.md ("Runner scheduling").

export interface SlotLimits {
  global: number;
  perHost: Readonly<Record<string, number>>;
  /** For hosts missing from `perHost`. */
  defaultPerHost?: number;
}

interface Waiter {
  hosts: string[];
  resolve: (release: (() => void) | undefined) => void;
}

export class SlotScheduler {
  readonly #limits: SlotLimits;
  readonly #running = new Map<string, number>();
  #global = 0;
  readonly #waiting: Waiter[] = [];

  constructor(limits: SlotLimits) {
    this.#limits = limits;
  }

  /** Resolves with a release function once the slots are taken, or with undefined if `signal` aborts first. */
  acquire(hosts: readonly string[], signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = { hosts: [...new Set(hosts)], resolve };
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) {
          this.#waiting.splice(index, 1);
          resolve(undefined);
        }
      };
      waiter.resolve = (release) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(release);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
      this.#pump();
    });
  }

  /** Sites in flight per host right now (for tests and status). */
  inFlight(host: string): number {
    return this.#running.get(host) ?? 0;
  }

  #limitOf(host: string): number {
    return Math.max(1, this.#limits.perHost[host] ?? this.#limits.defaultPerHost ?? 1);
  }

  #fits(hosts: readonly string[]): boolean {
    return (
      this.#global < Math.max(1, this.#limits.global) &&
      hosts.every((h) => (this.#running.get(h) ?? 0) < this.#limitOf(h))
    );
  }

  #pump(): void {
    // First fit in arrival order: a site waiting on a busy host does not hold up sites on free hosts.
    for (let i = 0; i < this.#waiting.length;) {
      const waiter = this.#waiting[i];
      if (waiter && this.#fits(waiter.hosts)) {
        this.#waiting.splice(i, 1);
        this.#take(waiter.hosts);
        let released = false;
        waiter.resolve(() => {
          if (released) return;
          released = true;
          this.#give(waiter.hosts);
          this.#pump();
        });
      } else {
        i++;
      }
    }
  }

  #take(hosts: readonly string[]): void {
    this.#global++;
    for (const h of hosts) this.#running.set(h, (this.#running.get(h) ?? 0) + 1);
  }

  #give(hosts: readonly string[]): void {
    this.#global--;
    for (const h of hosts) this.#running.set(h, (this.#running.get(h) ?? 1) - 1);
  }
}
