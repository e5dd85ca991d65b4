// A host that goes away while a run uses it: whether its connection drops before a command's channel opens,
// while the channel is opening, or it refuses to be connected again, the command fails with WPF_SSH_DISCONNECTED
// (transient, so the Runner retries). An in-process ssh2 server on a real TCP port plays the host.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WpfleetError } from '@wpfleet/core';
import { ShellError } from '../../src/transport/shell-error.js';
import { SshTransport } from '../../src/ssh/ssh-transport.js';
import { WpCli } from '../../src/wp-cli/wp-cli.js';

const { Server, utils } = ssh2;
const dir = mkdtempSync(join(tmpdir(), 'wpfleet-ssh-lost-'));
const hostKey = utils.generateKeyPairSync('ed25519');
const clientKey = utils.generateKeyPairSync('ed25519');
writeFileSync(join(dir, 'id_ed25519'), clientKey.private, { mode: 0o600 });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the host does with the channel a command asks for: run it, refuse it, or drop the whole connection. */
type OnChannel = 'run' | 'refuse' | 'drop';

interface FakeHost {
  port: number;
  /** Decides per channel, in the order they are asked for (1-based). */
  onChannel: (n: number) => OnChannel;
  /** Every connection dropped and the port closed: the host is gone. */
  vanish(): Promise<void>;
}

const hosts: FakeHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.vanish()));
});

async function fakeHost(onChannel: (n: number) => OnChannel): Promise<FakeHost> {
  const clients = new Set<ssh2.Connection>();
  let channels = 0;
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) =>
      ctx.method === 'publickey' ? ctx.accept() : ctx.reject(['publickey']),
    );
    client.on('ready', () => {
      client.on('session', (accept, reject) => {
        const what = host.onChannel(++channels);
        if (what === 'refuse') return reject();
        if (what === 'drop') return client.end();
        accept().on('exec', (acceptExec, _reject, info) => {
          const stream = acceptExec();
          // `id -u` is how WpCli asks whether it runs as root; everything else just succeeds.
          stream.write(info.command.includes('id -u') ? '1000\n' : 'ok\n');
          stream.exit(0);
          stream.end();
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const host: FakeHost = {
    port,
    onChannel,
    vanish: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
  hosts.push(host);
  writeFileSync(join(dir, `known_hosts_${port}`), `[127.0.0.1]:${port} ${hostKey.public.trim()}\n`);
  return host;
}

function transportTo(host: FakeHost): SshTransport {
  return new SshTransport(
    {
      alias: 'gone-1',
      host: '127.0.0.1',
      port: host.port,
      user: 'deploy',
      identityFiles: [join(dir, 'id_ed25519')],
      knownHostsFiles: [join(dir, `known_hosts_${host.port}`)],
      jumps: [],
    },
    { connectTimeoutMs: 5000 },
  );
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('a host that goes away before a command opens its channel', () => {
  it('says the connection was lost (transient) when the host drops it as the channel opens', async () => {
    const host = await fakeHost((n) => (n === 1 ? 'run' : 'drop'));
    const t = transportTo(host);
    try {
      expect((await t.exec(['echo', 'one'])).stdout).toBe('ok\n');
      const error = await errorOf(
        t.exec(['mariadb', '--batch'], { where: { host: 'gone-1', site: 'blog', step: 'db' } }),
      );
      expect(error).toBeInstanceOf(WpfleetError);
      expect(error).toMatchObject({
        code: 'WPF_SSH_DISCONNECTED',
        transient: true,
        where: { site: 'blog', step: 'db' },
      });
      expect((error as Error).message).toMatch(/connection to deploy@gone-1.* was lost/);
    } finally {
      await t.close();
    }
  });

  it('says the connection was lost when the host is gone and refuses a new connection', async () => {
    const host = await fakeHost(() => 'run');
    const t = transportTo(host);
    try {
      expect((await t.exec(['echo', 'one'])).stdout).toBe('ok\n');
      await host.vanish();
      // Let the client see its socket close, so the next command has to connect again (and is refused).
      await new Promise((r) => setTimeout(r, 100));
      const error = await errorOf(t.exec(['mariadb', '--batch']));
      expect(error).toMatchObject({ code: 'WPF_SSH_DISCONNECTED', transient: true });
      expect((error as Error).message).toMatch(
        /was lost and could not be opened again: Cannot reach 127\.0\.0\.1:\d+/,
      );
    } finally {
      await t.close();
    }
  });

  it('reports a WP-CLI command whose channel could not open as a lost connection, not as a WP-CLI failure', async () => {
    const host = await fakeHost((n) => (n === 1 ? 'run' : 'drop'));
    const t = transportTo(host);
    try {
      const wp = new WpCli(t, { name: 'blog', path: '/srv/www/blog' });
      const error = await errorOf(wp.run(['db', 'import', '-']));
      expect(error).toMatchObject({ code: 'WPF_SSH_DISCONNECTED', transient: true, where: { site: 'blog' } });
    } finally {
      await t.close();
    }
  });

  it('keeps a channel the host refuses while connected a failed command (not a lost connection)', async () => {
    const host = await fakeHost((n) => (n === 1 ? 'run' : 'refuse'));
    const t = transportTo(host);
    try {
      expect((await t.exec(['echo', 'one'])).stdout).toBe('ok\n');
      const error = await errorOf(t.exec(['mariadb', '--batch']));
      expect(error).toBeInstanceOf(ShellError);
      expect((error as ShellError).stderr).toMatch(
        /could not open an SSH channel on deploy@gone-1.*Channel open failure/,
      );
      // The connection is still there: the next command runs on it.
      host.onChannel = () => 'run';
      expect((await t.exec(['echo', 'two'])).stdout).toBe('ok\n');
    } finally {
      await t.close();
    }
  });

  it('still says a host that never answered is unreachable (not a lost connection)', async () => {
    const host = await fakeHost(() => 'run');
    await host.vanish();
    const t = transportTo(host);
    try {
      expect(await errorOf(t.exec(['echo', 'one']))).toMatchObject({ code: 'WPF_HOST_UNREACHABLE' });
    } finally {
      await t.close();
    }
  });
});
