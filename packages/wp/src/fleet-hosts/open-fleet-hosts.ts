// Opens a fleet's HostPool for the operator running wpfleet: their ssh config (Host aliases, ProxyJump…), their
// known_hosts, their agent; what doctor, inventory, migrate, undo and cleanup all connect through.
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { WpfleetError, type Fleet } from '@wpfleet/core';
import type { Transport } from '../transport/transport.js';
import { HostPool } from './host-pool.js';

export interface FleetHostsOptions {
  /** Absolute path of the fleet file: relative key and phar paths in it are resolved from its directory. */
  fleetFile: string;
  /** Where relative `sshConfig` and `knownHosts` paths are resolved from. */
  cwd: string;
  /** The operator's environment: HOME, USER, SSH_AUTH_SOCK. */
  env: Readonly<Record<string, string | undefined>>;
  /** An ssh config file (default ~/.ssh/config when it exists). */
  sshConfig?: string | undefined;
  /** A known_hosts file for every host (default: the host's own, the ssh config's, or ~/.ssh/known_hosts). */
  knownHosts?: string | undefined;
  /** Supplies a host's Transport instead (an embedding program's own, or a scripted one in tests). */
  transportFor?: (name: string) => Transport | undefined;
}

/** The fleet's HostPool, one Transport per Host. Throws WPF_USAGE when the given files cannot be read. Close it. */
export function openFleetHosts(fleet: Pick<Fleet, 'hosts'>, options: FleetHostsOptions): HostPool {
  const home = options.env['HOME'] ?? homedir();
  const sshConfigFile = options.sshConfig
    ? resolve(options.cwd, options.sshConfig)
    : join(home, '.ssh', 'config');
  let sshConfigText = '';
  if (options.sshConfig || existsSync(sshConfigFile)) {
    try {
      sshConfigText = readFileSync(sshConfigFile, 'utf8');
    } catch (error) {
      throw new WpfleetError(
        'WPF_USAGE',
        `cannot read the ssh config ${sshConfigFile}: ${(error as Error).message}`,
        {
          kind: 'user',
          hint: 'check the path given to --ssh-config',
        },
      );
    }
  }
  const knownHosts = options.knownHosts;
  if (knownHosts && !existsSync(resolve(options.cwd, knownHosts))) {
    throw new WpfleetError('WPF_USAGE', `the known_hosts file ${knownHosts} does not exist`, {
      kind: 'user',
      hint: 'check the path given to --known-hosts; wpfleet never connects to a host whose key it cannot check',
    });
  }
  return new HostPool(fleet, {
    home,
    user: options.env['USER'] ?? userInfo().username,
    sshConfigText,
    knownHostsFile: knownHosts ? resolve(options.cwd, knownHosts) : undefined,
    baseDir: dirname(options.fleetFile),
    agentSocket: options.env['SSH_AUTH_SOCK'],
    ...(options.transportFor ? { transportFor: options.transportFor } : {}),
  });
}
