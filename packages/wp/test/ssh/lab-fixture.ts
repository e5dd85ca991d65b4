// SSH targets and transports for the lab's hosts, from @wpfleet/lab's LabState.
import { readFileSync } from 'node:fs';
import { readLabState, type LabHost, type LabState } from '@wpfleet/lab';
import { resolveSshTarget, type SshTarget } from '../../src/ssh/resolve-ssh-target.js';
import { SshTransport, type SshTransportOptions } from '../../src/ssh/ssh-transport.js';

/** The running lab's state (lab.json). */
export function loadLab(): LabState {
  return readLabState();
}

/** The target for a lab host, with the lab's key and known_hosts, not the operator's. */
export function labTarget(lab: LabState, host: LabHost, overrides: Partial<SshTarget> = {}): SshTarget {
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
export function labAliasTarget(lab: LabState, alias: string): SshTarget {
  return resolveSshTarget(alias, readFileSync(lab.sshConfig, 'utf8'), {
    home: process.env.HOME ?? '/root',
    user: 'root',
  });
}

export function labTransport(lab: LabState, host: LabHost, options: SshTransportOptions = {}): SshTransport {
  return new SshTransport(labTarget(lab, host), { connectTimeoutMs: 10_000, ...options });
}
