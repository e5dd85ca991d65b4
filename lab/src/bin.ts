// `pnpm lab up [--size small|large] [--topology NAME] | down | status [--json] | fleet FILE [--global N] [--per-host N]`
import { writeLabFleet } from './fleet/lab-fleet.js';
import { labDown } from './lab-down.js';
import { defaultLabDir } from './lab-paths.js';
import { readLabState } from './lab-state.js';
import { labStatus } from './lab-status.js';
import { labUp } from './lab-up.js';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  const [command] = args;
  const dir = defaultLabDir();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  switch (command) {
    case 'up': {
      const size = flag(args, '--size') ?? 'small';
      if (size !== 'small' && size !== 'large') throw new Error(`--size must be small or large, not ${size}`);
      const state = await labUp({ dir, size, topology: flag(args, '--topology') ?? 'default', log });
      for (const h of state.hosts)
        log(
          `  ${h.name.padEnd(6)} ${h.role.padEnd(6)} ${h.user}@${h.address}:${h.sshPort}  db :${h.dbPort}  http :${h.httpPort}`,
        );
      for (const s of state.sites) log(`  ${s.name.padEnd(8)} on ${s.host}  ${s.url}  ${s.path}`);
      return 0;
    }
    case 'down':
      await labDown({ dir });
      log(`lab: down (${dir} removed)`);
      return 0;
    case 'status': {
      const status = await labStatus(dir);
      if (args.includes('--json'))
        process.stdout.write(JSON.stringify({ healthy: status.healthy, problems: status.problems }) + '\n');
      else
        log(status.healthy ? `lab: healthy (${dir})` : `lab: not healthy\n  ${status.problems.join('\n  ')}`);
      return status.healthy ? 0 : 1;
    }
    case 'fleet': {
      // The running lab's fleet file, for the demo and for trying wpfleet by hand.
      const file = args[1];
      if (!file || file.startsWith('--'))
        throw new Error('usage: pnpm lab fleet FILE [--global N] [--per-host N]');
      const global = flag(args, '--global');
      const perHost = flag(args, '--per-host');
      const concurrency = {
        ...(global ? { global: Number(global) } : {}),
        ...(perHost ? { perHost: Number(perHost) } : {}),
      };
      writeLabFleet(
        file,
        readLabState(dir),
        Object.keys(concurrency).length ? { defaults: { concurrency } } : {},
      );
      log(`lab: fleet file written to ${file}`);
      return 0;
    }
    default:
      log(
        'usage: pnpm lab up [--size small|large] [--topology NAME] | down | status [--json] | fleet FILE [--global N] [--per-host N]',
      );
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
