// End to end: the BUILT binary's plan and doctor on the worst fleet files the fuzz test found (an alias bomb, binary
// bytes, a directory, a `__proto__` site...): exit code 2, a WPF_* code and no stack trace, before any host is contacted.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli/run-cli.js';

const demo = readFileSync(new URL('../../../../fixtures/fleets/demo.yml', import.meta.url), 'utf8');
let work: string;

const bomb = ['version: 1', 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]']
  .concat(
    Array.from({ length: 11 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`),
  )
  .join('\n');

const files: Record<string, string | Buffer> = {
  'bomb.yml': bomb,
  'binary.yml': Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131 + 7) % 256)),
  'utf16.yml': Buffer.from(demo, 'utf16le'),
  'deep.yml': `version: 1\nhosts: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  'proto.yml': demo.replace('  acme-blog:', '  __proto__:'),
  'complex-key.yml': demo.replace('  bistro:', '  ? [bistro, b]\n  :'),
  'tagged.yml': demo.replace('hosts:', 'hosts: !!set\n'),
  'empty.yml': '',
  'newline-path.yml': demo.replace('path: /srv/www/bistro,', 'path: "/srv/www/bistro\\n/etc",'),
  'root-path.yml': demo.replace('path: /srv/www/bistro,', 'path: /,'),
  'userinfo-url.yml': demo.replace(
    'url: "http://bistro.test" }',
    'url: "http://admin:s3cr3t-pw@bistro.test" }',
  ),
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'wpf-hostile-fleet-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(work, name), content);
  mkdirSync(join(work, 'a-directory.yml'));
  // A bogus ssh config: if anything tried to connect it would fail differently, not quietly succeed.
  writeFileSync(join(work, 'ssh_config'), 'Host *\n  HostName 127.0.1.250\n  Port 1\n');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('plan and doctor on hostile fleet files, the built binary', () => {
  for (const name of [...Object.keys(files), 'a-directory.yml']) {
    it(`refuses ${name} with exit code 2, a WPF code and no stack trace`, async () => {
      // doctor shares plan's fleet loading; three spawns of it are enough to show that.
      for (const command of ['bomb.yml', 'binary.yml', 'a-directory.yml'].includes(name)
        ? ['plan', 'doctor']
        : ['plan']) {
        const started = Date.now();
        const r = await runCli([command, '--fleet', name, '--ssh-config', 'ssh_config'], {
          built: true,
          cwd: work,
          timeoutMs: 20_000,
        });
        expect(Date.now() - started, `${command} ${name}`).toBeLessThan(10_000);
        expect(r.code, `${command} ${name}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/WPF_FLEET_(INVALID|NOT_FOUND)/);
        expect(r.stderr).not.toMatch(/WPF_BUG|^\s+at .+:\d+:\d+\)?$|Warning:/m);
        expect(r.stderr).toContain('hint:');
      }
    });
  }

  it('names the fleet path of a URL with credentials and never prints the password', async () => {
    const r = await runCli(['plan', '--fleet', 'userinfo-url.yml', '--ssh-config', 'ssh_config'], {
      built: true,
      cwd: work,
      timeoutMs: 20_000,
    });
    expect(r.stderr).toContain('sites.bistro.source.url');
    expect(r.stderr).toContain('user name or password');
    expect(r.stdout + r.stderr).not.toContain('s3cr3t-pw');
  });

  it('says a directory is a directory', async () => {
    const r = await runCli(['plan', '--fleet', 'a-directory.yml'], {
      built: true,
      cwd: work,
      env: { ...process.env },
    });
    expect(r.stderr).toContain('cannot read the fleet file a-directory.yml: it is a directory');
  });
});
