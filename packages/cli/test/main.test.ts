import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli/run-cli.js';

function run(argv: string[]) {
  return runCli(argv, { env: {} });
}

describe('wpfleet entry', () => {
  it('prints its version from the package manifest', async () => {
    const { code, stdout: out } = await run(['--version']);
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('lists commands in --help', async () => {
    const { code, stdout: out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: wpfleet <command>');
  });

  it('refuses an unknown command with a usage exit code and a hint', async () => {
    const { code, stderr: err } = await run(['no-such-command']);
    expect(code).toBe(2);
    expect(err).toContain("unknown command 'no-such-command'");
    expect(err).toContain('wpfleet --help');
  });

  it('shows escape sequences in a mistyped command as visible text, not as terminal commands', async () => {
    const { code, stderr: err } = await run(['\u001b]0;owned\u0007\u001b[2J\u009b1A']);
    expect(code).toBe(2);
    expect(err).toContain("unknown command '\\u001b]0;owned\\u0007\\u001b[2J\\u009b1A'");
    // eslint-disable-next-line no-control-regex
    expect(err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('hides the password of a URL in an error message', async () => {
    const { stderr: err } = await run(['https://admin:hunter2@blog.test']);
    expect(err).toContain("unknown command 'https://***@blog.test'");
    expect(err).not.toContain('hunter2');
  });

  it.each([
    ['inventory', '--per-host', '0'],
    ['inventory', '--per-host', '1.5'],
    ['plan', '--max-wave-size', '0'],
  ])('refuses %s %s %s as a usage error before touching any host', async (command, flag, value) => {
    const { code, stderr: err } = await run([command, flag, value, '--fleet', '/nonexistent/fleet.yml']);
    expect(code).toBe(2);
    expect(err).toContain(`${flag} takes a whole number of at least 1, got "${value}"`);
    expect(err).not.toContain('WPF_BUG');
  });

  it.each([['--sites'], ['--tags']])(
    'refuses %s with an empty value instead of selecting every site',
    async (flag) => {
      const { code, stderr: err } = await run(['plan', flag, '', '--fleet', '/nonexistent/fleet.yml']);
      expect(code).toBe(2);
      expect(err).toContain(`${flag} was given without a value`);
    },
  );
});
