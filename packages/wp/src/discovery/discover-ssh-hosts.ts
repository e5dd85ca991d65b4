// Candidate hosts for the wizard: the concrete `Host` entries of ~/.ssh/config and the plain (unhashed) names
// in known_hosts. Pure: file contents in, candidates out.
import SSHConfig from 'ssh-config';

export interface HostCandidate {
  /** The alias or name the user knows the host by. */
  name: string;
  from: 'ssh-config' | 'known-hosts';
  hostName?: string;
  port?: number;
  user?: string;
}

function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function discoverSshHosts(sshConfigText: string, knownHostsText: string): HostCandidate[] {
  const candidates = new Map<string, HostCandidate>();
  const config = SSHConfig.parse(sshConfigText);
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || String(line.param).toLowerCase() !== 'host') continue;
    const patterns = Array.isArray(line.value)
      ? line.value.map((v) => String(typeof v === 'object' && v && 'val' in v ? v.val : v))
      : String(line.value).split(/\s+/);
    for (const alias of patterns) {
      if (/[*?!]/.test(alias) || candidates.has(alias)) continue;
      const computed = config.compute(alias) as Record<string, unknown>;
      const hostName = first(computed.HostName ?? computed.hostname);
      const port = first(computed.Port ?? computed.port);
      const user = first(computed.User ?? computed.user);
      candidates.set(alias, {
        name: alias,
        from: 'ssh-config',
        ...(hostName ? { hostName } : {}),
        ...(port ? { port: Number(port) } : {}),
        ...(user ? { user } : {}),
      });
    }
  }
  for (const raw of knownHostsText.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('|') || line.startsWith('@')) continue;
    for (const name of (line.split(/\s+/)[0] ?? '').split(',')) {
      const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(name);
      const host = bracketed ? bracketed[1]! : name;
      const port = bracketed ? Number(bracketed[2]) : undefined;
      const key = port ? `${host}:${port}` : host;
      if (
        !host ||
        /[*?!]/.test(host) ||
        candidates.has(key) ||
        [...candidates.values()].some((c) => c.hostName === host && (c.port ?? 22) === (port ?? 22))
      ) {
        continue;
      }
      candidates.set(key, { name: key, from: 'known-hosts', hostName: host, ...(port ? { port } : {}) });
    }
  }
  return [...candidates.values()];
}
