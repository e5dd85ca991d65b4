// The target's certificate before the DNS switch: the HTTP check reads a self-signed target anyway, and the
// strict handshake says what visitors would see.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedFetch } from '@wpfleet/wp';
import { targetCertificateProblem } from '../../src/http/target-certificate.js';

let server: https.Server;
let port = 0;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wpfleet-cert-'));
  // A certificate for the site's name that no public authority signed, as a fresh host has before its ACME run.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=shop.example.test',
      '-addext',
      'subjectAltName=DNS:shop.example.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  server = https.createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><head><title>Shop</title></head><body></body></html>');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe("the target's TLS certificate", () => {
  it('names why visitors would refuse a self-signed certificate', async () => {
    const problem = await targetCertificateProblem(`https://shop.example.test:${port}/`, '127.0.0.1');
    expect(problem).toMatch(/SELF_SIGNED|self.signed/i);
  });

  it('still lets the HTTP check read the page without verifying, pinned to the target', async () => {
    const page = await pinnedFetch(`https://shop.example.test:${port}/`, {
      address: '127.0.0.1',
      insecureTls: true,
    });
    expect(page.status).toBe(200);
    await expect(
      pinnedFetch(`https://shop.example.test:${port}/`, { address: '127.0.0.1' }),
    ).rejects.toThrow();
  });

  it('has nothing to say about a plain http site', async () => {
    expect(await targetCertificateProblem('http://shop.example.test/', '127.0.0.1')).toBeNull();
  });
});
