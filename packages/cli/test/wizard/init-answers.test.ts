import { describe, expect, it } from 'vitest';
import { parseFleet } from '@wpfleet/core';
import { runCli } from '../run-cli/run-cli.js';
import {
  initArgv,
  parseHostSpec,
  parseSiteSpec,
  siteNameFromUrl,
  type InitAnswers,
} from '../../src/wizard/init-answers.js';
import { renderFleetYaml } from '../../src/wizard/render-fleet-yaml.js';

const hostile = '/srv/www/it\'s a "shop" $(touch /tmp/pwned) `id`/-rf,x&y=z%20';

const answers: InitAnswers = {
  output: 'fleet.yml',
  knownHosts: '/tmp/lab/known_hosts',
  hosts: [
    { name: 'old-1', address: '127.0.1.1', port: 2222, user: 'deploy', identityFile: '/keys/id ed25519' },
    { name: 'new-1', address: 'new.example', sshAlias: 'new-1' },
  ],
  sites: [
    {
      name: 'acme-shop',
      sourceHost: 'old-1',
      sourcePath: hostile,
      url: 'https://shop.acme.example',
      targetHost: 'new-1',
      targetPath: '/var/www/acme shop/public',
      targetUrl: 'https://shop.acme.example',
      replacements: [{ from: 'http://cdn.old.example', to: 'https://cdn.new.example/a>b' }],
      tags: ['shop', 'eu'],
      criticality: 'critical',
    },
  ],
};

describe('wpfleet init answers', () => {
  it('round-trips every answer through the printed batch flags, hostile paths included', () => {
    const argv = initArgv(answers);
    const hosts = argv.flatMap((a, i) => (argv[i - 1] === '--host' ? [parseHostSpec(a)] : []));
    const sites = argv.flatMap((a, i) => (argv[i - 1] === '--site' ? [parseSiteSpec(a)] : []));
    expect(hosts).toEqual([answers.hosts[0], { name: 'new-1', address: 'new-1', sshAlias: 'new-1' }]);
    expect(sites).toEqual(answers.sites);
    expect(argv.slice(0, 4)).toEqual(['init', '--yes', '--output', 'fleet.yml']);
  });

  it('writes a commented fleet.yml that the fleet parser accepts as is', () => {
    const yaml = renderFleetYaml(answers, 'wpfleet init --yes ...');
    expect(yaml).toMatch(/^# wpfleet fleet file, written by `wpfleet init`\./);
    expect(yaml).toContain('# Repeat it without prompts: wpfleet init --yes ...');
    expect(yaml).toContain('# https://shop.acme.example → https://shop.acme.example');
    const parsed = parseFleet(yaml, { fileName: 'fleet.yml' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.fleet.sites['acme-shop']!.source.path).toBe(hostile);
    expect(parsed.fleet.sites['acme-shop']!.criticality).toBe('critical');
    expect(parsed.fleet.hosts['old-1']!.knownHostsFile).toBe('/tmp/lab/known_hosts');
  });

  it('takes an ssh-config alias alone as a host, and explains a host spec with neither alias nor name and address', () => {
    expect(parseHostSpec('alias=old-1')).toEqual({ name: 'old-1', address: 'old-1', sshAlias: 'old-1' });
    expect(parseHostSpec('name=src&alias=old-1')).toEqual({
      name: 'src',
      address: 'old-1',
      sshAlias: 'old-1',
    });
    expect(() => parseHostSpec('user=deploy')).toThrow(/needs name= and address=, or alias=/);
  });

  it('names a site after its URL and never reuses a name', () => {
    const taken = new Set(['acme-example-blog']);
    expect(siteNameFromUrl('https://www.acme.example/blog/', taken)).toBe('acme-example-blog-2');
    expect(siteNameFromUrl('http://shop.test', new Set())).toBe('shop-test');
  });

  it('explains a malformed --site instead of guessing', () => {
    expect(() => parseSiteSpec('name=x&url=https://x.example&source=nohostpath&target=a:/b')).toThrow(
      /source=HOST:PATH/,
    );
    expect(() =>
      parseSiteSpec('name=x&url=https://x.example&source=a:/b&target=a:/c&criticality=urgent'),
    ).toThrow(/criticality must be one of/);
  });
});

describe('wpfleet init without a terminal', () => {
  it('refuses with a hint instead of hanging', async () => {
    const { code, stderr: err } = await runCli(['init', '--output', '/tmp/wpf-never-written.yml'], {
      env: {},
    });
    expect(code).toBe(2);
    expect(err).toContain('WPF_NO_TTY');
    expect(err).toContain('--yes');
  });
});
