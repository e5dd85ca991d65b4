// Reads the lab's lab.json (written by the lab bring-up) and builds transports for its hosts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSshTarget, type SshTarget } from '../../src/ssh/resolve-ssh-target.js';
import { SshTransport, type SshTransportOptions } from '../../src/ssh/ssh-transport.js';

export interface LabHost {
  name: string;
  address: string;
  sshPort: number;
  user: string;
  /** `SHA256:...` of the Host's key, as ssh-keygen -l prints it. */
  hostKeyFingerprint: string;
}

export interface LabInfo {
  clientKey: string;
  knownHosts: string;
  sshConfig: string;
  hosts: LabHost[];
  sites: Array<Record<string, unknown>>;
}

function labDir(): string {
  return process.env.WPFLEET_LAB_DIR ?? '/tmp/wpfleet-lab';
}

export function loadLab(): LabInfo {
  return JSON.parse(readFileSync(join(labDir(), 'lab.json'), 'utf8')) as LabInfo;
}

/** The target for a lab host, with the lab's key and known_hosts, not the operator's. */
export function labTarget(lab: LabInfo, host: LabHost, overrides: Partial<SshTarget> = {}): SshTarget {
  return {
    alias: host.name,
    host: host.address,
    port: host.sshPort,
    user: host.user,
    identityFiles: [lab.clientKey],
    knownHostsFiles: [lab.knownHosts],
    jumps: [],
    ...overrides,
  };
}

/** A target resolved through the lab's ssh config, as a user's `~/.ssh/config` alias would be. */
export function labAliasTarget(lab: LabInfo, alias: string): SshTarget {
  return resolveSshTarget(alias, readFileSync(lab.sshConfig, 'utf8'), {
    home: process.env.HOME ?? '/root',
    user: 'root',
  });
}

export function labTransport(lab: LabInfo, host: LabHost, options: SshTransportOptions = {}): SshTransport {
  return new SshTransport(labTarget(lab, host), { connectTimeoutMs: 10_000, ...options });
}
