// `wpfleet <command> --help` must answer for every command, whatever it would otherwise require.
import { describe, expect, it } from 'vitest';
import { renderCommandHelp } from '../src/argv/render-help.js';
import { commands } from '../src/commands/registry.js';
import { runCli } from './run-cli/run-cli.js';

describe('help for every command', () => {
  it.each(
    commands.flatMap((c) => [
      [c.name, '--help'],
      [c.name, '-h'],
    ]),
  )('wpfleet %s %s prints the help and exits 0 even without the required arguments', async (name, flag) => {
    const { code, stdout: out, stderr: err } = await runCli([name, flag], { env: {} });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe(renderCommandHelp(commands.find((c) => c.name === name)!));
  });

  it('wpfleet undo --help prints the help though undo needs a SITE', async () => {
    const { code, stdout: out } = await runCli(['undo', '--help'], { env: {} });
    expect(code).toBe(0);
    expect(out).toContain('Usage: wpfleet undo SITE');
  });
});
