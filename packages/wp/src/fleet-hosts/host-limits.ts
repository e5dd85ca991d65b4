// HostLimits: how many Sites may work on one Host at once (the host's `concurrency`, else the fleet default) and
// across the fleet, so a fan-out over hundreds of sites never floods one sshd or MariaDB.
import type { Fleet } from '@wpfleet/core';
import { SessionLimiter } from '../transport/session-limiter.js';

export interface HostLimitsOverride {
  /** Sites at once on every host, instead of the fleet's per-host values. */
  perHost?: number;
  /** Sites at once across the fleet. */
  global?: number;
}

export class HostLimits {
  private readonly perHost = new Map<string, SessionLimiter>();
  private readonly global: SessionLimiter;

  constructor(
    private readonly fleet: Pick<Fleet, 'hosts' | 'defaults'>,
    private readonly override: HostLimitsOverride = {},
  ) {
    this.global = new SessionLimiter(override.global ?? fleet.defaults.concurrency.global);
  }

  limitOf(host: string): number {
    return (
      this.override.perHost ?? this.fleet.hosts[host]?.concurrency ?? this.fleet.defaults.concurrency.perHost
    );
  }

  /** Run `work` once a slot on `host` (and a global slot) is free. */
  async run<T>(host: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let limiter = this.perHost.get(host);
    if (!limiter) {
      limiter = new SessionLimiter(this.limitOf(host));
      this.perHost.set(host, limiter);
    }
    const releaseHost = await limiter.acquire(signal);
    try {
      const releaseGlobal = await this.global.acquire(signal);
      try {
        return await work();
      } finally {
        releaseGlobal();
      }
    } finally {
      releaseHost();
    }
  }
}
