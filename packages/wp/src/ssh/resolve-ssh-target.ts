// Resolves a Host spec (`alias`, `user@host`, `user@host:port`) through ~/.ssh/config text into everything
// a connection needs: address, port, user, identity files, known_hosts files and ProxyJump hops. Pure.
import SSHConfig from 'ssh-config';

export interface SshTarget {
  /** The name as given (alias or host), for messages. */
  readonly alias: string;
  /** Where to connect (HostName, or the alias itself). */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Private key files, `~` expanded, in the order to try. */
  readonly identityFiles: readonly string[];
  /** known_hosts files to check the host key against, `~` expanded. */
  readonly knownHostsFiles: readonly string[];
  /** Hops to go through first, outermost first; each is verified with its own host key. */
  readonly jumps: readonly SshTarget[];
}

export interface SshResolveEnv {
  /** The operator's home directory, for `~` and the default files. */
  home: string;
  /** The local user name, the default remote user. */
  user: string;
}

const DEFAULT_IDENTITIES = ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'];
const DEFAULT_KNOWN_HOSTS = ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'];

export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return `${home}/${path.slice(2)}`;
  return path;
}

/** Split `[user@]host[:port]` (IPv6 in brackets). */
export function parseHostSpec(spec: string): { user?: string; host: string; port?: number } {
  const at = spec.lastIndexOf('@');
  const user = at >= 0 ? spec.slice(0, at) : undefined;
  const rest = at >= 0 ? spec.slice(at + 1) : spec;
  let host = rest;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2]) port = Number(bracketed[2]);
  } else {
    const colon = /^([^:]+):(\d+)$/.exec(rest);
    if (colon) {
      host = colon[1]!;
      port = Number(colon[2]);
    }
  }
  if (host === '' || /\s/.test(host)) throw new TypeError(`invalid host spec: ${JSON.stringify(spec)}`);
  if (port !== undefined && (port < 1 || port > 65535))
    throw new TypeError(`invalid port in host spec: ${spec}`);
  return { ...(user ? { user } : {}), host, ...(port !== undefined ? { port } : {}) };
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(/\s+/)).filter((v) => v.length > 0);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function resolveOne(spec: string, config: SSHConfig, env: SshResolveEnv, depth: number): SshTarget {
  if (depth > 8) throw new TypeError(`ProxyJump chain too deep (a loop?) at ${spec}`);
  const parsed = parseHostSpec(spec);
  // Match exec would run shell commands from the config file: never evaluated.
  const computed = config.compute(parsed.host, { ignoreCase: true, matchExec: false });
  const get = (name: string): string | string[] | undefined => computed[name.toLowerCase()];
  const hostName = (first(get('HostName')) ?? parsed.host).replace(/%h/g, parsed.host).replace(/%%/g, '%');
  const portText = first(get('Port'));
  const port = parsed.port ?? (portText ? Number(portText) : 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new TypeError(`invalid Port for ${spec}: ${portText}`);
  const user = parsed.user ?? first(get('User')) ?? env.user;
  const identities = list(get('IdentityFile'));
  const knownHosts = list(get('UserKnownHostsFile'));
  const proxyJump = first(get('ProxyJump'));
  const jumps =
    proxyJump && proxyJump.toLowerCase() !== 'none'
      ? proxyJump.split(',').map((hop) => resolveOne(hop.trim(), config, env, depth + 1))
      : [];
  return {
    alias: spec,
    host: hostName,
    port,
    user,
    identityFiles: (identities.length > 0 ? identities : DEFAULT_IDENTITIES).map((p) =>
      expandHome(p, env.home),
    ),
    knownHostsFiles: (knownHosts.length > 0 ? knownHosts : DEFAULT_KNOWN_HOSTS).map((p) =>
      expandHome(p, env.home),
    ),
    // A hop's own ProxyJump comes before it, so the chain is flattened outermost first.
    jumps: jumps.flatMap((hop) => [...hop.jumps, { ...hop, jumps: [] }]),
  };
}

/** Resolve a Host spec against ssh config text (empty string when there is none). */
export function resolveSshTarget(spec: string, sshConfigText: string, env: SshResolveEnv): SshTarget {
  return resolveOne(spec, SSHConfig.parse(sshConfigText), env, 0);
}
