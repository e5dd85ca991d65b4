// ~/.ssh/config aliases resolve the way OpenSSH resolves them (first match wins, ProxyJump hops included).
import { describe, expect, it } from 'vitest';
import { parseHostSpec, resolveSshTarget } from '../../src/ssh/resolve-ssh-target.js';

const env = { home: '/home/ops', user: 'ops' };
const config = `
Host old-1
  HostName 127.0.1.1
  Port 2201
  User deploy
  IdentityFile ~/.ssh/agency_ed25519
  UserKnownHostsFile ~/.ssh/known_hosts_fleet

Host bastion
  HostName 127.0.1.9
  Port 2209

Host inner
  HostName 127.0.1.2
  ProxyJump bastion,jumper@127.0.1.8:2208

Host deep
  HostName 10.0.0.3
  ProxyJump inner

Host match-exec
  HostName 127.0.1.4
Match exec "touch /tmp/wpfleet-match-exec-ran"
  User hacked

Host *
  User fallback
`;

describe('resolveSshTarget', () => {
  it('applies HostName, Port, User, IdentityFile and UserKnownHostsFile with ~ expanded', () => {
    expect(resolveSshTarget('old-1', config, env)).toEqual({
      alias: 'old-1',
      host: '127.0.1.1',
      port: 2201,
      user: 'deploy',
      identityFiles: ['/home/ops/.ssh/agency_ed25519'],
      knownHostsFiles: ['/home/ops/.ssh/known_hosts_fleet'],
      jumps: [],
    });
  });

  it('lets an explicit user and port in the spec win over the config', () => {
    expect(resolveSshTarget('root@old-1:2299', config, env)).toMatchObject({
      host: '127.0.1.1',
      port: 2299,
      user: 'root',
    });
  });

  it('falls back to the defaults OpenSSH uses', () => {
    const t = resolveSshTarget('plain.example', '', env);
    expect(t).toMatchObject({ host: 'plain.example', port: 22, user: 'ops' });
    expect(t.identityFiles).toContain('/home/ops/.ssh/id_ed25519');
    expect(t.knownHostsFiles).toEqual(['/home/ops/.ssh/known_hosts', '/home/ops/.ssh/known_hosts2']);
  });

  it('resolves every ProxyJump hop through the config, outermost first', () => {
    const t = resolveSshTarget('inner', config, env);
    expect(t.jumps.map((j) => `${j.user}@${j.host}:${j.port}`)).toEqual([
      'fallback@127.0.1.9:2209',
      'jumper@127.0.1.8:2208',
    ]);
    const deep = resolveSshTarget('deep', config, env);
    expect(deep.jumps.map((j) => j.host)).toEqual(['127.0.1.9', '127.0.1.8', '127.0.1.2']);
  });

  it('never runs a Match exec command from the config', async () => {
    const { existsSync } = await import('node:fs');
    const t = resolveSshTarget('match-exec', config, env);
    expect(t.user).toBe('fallback');
    expect(existsSync('/tmp/wpfleet-match-exec-ran')).toBe(false);
  });

  it('parses bracketed IPv6 and refuses a spec with spaces', () => {
    expect(parseHostSpec('u@[::1]:2200')).toEqual({ user: 'u', host: '::1', port: 2200 });
    expect(() => parseHostSpec('bad host')).toThrow(/invalid host spec/);
    expect(() => parseHostSpec('h:70000')).toThrow(/invalid port/);
  });

  it('detects a ProxyJump loop', () => {
    expect(() => resolveSshTarget('a', 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n', env)).toThrow(
      /too deep/,
    );
  });
});
