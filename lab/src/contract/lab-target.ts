// Reads the running lab's lab.json and picks the Site the WP-CLI contract test replays transcripts on,
// with the OpenSSH argv that reaches its Host (the lab's ssh_config, strict host-key checking).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ContractTarget {
  siteName: string;
  sitePath: string;
  hostName: string;
  /** `ssh` arguments up to and including the destination; the remote command follows. */
  sshArgs: string[];
}

type Json = Record<string, unknown>;

function entries(value: unknown): Array<[string, Json]> {
  if (Array.isArray(value)) {
    return value.map((v, i) => {
      const o = v as Json;
      return [String(o['name'] ?? o['id'] ?? i), o];
    });
  }
  if (value && typeof value === 'object') return Object.entries(value as Record<string, Json>);
  return [];
}

function str(o: Json, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

/**
 * The contract Site: WPFLEET_CONTRACT_SITE if set, else a site named like "contract", else the first
 * single-site Site. Throws with what was found when lab.json cannot answer.
 */
export function readContractTarget(
  labDir: string,
  wanted = process.env['WPFLEET_CONTRACT_SITE'],
): ContractTarget {
  const file = join(labDir, 'lab.json');
  if (!existsSync(file)) throw new Error(`${file} does not exist: is the lab up?`);
  const lab = JSON.parse(readFileSync(file, 'utf8')) as Json;
  const sites = entries(lab['sites']);
  const hosts = new Map(entries(lab['hosts']));
  const pick =
    (wanted ? sites.find(([n]) => n === wanted) : undefined) ??
    sites.find(([n]) => /contract/i.test(n)) ??
    sites.find(([, s]) => !s['multisite'] && !s['network']) ??
    sites[0];
  if (!pick) throw new Error(`${file} lists no sites`);
  const [siteName, site] = pick;
  const sitePath = str(site, 'path', 'root', 'dir');
  const hostName = str(site, 'host', 'hostName', 'hostId');
  if (!sitePath || !hostName) throw new Error(`site ${siteName} in ${file} has no path or host`);
  const host = hosts.get(hostName);
  if (!host) throw new Error(`site ${siteName} names host ${hostName}, which ${file} does not list`);

  const sshConfig = str(lab, 'sshConfig', 'ssh_config', 'sshConfigPath');
  const strict = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes'];
  if (sshConfig && existsSync(sshConfig)) {
    return {
      siteName,
      sitePath,
      hostName,
      sshArgs: ['-F', sshConfig, ...strict, str(host, 'alias', 'sshAlias') ?? hostName],
    };
  }
  const address = str(host, 'address', 'ip');
  const port = str(host, 'sshPort', 'port');
  const user = str(host, 'user', 'sshUser') ?? 'root';
  const knownHosts = str(lab, 'knownHosts', 'known_hosts', 'knownHostsPath');
  const key = str(lab, 'clientKey', 'client_key', 'identityFile');
  if (!address || !knownHosts || !key)
    throw new Error(`${file} gives neither an ssh_config nor address, known_hosts and client key`);
  return {
    siteName,
    sitePath,
    hostName,
    sshArgs: [
      '-F',
      '/dev/null',
      ...strict,
      '-o',
      `UserKnownHostsFile=${knownHosts}`,
      '-o',
      'IdentitiesOnly=yes',
      '-i',
      key,
      ...(port ? ['-p', port] : []),
      `${user}@${address}`,
    ],
  };
}

/** POSIX single-quoting, applied once at the transport edge. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
