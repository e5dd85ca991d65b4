// HostPool: one Transport per fleet Host for the length of a run, opened on first use and all closed at the end,
// so every site on a host shares one SSH connection (bounded channels) instead of reconnecting per command.
import { createReadStream } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Fleet } from '@wpfleet/core';
import type { Transport } from '../transport/transport.js';
import { ensureWpCli, type WpCliInstall } from '../wp-cli/wp-cli-install.js';
import { LocalTransport } from '../transport/local-transport.js';
import { SshTransport } from '../ssh/ssh-transport.js';
import { SshTransportPool } from '../ssh/ssh-transport-pool.js';
import { hostTarget, type HostTarget, type HostTargetOptions } from './host-target.js';

export interface HostPoolOptions extends HostTargetOptions {
  /** SSH_AUTH_SOCK of the operator, tried before key files. */
  agentSocket?: string | undefined;
  connectTimeoutMs?: number;
  /** Channels per SSH connection (sshd's MaxSessions default is 10). */
  maxSessions?: number;
  /** Supplies a host's Transport instead (an embedding program's own, or a scripted one in tests). */
  transportFor?: (name: string) => Transport | undefined;
}

export class HostPool {
  private readonly transports = new Map<string, Transport>();
  private readonly wpCli = new Map<string, Promise<WpCliInstall>>();
  // Two fleet Hosts naming the same endpoint (user, address, port, jumps) share one connection.
  private readonly ssh: SshTransportPool;

  constructor(
    private readonly fleet: Pick<Fleet, 'hosts'>,
    private readonly options: HostPoolOptions,
  ) {
    this.ssh = new SshTransportPool({
      agentSocket: options.agentSocket,
      connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
      maxSessions: options.maxSessions ?? 8,
    });
  }

  /** Where a host is reached; throws WPF_FLEET_INVALID for a host the fleet or ssh config cannot resolve. */
  target(name: string): HostTarget {
    return hostTarget(this.fleet, name, this.options);
  }

  /** The run's Transport for a host (created on first use; connecting happens on the first command). */
  get(name: string): Transport {
    let transport = this.transports.get(name);
    if (!transport) {
      transport = this.options.transportFor?.(name) ?? this.create(name);
      this.transports.set(name, transport);
    }
    return transport;
  }

  private create(name: string): Transport {
    const target = this.target(name);
    return target.kind === 'local'
      ? new LocalTransport({ maxConcurrency: this.options.maxSessions ?? 8 })
      : this.ssh.get(target.target);
  }

  /** Open the connection now (doctor reports host keys and auth before any command). */
  async connect(name: string): Promise<Transport> {
    const transport = this.get(name);
    if (transport instanceof SshTransport) await transport.connect();
    return transport;
  }

  /**
   * How WP-CLI starts on a host: its `wpCli` path, `wp`, or, for `wpCli: { phar }` on a host without `wp`, the
   * phar uploaded once into a private directory (removed by `close`).
   */
  async wpCommand(name: string): Promise<string[]> {
    const host = this.fleet.hosts[name];
    if (typeof host?.wpCli !== 'object') return typeof host?.wpCli === 'string' ? [host.wpCli] : ['wp'];
    let install = this.wpCli.get(name);
    if (!install) {
      const phar = host.wpCli.phar;
      const file =
        isAbsolute(phar) || this.options.baseDir === undefined ? phar : resolve(this.options.baseDir, phar);
      install = ensureWpCli(this.get(name), { phar: () => createReadStream(file) });
      install.catch(() => this.wpCli.delete(name));
      this.wpCli.set(name, install);
    }
    return [...(await install).command];
  }

  async close(): Promise<void> {
    const installs = [...this.wpCli.values()];
    this.wpCli.clear();
    await Promise.allSettled(installs.map(async (i) => (await i).dispose()));
    const all = [...this.transports.values()];
    this.transports.clear();
    await Promise.allSettled([
      ...all.filter((t) => !(t instanceof SshTransport)).map((t) => t.close()),
      this.ssh.closeAll(),
    ]);
  }
}
