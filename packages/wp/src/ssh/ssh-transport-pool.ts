// One SshTransport (so one connection and one session bound) per Host, shared by every Site and Step
// that talks to it; `closeAll` at the end of a run.
import type { SshTarget } from './resolve-ssh-target.js';
import { SshTransport, type SshTransportOptions } from './ssh-transport.js';

function keyOf(target: SshTarget): string {
  const via = target.jumps.map((j) => `${j.user}@${j.host}:${j.port}`).join('>');
  return `${via}>${target.user}@${target.host}:${target.port}`;
}

export class SshTransportPool {
  private readonly transports = new Map<string, SshTransport>();

  constructor(private readonly options: SshTransportOptions = {}) {}

  /** The shared transport for this target (same user, address, port and jump chain). */
  get(target: SshTarget): SshTransport {
    const key = keyOf(target);
    let transport = this.transports.get(key);
    if (!transport) {
      transport = new SshTransport(target, this.options);
      this.transports.set(key, transport);
    }
    return transport;
  }

  async closeAll(): Promise<void> {
    const all = [...this.transports.values()];
    this.transports.clear();
    await Promise.all(all.map((t) => t.close()));
  }
}
