// Connects to a host the way the wizard and `init --yes` both need: read the presented host key, check it
// against known_hosts, and only when the user explicitly trusts an unknown key (a prompt, or its fingerprint
// passed with --trust-host-key) add it. A changed key is always an error.
import { readFile } from 'node:fs/promises';
import { WpfleetError } from '@wpfleet/core';
import {
  SshTransport,
  parseKnownHosts,
  resolveSshTarget,
  scanHostKey,
  trustHostKey,
  verifyHostKey,
  type ScannedHostKey,
  type SshResolveEnv,
  type SshTarget,
} from '@wpfleet/wp';
import type { InitHost } from './init-answers.js';

export interface ConnectHostOptions {
  knownHosts: string;
  sshConfigText: string;
  env: SshResolveEnv;
  /** Asked when the key is unknown; true adds it to known_hosts. */
  trust(scanned: ScannedHostKey): Promise<boolean>;
}

function sshTargetFor(
  host: InitHost,
  options: Pick<ConnectHostOptions, 'knownHosts' | 'sshConfigText' | 'env'>,
): SshTarget {
  const resolved = host.sshAlias
    ? resolveSshTarget(host.sshAlias, options.sshConfigText, options.env)
    : resolveSshTarget(
        `${host.user ? `${host.user}@` : ''}${host.address.includes(':') ? `[${host.address}]` : host.address}${host.port ? `:${host.port}` : ''}`,
        '',
        options.env,
      );
  return {
    ...resolved,
    ...(host.identityFile ? { identityFiles: [host.identityFile] } : {}),
    knownHostsFiles: [options.knownHosts],
  };
}

export async function connectHost(host: InitHost, options: ConnectHostOptions): Promise<SshTransport> {
  const target = sshTargetFor(host, options);
  if (target.jumps.length === 0) {
    const scanned = await scanHostKey(target.host, target.port);
    const known = await readFile(options.knownHosts, 'utf8').catch(() => '');
    const verdict = verifyHostKey(parseKnownHosts(known), target.host, target.port, scanned.key);
    if (verdict.status === 'unknown') {
      if (!(await options.trust(scanned))) {
        throw new WpfleetError(
          'WPF_HOST_KEY_UNKNOWN',
          `the host key of ${target.host}:${target.port} (${scanned.type} ${scanned.fingerprint}) was not trusted`,
          {
            kind: 'user',
            where: { host: host.name },
            hint: `Verify the fingerprint with the host's administrator, then answer yes, or pass --trust-host-key ${scanned.fingerprint}.`,
          },
        );
      }
      await trustHostKey(options.knownHosts, target.host, target.port, scanned.key);
    }
    // A changed or revoked key falls through: SshTransport refuses it with the full warning.
  }
  const transport = new SshTransport(target);
  await transport.exec(['true'], { timeoutMs: 20_000, where: { host: host.name } });
  return transport;
}
