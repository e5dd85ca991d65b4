// Pages are hostile input: an endless body, a response that never finishes and a connection reset mid-body must
// each end as a finding on that page, quickly and with bounded memory, never as a crash of the controller.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareHttpReports, pinnedFetch, runHttpChecks, type HttpCheckReport } from '@wpfleet/wp';

let server: http.Server;
let port = 0;
const chunk = Buffer.alloc(64 * 1024, 'a');

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.searchParams.has('rest_route')) {
      res.writeHead(200, { 'content-type': 'application/json', 'x-wp-total': '0' });
      res.end('[]');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    if (url.pathname === '/endless') {
      // Writes as fast as the socket drains, for ever: only the reader stopping ends it.
      res.write('<html><head><title>Huge</title></head><body>');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    if (url.pathname === '/drip') {
      // One byte every 50 ms: never idle long enough for a socket timeout, never done.
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (url.pathname === '/reset') {
      res.write('<html><head><title>Half</title></head><body>');
      setTimeout(() => res.socket?.resetAndDestroy(), 50);
      return;
    }
    res.end('<html><head><title>Fine</title></head><body></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const site = () => `http://shop.example.test:${port}/`;

describe('a page that never ends', () => {
  it('reads an endless body only up to the cap and says it was cut', async () => {
    const heapBefore = process.memoryUsage().rss;
    const started = Date.now();
    const response = await pinnedFetch(`${site()}endless`, {
      address: '127.0.0.1',
      maxBodyBytes: 1024 * 1024,
    });
    expect(response.truncated).toBe(true);
    expect(response.body.length).toBe(1024 * 1024);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - heapBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('reports a page larger than the cap as too large, on the target only as an error', async () => {
    const options = {
      siteUrl: site(),
      address: '127.0.0.1',
      login: false,
      extraUrls: ['endless'],
      maxBodyBytes: 256 * 1024,
    };
    const report = await runHttpChecks(options);
    const page = report.pages.find((p) => p.name === 'endless');
    expect(page?.tooLarge).toEqual({ limitBytes: 256 * 1024 });
    expect(page?.status).toBe(200);
    expect(page?.title).toBe('Huge');
    const saneSource: HttpCheckReport = { ...report, pages: report.pages.map(({ tooLarge: _, ...p }) => p) };
    expect(compareHttpReports(saneSource, report)).toContainEqual({
      code: 'http-check',
      where: { side: 'target', page: 'endless' },
      severity: 'error',
      message:
        "the page is too large: more than 262144 bytes (the source's is not); only its start was checked",
    });
    expect(compareHttpReports(report, report).filter((p) => p.where.page === 'endless')).toEqual([
      {
        code: 'http-check',
        where: { side: 'target', page: 'endless' },
        severity: 'warning',
        message:
          'the page is too large: more than 262144 bytes, on the source too; only its first 262144 bytes were checked',
      },
    ]);
  });
});

describe('a page that never finishes', () => {
  it('gives up at the deadline even though bytes keep arriving', async () => {
    const started = Date.now();
    await expect(pinnedFetch(`${site()}drip`, { address: '127.0.0.1', deadlineMs: 500 })).rejects.toThrow(
      'did not finish within 500 ms',
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('records the deadline as the page error, and the other pages still get checked', async () => {
    const report = await runHttpChecks({
      siteUrl: site(),
      address: '127.0.0.1',
      login: false,
      extraUrls: ['drip'],
      deadlineMs: 500,
    });
    expect(report.pages.find((p) => p.name === 'drip')?.error).toMatch(/did not finish within 500 ms/);
    expect(report.pages.find((p) => p.name === 'home')?.title).toBe('Fine');
  });
});

describe('a connection reset mid-body', () => {
  it('becomes a page error, not a crash', async () => {
    const report = await runHttpChecks({
      siteUrl: site(),
      address: '127.0.0.1',
      login: false,
      extraUrls: ['reset'],
    });
    const page = report.pages.find((p) => p.name === 'reset');
    expect(page?.status).toBe(0);
    expect(page?.error).toMatch(/closed before the whole page arrived|ECONNRESET|aborted/);
    expect(compareHttpReports(report, report)).toContainEqual(
      expect.objectContaining({
        code: 'http-check',
        where: { side: 'target', page: 'reset' },
        severity: 'error',
      }),
    );
  });
});
