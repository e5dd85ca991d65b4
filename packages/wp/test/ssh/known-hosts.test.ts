// known_hosts matching as OpenSSH does it, checked with keys and hashes made by the real ssh-keygen.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fingerprintSha256,
  keyTypeOf,
  knownHostsLine,
  parseKnownHosts,
  verifyHostKey,
} from '../../src/ssh/known-hosts.js';
import { trustHostKey } from '../../src/ssh/trust-host-key.js';

const dir = mkdtempSync(join(tmpdir(), 'wpfleet-known-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function makeKey(name: string, type = 'ed25519'): { blob: Buffer; pub: string; file: string } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  const pub = readFileSync(`${file}.pub`, 'utf8').trim();
  return { blob: Buffer.from(pub.split(' ')[1]!, 'base64'), pub, file };
}
const keyA = makeKey('a');
const keyB = makeKey('b');
const typeAndKey = (k: { pub: string }) => k.pub.split(' ').slice(0, 2).join(' ');

describe('host key verification', () => {
  it('trusts a plain entry on port 22 and a [host]:port entry on another port', () => {
    const entries = parseKnownHosts(`old-1 ${typeAndKey(keyA)}\n[new-1]:2222 ${typeAndKey(keyB)}\n`);
    expect(verifyHostKey(entries, 'old-1', 22, keyA.blob).status).toBe('trusted');
    expect(verifyHostKey(entries, 'new-1', 2222, keyB.blob).status).toBe('trusted');
    // The port is part of the name: the same host on another port is a different entry.
    expect(verifyHostKey(entries, 'new-1', 22, keyB.blob).status).toBe('unknown');
  });

  it('matches comma-separated names, wildcards and honours negation', () => {
    const entries = parseKnownHosts(`web,10.0.0.5,*.example.org,!bad.example.org ${typeAndKey(keyA)}\n`);
    expect(verifyHostKey(entries, '10.0.0.5', 22, keyA.blob).status).toBe('trusted');
    expect(verifyHostKey(entries, 'shop.example.org', 22, keyA.blob).status).toBe('trusted');
    expect(verifyHostKey(entries, 'bad.example.org', 22, keyA.blob).status).toBe('unknown');
  });

  it('reads hashed entries written by ssh-keygen -H', () => {
    const file = join(dir, 'hashed');
    writeFileSync(file, `[127.0.1.7]:2207 ${typeAndKey(keyA)}\nplainhost ${typeAndKey(keyB)}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('|1|');
    const entries = parseKnownHosts(text);
    expect(verifyHostKey(entries, '127.0.1.7', 2207, keyA.blob).status).toBe('trusted');
    expect(verifyHostKey(entries, 'plainhost', 22, keyB.blob).status).toBe('trusted');
    expect(verifyHostKey(entries, '127.0.1.8', 2207, keyA.blob).status).toBe('unknown');
  });

  it('calls a different key of the same type for a known host a change, not an unknown host', () => {
    const entries = parseKnownHosts(`# comment\n\nold-1 ${typeAndKey(keyA)}\n`);
    const verdict = verifyHostKey(entries, 'old-1', 22, keyB.blob);
    expect(verdict.status).toBe('changed');
    if (verdict.status === 'changed') expect(verdict.expected[0]?.line).toBe(3);
  });

  it('refuses a @revoked key even when another line trusts it, and ignores @cert-authority lines', () => {
    const entries = parseKnownHosts(
      `old-1 ${typeAndKey(keyA)}\n@revoked * ${typeAndKey(keyA)}\n@cert-authority *.lab ${typeAndKey(keyB)}\n`,
    );
    expect(verifyHostKey(entries, 'old-1', 22, keyA.blob).status).toBe('revoked');
    expect(verifyHostKey(entries, 'x.lab', 22, keyB.blob).status).toBe('unknown');
  });

  it('skips malformed lines instead of failing', () => {
    expect(parseKnownHosts('garbage\n@weird host ssh-ed25519 AAAA\n|1|onlysalt ssh-ed25519 AAAA\n')).toEqual(
      [],
    );
  });

  it('shows the same SHA256 fingerprint as ssh-keygen -l', () => {
    const fromTool = execFileSync('ssh-keygen', ['-l', '-f', `${keyA.file}.pub`], { encoding: 'utf8' }).split(
      ' ',
    )[1];
    expect(fingerprintSha256(keyA.blob)).toBe(fromTool);
    expect(keyTypeOf(keyA.blob)).toBe('ssh-ed25519');
    const rsa = makeKey('r', 'rsa');
    expect(keyTypeOf(rsa.blob)).toBe('ssh-rsa');
  });

  it('trusts a key explicitly by appending one readable line, and refuses to overwrite a different key', async () => {
    const file = join(dir, 'sub', 'known_hosts');
    await trustHostKey(file, '127.0.1.3', 2203, keyA.blob);
    await trustHostKey(file, '127.0.1.3', 2203, keyA.blob);
    expect(readFileSync(file, 'utf8')).toBe(`${knownHostsLine('127.0.1.3', 2203, keyA.blob)}\n`);
    expect(readFileSync(file, 'utf8')).toMatch(/^\[127\.0\.1\.3\]:2203 ssh-ed25519 /);
    await expect(trustHostKey(file, '127.0.1.3', 2203, keyB.blob)).rejects.toThrow(
      /already holds a different key/,
    );
  });
});
