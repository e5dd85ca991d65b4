// What doctor, inventory and plan share: their fleet options, reading the fleet file (every problem at once),
// choosing the Sites, the run directory and the run's HostPool built from the operator's ssh config and known_hosts.
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { FleetInvalidError, WpfleetError, parseFleet, type Fleet } from '@wpfleet/core';
import { HostPool, makePrivateDir } from '@wpfleet/wp';
import type { CommandContext, OptionSpec } from '../command/command.js';

export const fleetOptions: OptionSpec[] = [
  { name: 'fleet', short: 'f', type: 'string', valueName: 'FILE', default: 'fleet.yml', description: 'The fleet file (YAML or JSON).' },
  {
    name: 'run-dir',
    type: 'string',
    valueName: 'DIR',
    description: 'Where this run keeps inventory.json and plan.json. Default: a new `.wpfleet/runs/<UTC timestamp>` (plan reuses the newest one holding an inventory of the same fleet).',
  },
  { name: 'sites', type: 'list', valueName: 'NAMES', description: 'Only these sites (comma-separated or repeated).' },
  { name: 'tags', type: 'list', valueName: 'TAGS', description: 'Only sites carrying one of these tags.' },
  { name: 'known-hosts', type: 'string', valueName: 'FILE', description: 'known_hosts file for every host (default: the host\'s `knownHostsFile`, the ssh config\'s, or ~/.ssh/known_hosts).' },
  { name: 'ssh-config', type: 'string', valueName: 'FILE', description: 'ssh config whose Host aliases, HostName, Port, User, IdentityFile and ProxyJump apply (default ~/.ssh/config).' },
];

export interface LoadedFleet {
  fleet: Fleet;
  /** Absolute path of the fleet file. */
  file: string;
}

function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.options[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Read and validate the fleet file; a broken one throws WPF_FLEET_INVALID with every problem (exit code 2). */
export function loadFleetFile(ctx: CommandContext): LoadedFleet {
  const given = stringOption(ctx, 'fleet') ?? 'fleet.yml';
  const file = resolve(ctx.cwd, given);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT';
    const reason = missing ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new WpfleetError('WPF_FLEET_NOT_FOUND', `cannot read the fleet file ${given}: ${reason}`, {
      kind: 'user',
      where: { path: file },
      hint:
        missing || code === 'EISDIR'
          ? 'pass the file itself with `--fleet FILE`, or write one with `wpfleet init` (see fixtures/fleets/demo.yml)'
          : 'check the file\'s permissions',
    });
  }
  const result = parseFleet(text, { fileName: given });
  if (!result.ok) throw new FleetInvalidError(result.problems, given);
  return { fleet: result.fleet, file };
}

/** The Sites `--sites` and `--tags` select (all when neither is given), in name order. */
export function selectSites(fleet: Fleet, ctx: CommandContext): string[] {
  const names = Object.keys(fleet.sites).sort();
  const wanted = ctx.options['sites'] as string[] | undefined;
  const tags = ctx.options['tags'] as string[] | undefined;
  if (wanted?.length) {
    const unknown = wanted.filter((n) => !fleet.sites[n]);
    if (unknown.length) {
      throw new WpfleetError('WPF_USAGE', `--sites names ${unknown.length === 1 ? 'a site' : 'sites'} the fleet file does not have: ${unknown.join(', ')}`, {
        kind: 'user',
        hint: `the fleet's sites are: ${names.join(', ')}`,
      });
    }
  }
  const selected = names.filter(
    (n) => (!wanted?.length || wanted.includes(n)) && (!tags?.length || fleet.sites[n]!.tags.some((t) => tags.includes(t))),
  );
  if (selected.length === 0) {
    throw new WpfleetError('WPF_USAGE', 'no site matches the selection', {
      kind: 'user',
      hint: `check --sites/--tags; the fleet's sites are: ${names.join(', ')}`,
    });
  }
  return selected;
}

/** The run's HostPool: one Transport per Host, honouring --ssh-config and --known-hosts. Close it when done. */
export function hostPoolFor(loaded: LoadedFleet, ctx: CommandContext): HostPool {
  const home = ctx.env['HOME'] ?? homedir();
  const sshConfigOption = stringOption(ctx, 'ssh-config');
  const sshConfigFile = sshConfigOption ? resolve(ctx.cwd, sshConfigOption) : join(home, '.ssh', 'config');
  let sshConfigText = '';
  if (sshConfigOption || existsSync(sshConfigFile)) {
    try {
      sshConfigText = readFileSync(sshConfigFile, 'utf8');
    } catch (error) {
      throw new WpfleetError('WPF_USAGE', `cannot read the ssh config ${sshConfigFile}: ${(error as Error).message}`, {
        kind: 'user',
        hint: 'check the path given to --ssh-config',
      });
    }
  }
  const knownHosts = stringOption(ctx, 'known-hosts');
  if (knownHosts && !existsSync(resolve(ctx.cwd, knownHosts))) {
    throw new WpfleetError('WPF_USAGE', `the known_hosts file ${knownHosts} does not exist`, {
      kind: 'user',
      hint: 'check the path given to --known-hosts; wpfleet never connects to a host whose key it cannot check',
    });
  }
  return new HostPool(loaded.fleet, {
    home,
    user: ctx.env['USER'] ?? userInfo().username,
    sshConfigText,
    knownHostsFile: knownHosts ? resolve(ctx.cwd, knownHosts) : undefined,
    baseDir: dirname(loaded.file),
    agentSocket: ctx.env['SSH_AUTH_SOCK'],
  });
}

const RUNS_DIR = join('.wpfleet', 'runs');

/** `--run-dir`, or a new `.wpfleet/runs/<UTC timestamp>` below the working directory; created 0700 (and its parents). */
export async function makeRunDir(ctx: CommandContext, now: Date = new Date()): Promise<string> {
  const given = stringOption(ctx, 'run-dir');
  const dir = given ? resolve(ctx.cwd, given) : join(ctx.cwd, RUNS_DIR, now.toISOString().replace(/[:.]/g, '-'));
  await makePrivateDir(dir).catch((error: NodeJS.ErrnoException) => {
    const reason = error.code === 'EEXIST' || error.code === 'ENOTDIR' ? 'it (or a directory above it) is a file' : error.message;
    throw new WpfleetError('WPF_USAGE', `cannot use ${given ? `--run-dir ${given}` : dir} as the run directory: ${reason}`, {
      kind: 'user',
      hint: given ? 'pass a directory (it is created when missing), or leave --run-dir out for a new one under .wpfleet/runs' : 'check the permissions of the working directory',
    });
  });
  return dir;
}

/** Run directories under `.wpfleet/runs`, newest first (their names are timestamps). */
export async function previousRunDirs(cwd: string): Promise<string[]> {
  const root = join(cwd, RUNS_DIR);
  const names = await readdir(root).catch(() => [] as string[]);
  return names.sort().reverse().map((n) => join(root, n));
}
