import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '@wpfleet/cli';

async function run(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main({
    argv,
    io: { stdout, stderr, stdin: new PassThrough(), isTTY: false, color: false },
    cwd: process.cwd(),
    env: {},
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

describe('wpfleet entry', () => {
  it('prints its version from the package manifest', async () => {
    const { code, out } = await run(['--version']);
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('lists commands in --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: wpfleet <command>');
  });

  it('refuses an unknown command with a usage exit code and a hint', async () => {
    const { code, err } = await run(['no-such-command']);
    expect(code).toBe(2);
    expect(err).toContain("unknown command 'no-such-command'");
    expect(err).toContain('wpfleet --help');
  });
});
