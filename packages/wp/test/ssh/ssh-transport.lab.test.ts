// SshTransport against a real lab sshd: the shared Transport contract, then what only SSH can get wrong:
// host keys, unreachable hosts, authentication, connection reuse and ProxyJump.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WpfleetError } from '@wpfleet/core';
import { SshTransport } from '../../src/ssh/ssh-transport.js';
import { SshTransportPool } from '../../src/ssh/ssh-transport-pool.js';
import { HostKeyError } from '../../src/ssh/host-key-error.js';
import { trustHostKey } from '../../src/ssh/trust-host-key.js';
import { knownHostsName, parseKnownHosts } from '../../src/ssh/known-hosts.js';
import { transportContract } from '../transport/transport-contract.js';
import { labAliasTarget, labTarget, labTransport, loadLab } from './lab-fixture.js';

const lab = loadLab();
const [first, second] = lab.hosts;
if (!first || !second) throw new Error('the lab must have at least two hosts');

transportContract('SshTransport', () => labTransport(lab, first, { maxSessions: 3 }));

const scratchDirs: string[] = [];
afterAll(() => scratchDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wpfleet-ssh-test-'));
  scratchDirs.push(dir);
  return dir;
}

async function errorOf(promise: Promise<unknown>): Promise<WpfleetError> {
  const e = await promise.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(WpfleetError);
  return e as WpfleetError;
}

