// One way to run the lab's provisioning commands: argv arrays, failures carry the command and its stderr.
import { execa, type Options } from 'execa';

export async function run(command: string, args: string[], options: Options = {}): Promise<string> {
  const result = await execa(command, args, { reject: false, ...options, encoding: 'utf8' });
  if (result.exitCode !== 0) {
    const out = `${String(result.stderr ?? '')}\n${String(result.stdout ?? '')}`.trim().slice(-2000);
    throw new Error(`lab: \`${command} ${args.join(' ')}\` exited ${result.exitCode}: ${out}`);
  }
  return String(result.stdout ?? '');
}
