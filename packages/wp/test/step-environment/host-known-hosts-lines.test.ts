// The known_hosts lines a host-to-host copy hands the target's ssh: the source's own lines, and every revocation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knownHostsLinesFor } from '../../src/step-environment/host-step-environment.js';

const dir = mkdtempSync(join(tmpdir(), 'wpf-kh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('known_hosts lines for a host-to-host copy', () => {
  it("passes on the source's lines and every @revoked key (for any name), never another host's or a CA line", () => {
    const file = join(dir, 'known_hosts');
    writeFileSync(
      file,
      [
        '[old-1.example]:2222 ssh-ed25519 AAAAsource',
        'other.example ssh-ed25519 AAAAother',
        '@cert-authority *.example ssh-ed25519 AAAAca',
        '@revoked other.example ssh-rsa AAAArevoked',
        '',
      ].join('\n'),
    );
    expect(knownHostsLinesFor([file], 'old-1.example', 2222)).toEqual([
      '[old-1.example]:2222 ssh-ed25519 AAAAsource',
      '@revoked * ssh-rsa AAAArevoked',
    ]);
  });

  it('is empty when no line names the host (then files are relayed), revocations or not', () => {
    const file = join(dir, 'only-revoked');
    writeFileSync(file, '@revoked * ssh-rsa AAAArevoked\nother.example ssh-ed25519 AAAAother\n');
    expect(knownHostsLinesFor([file, join(dir, 'missing')], 'old-1.example', 22)).toEqual([]);
  });
});
