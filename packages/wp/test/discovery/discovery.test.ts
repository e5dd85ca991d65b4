import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverSshHosts, findWordPressInstalls } from '@wpfleet/wp';
import { LocalTransport } from '../../src/transport/local-transport.js';

describe('host candidates for the wizard', () => {
  it('offers concrete ssh-config aliases with their settings, and plain known_hosts names, without duplicates', () => {
    const sshConfig = [
      'Host old-1',
      '  HostName 203.0.113.10',
      '  User deploy',
      '  Port 2222',
      'Host *.internal !bastion',
      '  User admin',
      'Host new-1 new-2',
      '  HostName 198.51.100.7',
    ].join('\n');
    const knownHosts = [
      '[203.0.113.10]:2222 ssh-ed25519 AAAA',
      'shop.example.com,192.0.2.4 ssh-ed25519 AAAA',
      '|1|hashed=|salt= ssh-ed25519 AAAA',
      '@revoked bad.example ssh-rsa AAAA',
    ].join('\n');
    expect(discoverSshHosts(sshConfig, knownHosts)).toEqual([
      { name: 'old-1', from: 'ssh-config', hostName: '203.0.113.10', port: 2222, user: 'deploy' },
      { name: 'new-1', from: 'ssh-config', hostName: '198.51.100.7' },
      { name: 'new-2', from: 'ssh-config', hostName: '198.51.100.7' },
      { name: 'shop.example.com', from: 'known-hosts', hostName: 'shop.example.com' },
      { name: '192.0.2.4', from: 'known-hosts', hostName: '192.0.2.4' },
    ]);
  });
});

describe('finding WordPress installs on a host', () => {
  const root = mkdtempSync(join(tmpdir(), 'wpf-find-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds roots by wp-config.php, including the one-level-up layout and paths with spaces, and skips wp-content', async () => {
    const make = (path: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), '<?php');
    };
    make('www/blog/wp-config.php');
    make('www/blog/wp-load.php');
    make('www/my shop/wp-config.php');
    make('www/my shop/public/wp-load.php');
    make('www/blog/wp-content/plugins/x/wp-config.php');
    make('www/notwp/wp-config.php');
    const transport = new LocalTransport();
    const installs = await findWordPressInstalls(transport, [join(root, 'www'), join(root, 'missing')], {
      wp: ['false'],
    });
    expect(installs.map((i) => i.path)).toEqual([join(root, 'www/blog'), join(root, 'www/my shop/public')]);
    expect(installs[0]!.url).toBeNull();
    expect(installs[0]!.kbytes).toBeGreaterThan(0);
    await transport.close();
  });

  it('reads a root that starts with "-" as a directory, never as a find expression', async () => {
    mkdirSync(join(root, '-quit/site'), { recursive: true });
    writeFileSync(join(root, '-quit/site/wp-config.php'), '<?php');
    writeFileSync(join(root, '-quit/site/wp-load.php'), '<?php');
    const cwd = process.cwd();
    process.chdir(root);
    const transport = new LocalTransport();
    try {
      const installs = await findWordPressInstalls(transport, ['-quit'], { wp: ['false'] });
      expect(installs.map((i) => i.path)).toEqual(['./-quit/site']);
    } finally {
      process.chdir(cwd);
      await transport.close();
    }
  });

  it("reads each install's URL the way real WP-CLI answers: refusing root without --allow-root, notices first", async () => {
    mkdirSync(join(root, 'url/site'), { recursive: true });
    writeFileSync(join(root, 'url/site/wp-config.php'), '<?php');
    writeFileSync(join(root, 'url/site/wp-load.php'), '<?php');
    // Like WP-CLI 2.12.0: as root without --allow-root an Error: and exit 1; otherwise a wp-config.php notice
    // (display_errors on stdout) and then the answer.
    const wp = [
      'sh',
      '-c',
      `case " $* " in *" --allow-root "*) ;; *) [ "$(id -u)" = 0 ] && { echo "Error: YIKES! It looks like you're running this as root." >&2; exit 1; } ;; esac
printf '\nWarning: Constant WP_DEBUG already defined in /srv/www/example/wp-config.php on line 91\nhttps://blog.example.test\n'`,
      'wp',
    ];
    const transport = new LocalTransport();
    const installs = await findWordPressInstalls(transport, [join(root, 'url')], { wp });
    expect(installs.map((i) => i.url)).toEqual(['https://blog.example.test']);
    await transport.close();
  });
});
