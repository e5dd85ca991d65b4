// Quoting is the only place argv becomes a shell string; a real `sh` must read every value back verbatim.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quoteArg, quoteArgv, remoteCommandLine } from '../../src/transport/quote-argv.js';
import { HOSTILE_ARGS } from './transport-contract.js';

function throughShell(line: string): string {
  return execFileSync('sh', ['-c', line], { encoding: 'utf8' });
}

describe('quoteArgv', () => {
  it('leaves plain words readable', () => {
    expect(quoteArgv(['wp', 'option', 'get', 'siteurl', '--path=/var/www/a'])).toBe(
      'wp option get siteurl --path=/var/www/a',
    );
  });

  it('quotes spaces, quotes, substitutions, separators and newlines', () => {
    expect(quoteArg('two words')).toBe("'two words'");
    expect(quoteArg("it's")).toBe("'it'\\''s'");
    expect(quoteArg('$(id)')).toBe("'$(id)'");
    expect(quoteArg('`id`')).toBe("'`id`'");
    expect(quoteArg('a;b|c&d')).toBe("'a;b|c&d'");
    expect(quoteArg('a\nb')).toBe("'a\nb'");
    expect(quoteArg('')).toBe("''");
    expect(quoteArg('日本')).toBe("'日本'");
  });

  it('keeps a leading dash as the same word (the caller adds `--` so the tool reads it as a value)', () => {
    expect(quoteArg('-rf')).toBe('-rf');
    const dir = mkdtempSync(join(tmpdir(), 'wpfleet-quote-'));
    try {
      writeFileSync(join(dir, '-rf'), 'kept');
      // Without `--`, cat would parse -rf as options; with it, -rf is the file name.
      expect(throughShell(`cd ${quoteArg(dir)} && ${quoteArgv(['cat', '--', '-rf'])}`)).toBe('kept');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands every hostile argument to a real shell verbatim, one word each', () => {
    for (const arg of HOSTILE_ARGS) {
      expect(throughShell(quoteArgv(['printf', '%s\\n', arg]))).toBe(`${arg}\n`);
    }
    expect(throughShell(quoteArgv(['printf', '<%s>', ...HOSTILE_ARGS]))).toBe(
      HOSTILE_ARGS.map((a) => `<${a}>`).join(''),
    );
  });

  it('refuses an empty argv', () => {
    expect(() => quoteArgv([])).toThrow(/empty argv/);
  });
});

describe('remoteCommandLine', () => {
  it('changes directory and sets environment values without letting them run code', () => {
    const line = remoteCommandLine(['sh', '-c', 'pwd; printf %s "$X"'], {
      cwd: '/tmp',
      env: { X: '$(id) `id` ;' },
    });
    expect(throughShell(line)).toBe('/tmp\n$(id) `id` ;');
  });

  it('refuses an environment name that would need quoting', () => {
    expect(() => remoteCommandLine(['true'], { env: { 'A B': 'x' } })).toThrow(
      /invalid environment variable name/,
    );
  });
});
