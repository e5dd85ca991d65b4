// The shape of a wpfleet command. Options are data, so --help, argv parsing and docs/cli.md all come from
// the same definitions.

type OptionType = 'string' | 'boolean' | 'number' | 'list';

export interface OptionSpec {
  /** Long name without dashes, kebab-case: `run-dir`. */
  name: string;
  short?: string;
  type: OptionType;
  description: string;
  default?: string | boolean | number;
  /** Shown as `--name VALUE`. */
  valueName?: string;
  /** For `list`: split each value on commas (default true). Off for values that may hold commas themselves. */
  splitCommas?: boolean;
  /** For `number`: the smallest whole number accepted (counts such as --per-host need at least 1). */
  min?: number;
}

interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
  variadic?: boolean;
}

/** What a command receives. Output goes through `io`, never straight to process.stdout. */
export interface CommandContext {
  args: string[];
  options: Record<string, string | boolean | number | string[] | undefined>;
  io: CommandIo;
  cwd: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
}

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  isTTY: boolean;
  color: boolean;
}

export interface Command {
  name: string;
  summary: string;
  description?: string;
  positionals?: PositionalSpec[];
  options: OptionSpec[];
  examples: string[];
  /** Returns the process exit code (see ExitCode). */
  run(ctx: CommandContext): Promise<number>;
}

export function defineCommand(command: Command): Command {
  return command;
}
