// Turns a fleet Host into what a connection needs: an SshTarget (ssh-config alias, ProxyJump through another fleet
// Host or a `user@host:port` spec, known_hosts precedence) or a local marker. Pure: the caller reads the files.
import { WpfleetError, type Fleet, type FleetHost } from '@wpfleet/core';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import {
  expandHome,
  resolveSshTarget,
  type SshResolveEnv,
  type SshTarget,
} from '../ssh/resolve-ssh-target.js';

export interface HostTargetOptions extends SshResolveEnv {
  /** ~/.ssh/config text (or the `--ssh-config` file's); '' when there is none. */
  sshConfigText: string;
  /** `--known-hosts`: wins over the fleet host's `knownHostsFile`, ssh config and the defaults. */
  knownHostsFile?: string | undefined;
  /** Relative `identityFile`/`knownHostsFile` paths in the fleet file are relative to its directory. */
  baseDir?: string | undefined;
}

export type HostTarget = { kind: 'local'; name: string } | { kind: 'ssh'; name: string; target: SshTarget };

/** Hosts named `localhost` (without an alias) or with `transport: local` run on the controller itself. */
function isLocalHost(host: FleetHost): boolean {
  return (
    host.transport === 'local' ||
    (host.sshAlias === undefined && host.address === 'localhost' && host.port === undefined)
  );
}

export function hostTarget(
  fleet: Pick<Fleet, 'hosts'>,
  name: string,
  options: HostTargetOptions,
): HostTarget {
  return resolve(fleet, name, options, []);
}

function resolve(
  fleet: Pick<Fleet, 'hosts'>,
  name: string,
  options: HostTargetOptions,
  seen: string[],
): HostTarget {
  const host = fleet.hosts[name];
  if (!host) {
    throw new WpfleetError('WPF_FLEET_INVALID', `host ${name} is not in the fleet file`, {
      kind: 'user',
      where: { host: name },
    });
  }
  if (isLocalHost(host)) return { kind: 'local', name };
  if (seen.includes(name)) {
    throw new WpfleetError('WPF_FLEET_INVALID', `proxyJump loops: ${[...seen, name].join(' -> ')}`, {
      kind: 'user',
      where: { host: name },
      hint: 'make the chain of `proxyJump` hosts end at a host without one',
    });
  }
  const spec = host.sshAlias ?? host.address!;
  let target: SshTarget;
  try {
    target = resolveSshTarget(spec, options.sshConfigText, options);
  } catch (error) {
    throw new WpfleetError('WPF_FLEET_INVALID', `host ${name}: ${(error as Error).message}`, {
      kind: 'user',
      where: { host: name },
      hint: 'check `address`/`sshAlias` in the fleet file and the matching `Host` entry in the ssh config',
    });
  }
  let jumps = target.jumps;
  if (host.proxyJump !== undefined) {
    const hop = fleet.hosts[host.proxyJump]
      ? resolve(fleet, host.proxyJump, options, [...seen, name])
      : {
          kind: 'ssh' as const,
          name: host.proxyJump,
          target: resolveSshTarget(host.proxyJump, options.sshConfigText, options),
        };
    if (hop.kind === 'local') {
      throw new WpfleetError(
        'WPF_FLEET_INVALID',
        `host ${name} jumps through ${host.proxyJump}, which is local`,
        {
          kind: 'user',
          where: { host: name },
          hint: 'a jump host must be reached over SSH; remove `proxyJump` or name an SSH host',
        },
      );
    }
    jumps = [...hop.target.jumps, { ...hop.target, jumps: [] }];
  }
  const file = (path: string): string => {
    const expanded = expandHome(path, options.home);
    return isAbsolute(expanded) || options.baseDir === undefined
      ? expanded
      : resolvePath(options.baseDir, expanded);
  };
  const knownHostsFile =
    options.knownHostsFile ?? (host.knownHostsFile === undefined ? undefined : file(host.knownHostsFile));
  const withKnownHosts = (t: SshTarget): SshTarget =>
    knownHostsFile === undefined ? t : { ...t, knownHostsFiles: [knownHostsFile] };
  return {
    kind: 'ssh',
    name,
    target: withKnownHosts({
      ...target,
      alias: name,
      // With an alias, the fleet's own values win over the ssh config's, address included.
      ...(host.sshAlias !== undefined && host.address !== undefined ? { host: host.address } : {}),
      ...(host.port !== undefined ? { port: host.port } : {}),
      ...(host.user !== undefined ? { user: host.user } : {}),
      ...(host.identityFile !== undefined ? { identityFiles: [file(host.identityFile)] } : {}),
      jumps: jumps.map(withKnownHosts),
    }),
  };
}
