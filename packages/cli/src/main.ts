// Dispatches argv to a command and maps every outcome to an exit code. Errors are rendered here, in one place.
import { WpfleetError } from '@wpfleet/core';
import type { CommandIo } from './argv/command.js';
import { ExitCode } from './argv/exit-code.js';
import { parseCommandArgv } from './argv/parse-argv.js';
import { renderCommandHelp, renderProgramHelp } from './argv/render-help.js';
import { commands } from './commands/registry.js';
import { renderError } from './output/render-error.js';
import { terminalIo } from './terminal/terminal-stream.js';
import { version } from './version.js';

export interface MainOptions {
  argv: string[];
  io: CommandIo;
  cwd: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
}

export async function main({ argv, io: given, cwd, env, signal }: MainOptions): Promise<number> {
  // Everything any command prints passes terminalText: no escape sequences from data, no URL credentials.
  const io = terminalIo(given);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(target ? renderCommandHelp(target) : renderProgramHelp(commands, version));
    return ExitCode.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${version}\n`);
    return ExitCode.ok;
  }
  const command = commands.find((c) => c.name === name);
  const color = io.color && !argv.includes('--no-color') && !argv.includes('--json');
  const errorIo = { ...io, color };
  if (!command) {
    renderError(
      new WpfleetError('WPF_USAGE', `unknown command '${name}'`, {
        kind: 'user',
        hint: `Run \`wpfleet --help\` to list the commands.`,
      }),
      errorIo,
      argv.includes('--json'),
    );
    return ExitCode.usage;
  }
  try {
    const parsed = parseCommandArgv(command, rest);
    if (parsed.options.help) {
      io.stdout.write(renderCommandHelp(command));
      return ExitCode.ok;
    }
    return await command.run({ ...parsed, io: errorIo, cwd, env, signal });
  } catch (error) {
    renderError(error, errorIo, argv.includes('--json'));
    return exitCodeFor(error, signal);
  }
}

function exitCodeFor(error: unknown, signal?: AbortSignal): number {
  if (signal?.aborted) return ExitCode.interrupted;
  if (!(error instanceof WpfleetError)) return ExitCode.bug;
  switch (error.kind) {
    case 'user':
      return ExitCode.usage;
    case 'policy':
      return ExitCode.policy;
    case 'environment':
      return ExitCode.environment;
    case 'bug':
      return ExitCode.bug;
  }
}
