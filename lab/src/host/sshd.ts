// A Host's own sshd: its own config, host key, pid file and address, accepting the lab's one client key.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { spawnDaemon, stopByPidFile, waitFor } from '../process/daemon.js';
import { run } from './run.js';

export interface SshdPaths {
  config: string;
  hostKey: string;
  pidFile: string;
  log: string;
}

export function sshdPaths(root: string): SshdPaths {
  return {
    config: join(root, 'etc', 'sshd_config'),
    hostKey: join(root, 'etc', 'ssh_host_ed25519_key'),
    pidFile: join(root, 'run', 'sshd.pid'),
    log: join(root, 'log', 'sshd.log'),
  };
}

export async function ensureKey(path: string, comment: string): Promise<void> {
  if (!existsSync(path))
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
}

export async function fingerprint(pubKeyPath: string): Promise<string> {
  const out = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubKeyPath]);
  return out.split(' ')[1] ?? '';
}

export interface SshdOptions {
  root: string;
  address: string;
  port: number;
  user: string;
  authorizedKeys: string;
  binDir: string;
}

export async function startSshd(o: SshdOptions): Promise<SshdPaths> {
  const p = sshdPaths(o.root);
  mkdirSync('/run/sshd', { recursive: true });
  await ensureKey(p.hostKey, `wpfleet-lab host ${o.address}`);
  writeFileSync(
    p.config,
    [
      `# sshd for lab Host ${o.address}; the lab writes this file on every \`lab up\`.`,
      `ListenAddress ${o.address}`,
      `Port ${o.port}`,
      `HostKey ${p.hostKey}`,
      `PidFile ${p.pidFile}`,
      'UsePAM no',
      // Keys live in the lab's scratch directory under /tmp, which StrictModes would reject.
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin no',
      `AllowUsers ${o.user}`,
      // The lab key file, and the user's own file where wpfleet adds its temporary host-to-host key.
      `AuthorizedKeysFile ${o.authorizedKeys} .ssh/authorized_keys`,
      `SetEnv PATH=${o.binDir}:/usr/local/bin:/usr/bin:/bin`,
      'Subsystem sftp internal-sftp',
      'LogLevel ERROR',
      'MaxStartups 100:30:200',
      'MaxSessions 50',
      '',
    ].join('\n'),
  );
  await run('/usr/sbin/sshd', ['-t', '-f', p.config]);
  if (await portOpen(o.address, o.port)) {
    throw new Error(
      `lab: something already listens on ${o.address}:${o.port}; another lab or a leftover sshd holds this Host's address`,
    );
  }
  spawnDaemon('/usr/sbin/sshd', ['-D', '-f', p.config, '-E', p.log], p.log);
  await waitFor(`sshd on ${o.address}:${o.port}`, () => portOpen(o.address, o.port), 20_000);
  return p;
}

export async function stopSshd(root: string): Promise<void> {
  await stopByPidFile(sshdPaths(root).pidFile);
}

export function hostKeyLine(address: string, port: number, hostKeyPub: string): string {
  const [type, key] = readFileSync(hostKeyPub, 'utf8').trim().split(/\s+/);
  return `[${address}]:${port} ${type} ${key}`;
}

export function portOpen(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: address, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
