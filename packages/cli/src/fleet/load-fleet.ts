// What doctor, inventory and plan share: their fleet options, reading the fleet file (every problem at once),
// choosing the Sites, and the HostPool built from the operator's ssh config and known_hosts (or a finished run's).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FleetInvalidError, WpfleetError, parseFleet, type Fleet } from '@wpfleet/core';
import { openFleetHosts, type HostPool, type MigrateRun } from '@wpfleet/wp';
import type { CommandContext, OptionSpec } from '../argv/command.js';

export const fleetOptions: OptionSpec[] = [
  {
    name: 'fleet',
    short: 'f',
    type: 'string',
    valueName: 'FILE',
    default: 'fleet.yml',
    description: 'The fleet file (YAML or JSON).',
  },
  {
    name: 'run-dir',
    type: 'string',
    valueName: 'DIR',
    description:
      'Where this run keeps inventory.json and plan.json. Default: a new `.wpfleet/runs/<UTC timestamp>` (plan reuses the newest one holding an inventory of the same fleet).',
  },
  {
    name: 'sites',
    type: 'list',
    valueName: 'NAMES',
    description: 'Only these sites (comma-separated or repeated).',
  },
  { name: 'tags', type: 'list', valueName: 'TAGS', description: 'Only sites carrying one of these tags.' },
  {
    name: 'known-hosts',
    type: 'string',
    valueName: 'FILE',
    description:
      "known_hosts file for every host (default: the host's `knownHostsFile`, the ssh config's, or ~/.ssh/known_hosts).",
  },
  {
    name: 'ssh-config',
    type: 'string',
    valueName: 'FILE',
    description:
      'ssh config whose Host aliases, HostName, Port, User, IdentityFile and ProxyJump apply (default ~/.ssh/config).',
  },
];

export interface LoadedFleet {
  fleet: Fleet;
  /** Absolute path of the fleet file. */
  file: string;
}

function stringOption(ctx: Pick<CommandContext, 'options'>, name: string): string | undefined {
  const value = ctx.options[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `--run-dir` as given (the run directory module resolves it against the working directory). */
export function runDirOption(ctx: Pick<CommandContext, 'options'>): string | undefined {
  return stringOption(ctx, 'run-dir');
}

/** Read and validate the fleet file; a broken one throws WPF_FLEET_INVALID with every problem (exit code 2). */
export function loadFleetFile(ctx: Pick<CommandContext, 'cwd' | 'options'>, path?: string): LoadedFleet {
  const given = path ?? stringOption(ctx, 'fleet') ?? 'fleet.yml';
  const file = resolve(ctx.cwd, given);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT';
    const reason = missing
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a directory'
        : (error as Error).message;
    throw new WpfleetError('WPF_FLEET_NOT_FOUND', `cannot read the fleet file ${given}: ${reason}`, {
      kind: 'user',
      where: { path: file },
      hint:
        missing || code === 'EISDIR'
          ? 'pass the file itself with `--fleet FILE`, or write one with `wpfleet init` (see fixtures/fleets/demo.yml)'
          : "check the file's permissions",
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
      throw new WpfleetError(
        'WPF_USAGE',
        `--sites names ${unknown.length === 1 ? 'a site' : 'sites'} the fleet file does not have: ${unknown.join(', ')}`,
        {
          kind: 'user',
          hint: `the fleet's sites are: ${names.join(', ')}`,
        },
      );
    }
  }
  const selected = names.filter(
    (n) =>
      (!wanted?.length || wanted.includes(n)) &&
      (!tags?.length || fleet.sites[n]!.tags.some((t) => tags.includes(t))),
  );
  if (selected.length === 0) {
    throw new WpfleetError('WPF_USAGE', 'no site matches the selection', {
      kind: 'user',
      hint: `check --sites/--tags; the fleet's sites are: ${names.join(', ')}`,
    });
  }
  return selected;
}

/** The fleet's HostPool for the operator: --ssh-config and --known-hosts, else their ~/.ssh. Close it when done. */
export function hostPoolFor(
  loaded: LoadedFleet,
  ctx: CommandContext,
  given: { sshConfig?: string; knownHosts?: string } = {},
): HostPool {
  return openFleetHosts(loaded.fleet, {
    fleetFile: loaded.file,
    cwd: ctx.cwd,
    env: ctx.env,
    sshConfig: given.sshConfig ?? stringOption(ctx, 'ssh-config'),
    knownHosts: given.knownHosts ?? stringOption(ctx, 'known-hosts'),
  });
}

/** `--fleet` of a command acting on a finished run (openRunFleet). */
export const runFleetOption: OptionSpec = {
  name: 'fleet',
  short: 'f',
  type: 'string',
  valueName: 'FILE',
  description: 'The fleet file (default: the one the run used).',
};

/**
 * The fleet a run used (or the one given with --fleet) and a host pool with the run's ssh config and known_hosts,
 * for commands that act on a finished run's targets (undo, cleanup).
 */
export function openRunFleet(
  ctx: CommandContext,
  run: Pick<MigrateRun, 'record'>,
): { loaded: LoadedFleet; pool: HostPool } {
  const fleetPath = resolve(ctx.cwd, stringOption(ctx, 'fleet') ?? run.record.fleet);
  if (!existsSync(fleetPath))
    throw new WpfleetError('WPF_FLEET_NOT_FOUND', `the fleet file ${fleetPath} is gone`, {
      kind: 'user',
      hint: 'pass it with --fleet',
    });
  const loaded = loadFleetFile(ctx, fleetPath);
  const { sshConfig, knownHosts } = run.record.options;
  return {
    loaded,
    pool: hostPoolFor(loaded, ctx, {
      ...(sshConfig ? { sshConfig } : {}),
      ...(knownHosts ? { knownHosts } : {}),
    }),
  };
}
