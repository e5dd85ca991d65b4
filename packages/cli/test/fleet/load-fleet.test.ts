// The shared fleet handling of doctor, inventory and plan: a broken fleet file or selection is refused before any
// host is contacted, with every problem listed and the usage exit code.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRunDir } from '@wpfleet/wp';
import { runCli } from '../run-cli/run-cli.js';

const many = new URL('../../../../fixtures/fleets/many-errors.yml', import.meta.url).pathname;

function fleetFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wpfleet-load-fleet-'));
  const file = join(dir, 'fleet.yml');
  writeFileSync(file, text);
  return file;
}

// 127.0.1.99 has no sshd: if anything were contacted, the commands would report a host problem instead.
const fleet = `version: 1
hosts:
  old-1: { address: 127.0.1.99, tags: [source] }
  new-1: { address: 127.0.1.98 }
sites:
  blog:
    source: { host: old-1, path: /srv/blog, url: "http://blog.test" }
    target: { host: new-1, path: /srv/blog, url: "http://blog.test" }
    tags: [wp]
`;

describe('fleet loading for doctor, inventory and plan', () => {
  for (const command of ['doctor', 'inventory', 'plan']) {
    it(`${command} lists every problem of a malformed fleet file at once, with line numbers, and exits 2`, async () => {
      const { code, stderr: err } = await runCli([command, '--fleet', many]);
      expect(code).toBe(2);
      expect(err).toContain('WPF_FLEET_INVALID');
      const problems = err.split('\n').filter((l) => l.startsWith('  - '));
      expect(problems.length).toBeGreaterThanOrEqual(5);
      expect(err).toMatch(/many-errors\.yml:\d+:\d+ version:/);
      expect(err).toMatch(/sites\.acme-blog\.target\.db\.password: a literal DB password is not allowed/);
      expect(err).toContain('nothing was contacted or changed');
      expect(err).not.toContain('hunter2');
    });
  }

  it('accepts the committed lab fleet (fixtures/fleets/lab.yml) as a valid fleet', async () => {
    const lab = new URL('../../../../fixtures/fleets/lab.yml', import.meta.url).pathname;
    // --sites with an unknown name fails after loading: the usage error proves the file itself parsed.
    const { code, stderr: err } = await runCli(['doctor', '--fleet', lab, '--sites', 'no-such-site']);
    expect(code).toBe(2);
    expect(err).not.toContain('WPF_FLEET_INVALID');
    expect(err).toContain("the fleet's sites are: archive, blog, docs, network, news, shop");
  });

  it('says where it looked when the fleet file does not exist', async () => {
    const { code, stderr: err } = await runCli(['doctor', '--fleet', '/nonexistent/fleet.yml']);
    expect(code).toBe(2);
    expect(err).toContain('WPF_FLEET_NOT_FOUND');
    expect(err).toContain('--fleet FILE');
  });

  it('refuses --sites naming a site the fleet does not have, listing the real ones', async () => {
    const { code, stderr: err } = await runCli([
      'inventory',
      '--fleet',
      fleetFile(fleet),
      '--sites',
      'blog,shop',
    ]);
    expect(code).toBe(2);
    expect(err).toContain('does not have: shop');
    expect(err).toContain("the fleet's sites are: blog");
  });

  it('refuses a tag selection that matches no site', async () => {
    const { code, stderr: err } = await runCli(['plan', '--fleet', fleetFile(fleet), '--tags', 'shop']);
    expect(code).toBe(2);
    expect(err).toContain('no site matches the selection');
  });

  it('refuses a --known-hosts file that does not exist instead of falling back to another', async () => {
    const { code, stderr: err } = await runCli([
      'doctor',
      '--fleet',
      fleetFile(fleet),
      '--known-hosts',
      '/nonexistent/known_hosts',
    ]);
    expect(code).toBe(2);
    expect(err).toContain('/nonexistent/known_hosts does not exist');
  });

  it('refuses a malformed --map-collation before collecting anything', async () => {
    const { code, stderr: err } = await runCli([
      'plan',
      '--fleet',
      fleetFile(fleet),
      '--map-collation',
      'utf8mb4_0900_ai_ci',
    ]);
    expect(code).toBe(2);
    expect(err).toContain('--map-collation takes FROM=TO');
  });

  it('creates a new run directory, and the .wpfleet directories above it, readable by the owner only', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'wpfleet-run-dir-'));
    const dir = await makeRunDir(cwd);
    for (const d of [join(cwd, '.wpfleet'), join(cwd, '.wpfleet', 'runs'), dir])
      expect(statSync(d).mode & 0o777).toBe(0o700);
  });
});
