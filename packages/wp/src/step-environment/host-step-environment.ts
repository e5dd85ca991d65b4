// Builds the StepEnvironment of a run from its HostPool: each fleet Host becomes a StepHost with its Transport,
// its address (HTTP checks pin to it), how other hosts reach it over SSH, and how WP-CLI starts on it: the pool's
// `wpCommand`, as for doctor and inventory, so a fleet's `wpCli: { phar }` is uploaded for the run and removed by
// `pool.close()`.
import { readFileSync } from 'node:fs';
import type { Fleet } from '@wpfleet/core';
import type { HostPool } from '../fleet-hosts/host-pool.js';
import { entryMatchesHost, parseKnownHosts } from '../ssh/known-hosts.js';
import type { StepEnvironment, StepHost } from './step-environment.js';

/**
 * The known_hosts lines that name this host, so a host-to-host rsync checks the same key the controller did, and
 * every `@revoked` line: the controller refuses a revoked key for any host, so must the target's ssh.
 */
export function knownHostsLinesFor(files: readonly string[], host: string, port: number): string[] {
  const lines: string[] = [];
  let named = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      const [entry] = parseKnownHosts(line);
      if (!entry) continue;
      if (entry.marker === undefined && entryMatchesHost(entry, host, port)) {
        named++;
        lines.push(line.trim());
      } else if (entry.marker === 'revoked') {
        // OpenSSH applies a revocation only to the names on its line; wpfleet refuses a revoked key for any host.
        lines.push(`@revoked * ${entry.keyType} ${entry.keyBase64}`);
      }
    }
  }
  return named > 0 ? lines : [];
}

export function hostStepEnvironment(
  pool: HostPool,
  fleet: Pick<Fleet, 'hosts'>,
  options: Omit<StepEnvironment, 'host'> = {},
): StepEnvironment {
  const hosts = new Map<string, StepHost>();
  return {
    ...options,
    host: async (name) => {
      let host = hosts.get(name);
      if (!host) {
        const target = pool.target(name);
        const fleetHost = fleet.hosts[name];
        if (target.kind === 'local') {
          host = {
            name,
            transport: pool.get(name),
            address: fleetHost?.address ?? '127.0.0.1',
            wpCommand: await pool.wpCommand(name),
          };
        } else {
          const t = target.target;
          const knownHostsLines =
            t.jumps.length === 0 ? knownHostsLinesFor(t.knownHostsFiles, t.host, t.port) : [];
          host = {
            name,
            transport: pool.get(name),
            address: t.host,
            // Host to host needs a direct route and a key the controller verified; otherwise files are relayed.
            ssh:
              knownHostsLines.length > 0
                ? { address: t.host, port: t.port, user: t.user, knownHostsLines }
                : undefined,
            wpCommand: await pool.wpCommand(name),
          };
        }
        hosts.set(name, host);
      }
      return host;
    },
  };
}