describe('SshTransport against lab hosts', () => {
  it('refuses a host whose key is not in known_hosts and shows its SHA256 fingerprint', async () => {
    const empty = join(scratch(), 'known_hosts');
    writeFileSync(empty, '');
    const t = new SshTransport(labTarget(lab, first, { knownHostsFiles: [empty] }));
    try {
      const e = await errorOf(t.exec(['true']));
      expect(e.code).toBe('WPF_HOST_KEY_UNKNOWN');
      expect(e.message).toMatch(/SHA256:[A-Za-z0-9+/]{43}(?![=])/);
      // The same fingerprint the Host's administrator gets from ssh-keygen -l.
      expect(e.message).toContain(first.hostKeyFingerprint);
      // The wizard's path: show the fingerprint, and once the operator agrees, trust exactly that key.
      expect(e).toBeInstanceOf(HostKeyError);
      const refused = e as HostKeyError;
      expect(refused.fingerprint).toBe(first.hostKeyFingerprint);
      await trustHostKey(refused.knownHostsFile, refused.host, refused.port, refused.key);
      const trusted = new SshTransport(labTarget(lab, first, { knownHostsFiles: [empty] }));
      try {
        expect((await trusted.exec(['echo', 'trusted'])).stdout).toBe('trusted\n');
      } finally {
        await trusted.close();
      }
      expect(e.hint).toContain(`ssh-keyscan -p ${first.sshPort} ${first.address}`);
    } finally {
      await t.close();
    }
  });

  it('refuses loudly when the host key changed', async () => {
    const file = join(scratch(), 'known_hosts');
    // Another real key of the same type stands in for the old one.
    const real = parseKnownHosts(readFileSync(lab.knownHosts, 'utf8'));
    const otherKey = real.find(
      (e) =>
        e.keyType === 'ssh-ed25519' && !e.patterns.includes(knownHostsName(first.address, first.sshPort)),
    );
    const forged =
      otherKey?.keyBase64 ?? 'AAAAC3NzaC1lZDI1NTE5AAAAIP6VtTg0pbnH9qSnNeBnVK8k6LqWUgV6CH7o6k0EuR1m';
    writeFileSync(file, `${knownHostsName(first.address, first.sshPort)} ssh-ed25519 ${forged}\n`);
    const t = new SshTransport(labTarget(lab, first, { knownHostsFiles: [file] }));
    try {
      const e = await errorOf(t.exec(['true']));
      expect(e.code).toBe('WPF_HOST_KEY_CHANGED');
      expect(e.message).toContain('HAS CHANGED');
      expect(e.message).toMatch(/SHA256:/);
    } finally {
      await t.close();
    }
  });

  it('says an ssh config alias that was not found does not resolve, and how to pass the config', async () => {
    // A fleet host with `sshAlias: tgt-2` but no --ssh-config: the alias reaches the transport as a host name.
    const t = new SshTransport(labTarget(lab, first, { host: 'no-such-alias.invalid' }), {
      connectTimeoutMs: 5000,
    });
    try {
      const e = await errorOf(t.exec(['true']));
      expect(e.code).toBe('WPF_HOST_UNREACHABLE');
      expect(e.hint).toContain('no-such-alias.invalid does not resolve');
      expect(e.hint).toContain('--ssh-config FILE');
    } finally {
      await t.close();
    }
  });

  it('reports an unreachable host quickly, with its address and port', async () => {
    const t = new SshTransport(labTarget(lab, first, { host: '127.0.1.250', port: 2 }), {
      connectTimeoutMs: 5000,
    });
    const started = Date.now();
    try {
      const e = await errorOf(t.exec(['true']));
      expect(e.code).toBe('WPF_HOST_UNREACHABLE');
      expect(e.message).toContain('127.0.1.250:2');
      expect(Date.now() - started).toBeLessThan(6000);
    } finally {
      await t.close();
    }
  });

  it('reports a key the host does not accept as an authentication failure', async () => {
    const dir = scratch();
    const { execFileSync } = await import('node:child_process');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'stranger')]);
    const t = new SshTransport(labTarget(lab, first, { identityFiles: [join(dir, 'stranger')] }));
    try {
      const e = await errorOf(t.exec(['true']));
      expect(e.code).toBe('WPF_SSH_AUTH');
      expect(e.message).toContain(first.user);
    } finally {
      await t.close();
    }
  });

  it('uses an encrypted key with its passphrase, and never shows the passphrase', async () => {
    const dir = scratch();
    const { execFileSync } = await import('node:child_process');
    const { copyFileSync, chmodSync } = await import('node:fs');
    const key = join(dir, 'encrypted');
    copyFileSync(lab.clientKey, key);
    chmodSync(key, 0o600);
    const passphrase = 'correct horse $(battery) staple';
    execFileSync('ssh-keygen', ['-q', '-p', '-f', key, '-P', '', '-N', passphrase]);
    const withPass = new SshTransport(labTarget(lab, first, { identityFiles: [key] }), { passphrase });
    try {
      expect((await withPass.exec(['id', '-un'])).stdout.trim()).toBe(first.user);
    } finally {
      await withPass.close();
    }
    const without = new SshTransport(labTarget(lab, first, { identityFiles: [key] }));
    try {
      const e = await errorOf(without.exec(['true']));
      expect(e.code).toBe('WPF_SSH_AUTH');
      expect(`${e.message} ${e.hint}`).not.toContain(passphrase);
    } finally {
      await without.close();
    }
  });

  it('authenticates through an ssh-agent (SSH_AUTH_SOCK) without key files', async () => {
    const dir = scratch();
    const { execFileSync } = await import('node:child_process');
    const socket = join(dir, 'agent.sock');
    const started = execFileSync('ssh-agent', ['-s', '-a', socket], { encoding: 'utf8' });
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(started)?.[1]);
    try {
      execFileSync('ssh-add', ['-q', lab.clientKey], {
        env: { ...process.env, SSH_AUTH_SOCK: socket },
        stdio: 'ignore',
      });
      const t = new SshTransport(labTarget(lab, first, { identityFiles: [] }), { agentSocket: socket });
      try {
        expect((await t.exec(['id', '-un'])).stdout.trim()).toBe(first.user);
      } finally {
        await t.close();
      }
    } finally {
      if (pid > 0) process.kill(pid);
    }
  });

  it('runs many commands over one connection', async () => {
    const t = labTransport(lab, first);
    try {
      const pids = await Promise.all(
        Array.from({ length: 20 }, () => t.exec(['sh', '-c', 'echo $PPID']).then((r) => r.stdout.trim())),
      );
      expect(pids).toHaveLength(20);
      // Every command's parent is the same sshd process: one connection carried them all.
      expect(new Set(pids).size).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('shares one transport per Host through the pool', async () => {
    const pool = new SshTransportPool({ connectTimeoutMs: 10_000 });
    try {
      const a = pool.get(labTarget(lab, first));
      expect(pool.get(labTarget(lab, first))).toBe(a);
      expect(pool.get(labTarget(lab, second))).not.toBe(a);
      const [x, y] = await Promise.all([
        a.exec(['sh', '-c', 'echo $PPID']),
        pool.get(labTarget(lab, first)).exec(['sh', '-c', 'echo $PPID']),
      ]);
      expect(x.stdout).toBe(y.stdout);
    } finally {
      await pool.closeAll();
    }
  });

  it('reconnects after the connection dropped', async () => {
    const t = labTransport(lab, first);
    try {
      expect((await t.exec(['echo', 'one'])).stdout).toBe('one\n');
      // Kill this connection's sshd session process (the command's parent); the next command must reconnect.
      const dropped = await t.exec(['sh', '-c', 'kill -9 $PPID'], { reject: false });
      expect(dropped).toMatchObject({
        failed: true,
        exitCode: null,
        connectionLost: true,
        isCanceled: false,
      });
      expect((await t.exec(['echo', 'two'])).stdout).toBe('two\n');
      // Rejecting, a dropped connection is said as such (transient), not as a failed command.
      await expect(t.exec(['sh', '-c', 'kill -9 $PPID'])).rejects.toMatchObject({
        code: 'WPF_SSH_DISCONNECTED',
        transient: true,
      });
      expect((await t.exec(['echo', 'three'])).stdout).toBe('three\n');
    } finally {
      await t.close();
    }
  });

  it('goes through a ProxyJump host, checking both host keys', async () => {
    const target = { ...labTarget(lab, second), jumps: [labTarget(lab, first)] };
    const t = new SshTransport(target);
    try {
      const r = await t.exec(['sh', '-c', 'echo "$SSH_CONNECTION"']);
      // The target sees the connection coming from the jump host's side, not from us directly.
      expect(r.stdout).toContain(second.address);
      expect(r.stdout.split(' ')[0]).toBe('127.0.0.1');
    } finally {
      await t.close();
    }
    const emptyFile = join(scratch(), 'known_hosts');
    writeFileSync(
      emptyFile,
      readFileSync(lab.knownHosts, 'utf8')
        .split('\n')
        .filter((l) => !l.includes(second.address))
        .join('\n'),
    );
    const unknownSecond = new SshTransport({
      ...labTarget(lab, second, { knownHostsFiles: [emptyFile] }),
      jumps: [labTarget(lab, first)],
    });
    try {
      const e = await errorOf(unknownSecond.exec(['true']));
      expect(e.code).toBe('WPF_HOST_KEY_UNKNOWN');
      expect(e.message).toContain(second.address);
    } finally {
      await unknownSecond.close();
    }
  });

  it('resolves an ssh config alias (HostName, Port, User, IdentityFile, UserKnownHostsFile)', async () => {
    const target = labAliasTarget(lab, first.name);
    expect(target).toMatchObject({ host: first.address, port: first.sshPort });
    const t = new SshTransport(target);
    try {
      expect((await t.exec(['id', '-un'])).stdout.trim()).toBe(target.user);
    } finally {
      await t.close();
    }
  });
});
