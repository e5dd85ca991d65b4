// How a fleet Host becomes a connection target: ssh-config aliases, ProxyJump through another fleet Host,
// known_hosts precedence and local hosts.
import { describe, expect, it } from 'vitest';
import { parseFleet, type Fleet } from '@wpfleet/core';
import { hostTarget } from '../../src/fleet-hosts/host-target.js';

const env = { home: '/home/ops', user: 'ops' };
const sshConfig = `
Host old-box
  HostName 10.0.0.5
  Port 2200
  User deploy
  IdentityFile ~/.ssh/old_ed25519
  UserKnownHostsFile ~/.ssh/old_known_hosts

Host bastion
  HostName 10.0.0.1
  User jump
`;

function fleetOf(hosts: string): Fleet {
  const result = parseFleet(`version: 1\nhosts:\n${hosts}\nsites: {}\n`);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.fleet;
}

describe('hostTarget', () => {
  it('takes HostName, Port, User, IdentityFile and known_hosts from the ssh config alias', () => {
    const t = hostTarget(fleetOf('  old-1: { sshAlias: old-box }'), 'old-1', {
      ...env,
      sshConfigText: sshConfig,
    });
    expect(t).toMatchObject({
      kind: 'ssh',
      target: {
        host: '10.0.0.5',
        port: 2200,
        user: 'deploy',
        identityFiles: ['/home/ops/.ssh/old_ed25519'],
        knownHostsFiles: ['/home/ops/.ssh/old_known_hosts'],
      },
    });
  });

  it('lets the fleet file override the alias, and --known-hosts override both', () => {
    const fleet = fleetOf('  old-1: { sshAlias: old-box, port: 22, user: root, knownHostsFile: ./kh }');
    const fromFleet = hostTarget(fleet, 'old-1', {
      ...env,
      sshConfigText: sshConfig,
      baseDir: '/work/fleet',
    });
    expect(fromFleet).toMatchObject({
      target: { port: 22, user: 'root', knownHostsFiles: ['/work/fleet/kh'] },
    });
    const fromCli = hostTarget(fleet, 'old-1', {
      ...env,
      sshConfigText: sshConfig,
      knownHostsFile: '/etc/wpfleet/known_hosts',
    });
    expect(fromCli).toMatchObject({ target: { knownHostsFiles: ['/etc/wpfleet/known_hosts'] } });
  });

  it('lets the fleet address win over the alias HostName, keeping the alias ProxyJump', () => {
    const config = `${sshConfig}\nHost behind\n  ProxyJump bastion\n`;
    const t = hostTarget(fleetOf('  new-3: { sshAlias: behind, address: 10.0.2.3 }'), 'new-3', {
      ...env,
      sshConfigText: config,
    });
    expect(t).toMatchObject({
      kind: 'ssh',
      target: { host: '10.0.2.3', jumps: [{ host: '10.0.0.1', user: 'jump' }] },
    });
  });

  it('jumps through another fleet host, verified with its own resolved settings', () => {
    const fleet = fleetOf(
      '  bastion-1: { sshAlias: bastion }\n  new-2: { address: 10.0.1.2, user: root, proxyJump: bastion-1 }',
    );
    const t = hostTarget(fleet, 'new-2', { ...env, sshConfigText: sshConfig });
    expect(t.kind).toBe('ssh');
    if (t.kind !== 'ssh') return;
    expect(t.target.host).toBe('10.0.1.2');
    expect(t.target.jumps).toHaveLength(1);
    expect(t.target.jumps[0]).toMatchObject({ host: '10.0.0.1', user: 'jump', port: 22 });
  });

  it('jumps through a user@host:port spec that is not a fleet host', () => {
    const t = hostTarget(
      fleetOf('  new-2: { address: 10.0.1.2, proxyJump: "gw@203.0.113.9:2022" }'),
      'new-2',
      { ...env, sshConfigText: '' },
    );
    expect(t.kind === 'ssh' && t.target.jumps[0]).toMatchObject({
      host: '203.0.113.9',
      port: 2022,
      user: 'gw',
    });
  });

  it('refuses a proxyJump loop with the chain in the message, even past the fleet parser', () => {
    const host = { transport: 'ssh' as const, tags: [] };
    const fleet = {
      hosts: {
        a: { ...host, address: '10.0.0.1', proxyJump: 'b' },
        b: { ...host, address: '10.0.0.2', proxyJump: 'a' },
      },
    };
    expect(() => hostTarget(fleet, 'a', { ...env, sshConfigText: '' })).toThrow(
      /proxyJump loops: a -> b -> a/,
    );
  });

  it('runs `transport: local` and plain localhost hosts on this machine', () => {
    const fleet = fleetOf('  here: { transport: local }\n  lo: { address: localhost }');
    expect(hostTarget(fleet, 'here', { ...env, sshConfigText: '' }).kind).toBe('local');
    expect(hostTarget(fleet, 'lo', { ...env, sshConfigText: '' }).kind).toBe('local');
  });
});
