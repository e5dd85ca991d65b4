// A Transport that answers argv from a script: for Doctor cases the lab cannot stage (a target MariaDB that lacks
// a collation, a full disk, a DB user without rights). Every command it was asked to run is recorded.
import type { ExecOptions, ShellResult, SpawnedCommand, Transport } from '../../src/transport/transport.js';

export type Answer = { stdout?: string; stderr?: string; exitCode?: number };

export class ScriptedTransport implements Transport {
  readonly capabilities = {
    streaming: false,
    putFile: false,
    hostToHost: false,
    isLocal: false,
    maxConcurrency: 8,
  };
  readonly commands: string[][] = [];

  constructor(
    readonly label: string,
    private readonly answer: (argv: readonly string[], stdin: string) => Answer | undefined,
  ) {}

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ShellResult> {
    this.commands.push([...argv]);
    const stdin = typeof options.stdin === 'string' ? options.stdin : '';
    const a = this.answer(argv, stdin) ?? {
      exitCode: 127,
      stderr: `scripted: no answer for ${argv.join(' ')}\n`,
    };
    const exitCode = a.exitCode ?? 0;
    return {
      command: argv.join(' '),
      exitCode,
      stdout: a.stdout ?? '',
      stderr: a.stderr ?? '',
      failed: exitCode !== 0,
      timedOut: false,
      isCanceled: false,
      durationMs: 1,
    };
  }

  spawn(): SpawnedCommand {
    throw new Error('not scripted');
  }
  async putFile(_path: string, _content: string | Uint8Array | NodeJS.ReadableStream): Promise<void> {
    throw new Error('not scripted');
  }
  async removeFile(_path: string): Promise<void> {
    throw new Error('not scripted');
  }
  async makePrivateDir(): Promise<string> {
    throw new Error('not scripted');
  }
  async close(): Promise<void> {}
}
