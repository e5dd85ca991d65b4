import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareHttpReports, findOldReferences, pinnedFetch, runHttpChecks } from '@wpfleet/wp';

// A small real HTTP server standing in for a WordPress front end; the checks must reach it through a
// hostname that does not resolve, proving the address pinning.
let server: http.Server;
let port = 0;
const seenHosts: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seenHosts.push(req.headers.host ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    const route = url.searchParams.get('rest_route');
    if (route === '/wp/v2/posts' || route === '/wp/v2/pages') {
      const type = route.endsWith('posts') ? 'posts' : 'pages';
      res.writeHead(200, { 'content-type': 'application/json', 'x-wp-total': type === 'posts' ? '12' : '3' });
      res.end(JSON.stringify([{ id: 7, link: `http://shop.example.test/?p=${type === 'posts' ? 7 : 9}` }]));
      return;
    }
    if (url.pathname === '/old-redirect') {
      res.writeHead(301, { location: '/' });
      res.end();
      return;
    }
    if (url.pathname === '/wp-login.php') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>Log In &lsaquo; Shop</title></head><body><form action="/wp-login.php"></form></body></html>',
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      `<html><head><title>Shop – ${url.searchParams.get('p') ?? 'home'}</title>` +
        `<link rel="stylesheet" href="http://old.example.com/wp-content/themes/x/style.css"></head>` +
        `<body><a href="https://shop.example.test/about">about</a>` +
        `<img srcset="//old.example.com/a.png 1x, https://shop.example.test/b.png 2x">` +
        `<a href="https://old.example.com.au/x">not the old domain</a></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('HTTP checks against a pinned address', () => {
  it('reaches a site whose hostname does not resolve, sending the site hostname as Host', async () => {
    const response = await pinnedFetch(`http://shop.example.test:${port}/`, { address: '127.0.0.1' });
    expect(response.status).toBe(200);
    expect(seenHosts.at(-1)).toBe(`shop.example.test:${port}`);
  });

  it('fails clearly without pinning, because the hostname does not resolve', async () => {
    await expect(pinnedFetch(`http://shop.example.test:${port}/`, { timeoutMs: 3000 })).rejects.toThrow();
  });

  it('follows redirects that stay on the same hostname', async () => {
    const response = await pinnedFetch(`http://shop.example.test:${port}/old-redirect`, {
      address: '127.0.0.1',
    });
    expect(response.status).toBe(200);
    expect(response.redirects).toEqual([`http://shop.example.test:${port}/`]);
  });

  it('finds links and assets that still point at the old domain, but not a longer domain that merely starts the same', async () => {
    const html =
      '<link href="http://old.example.com/s.css"><img srcset="//old.example.com/a.png 1x, /b.png 2x">' +
      '<a href="https://old.example.com.au/">au</a><a href="https://cold.example.com/">cold</a>';
    expect(await findOldReferences(html, ['old.example.com'])).toEqual([
      'link[href]=http://old.example.com/s.css',
      'img[srcset]=//old.example.com/a.png',
    ]);
  });

  it('reports status, titles, REST counts and old-domain references per page', async () => {
    const report = await runHttpChecks({
      siteUrl: `http://shop.example.test:${port}`,
      address: '127.0.0.1',
      oldOrigins: ['old.example.com'],
    });
    expect(report.rest).toEqual({ status: 200, posts: 12, pages: 3 });
    expect(report.pages.map((p) => [p.name, p.status])).toEqual([
      ['home', 200],
      ['post', 200],
      ['page', 200],
      ['login', 200],
    ]);
    expect(report.pages[1]!.url).toBe(`http://shop.example.test:${port}/?p=7`);
    expect(report.pages[0]!.title).toBe('Shop – home');
    expect(report.pages[0]!.oldReferences).toHaveLength(2);
    expect(report.pages[3]!.oldReferences).toEqual([]);
  });

  it('compares a target with its source side by side: counts, titles and old references', async () => {
    const target = await runHttpChecks({
      siteUrl: `http://shop.example.test:${port}`,
      address: '127.0.0.1',
      oldOrigins: ['old.example.com'],
    });
    const source = structuredClone(target);
    source.rest.posts = 13;
    source.pages[3]!.title = 'Log In';
    for (const page of source.pages) page.oldReferences = [];
    const problems = compareHttpReports(source, target);
    expect(problems).toContainEqual({
      code: 'http-check',
      where: { side: 'target', page: 'rest' },
      severity: 'error',
      message: "REST posts count 12 differs from the source's 13",
    });
    expect(problems.filter((p) => p.where.page === 'login').map((p) => p.severity)).toEqual(['warning']);
    expect(
      problems.filter((p) => p.message.startsWith('still points at the old domain')).length,
    ).toBeGreaterThanOrEqual(2);
  });
});

describe('checks named in the fleet file', () => {
  it('checks a moved login page, or none, as checks.login says', async () => {
    const site = { siteUrl: `http://shop.example.test:${port}`, address: '127.0.0.1' };
    const moved = await runHttpChecks({ ...site, login: '/secret-login/' });
    expect(moved.pages.find((p) => p.name === 'login')?.url).toBe(
      `http://shop.example.test:${port}/secret-login/`,
    );
    const none = await runHttpChecks({ ...site, login: false });
    expect(none.pages.map((p) => p.name)).not.toContain('login');
  });

  it('fails a form page whose selector matches nothing on the target while the source has it', async () => {
    const site = { siteUrl: `http://shop.example.test:${port}`, address: '127.0.0.1' };
    const target = await runHttpChecks({
      ...site,
      forms: [
        { url: '/wp-login.php', selector: 'form' },
        { url: '/contact/', selector: 'form.wpcf7-form' },
      ],
    });
    const forms = target.pages.filter((p) => p.selector !== undefined);
    expect(forms.map((p) => [p.name, p.selectorFound])).toEqual([
      ['form /wp-login.php', true],
      ['form /contact/', false],
    ]);
    const source = structuredClone(target);
    for (const page of source.pages) page.selectorFound = true;
    expect(compareHttpReports(source, target).filter((p) => p.where.page === 'form /contact/')).toEqual([
      {
        code: 'http-check',
        where: { side: 'target', page: 'form /contact/' },
        severity: 'error',
        message: 'no element matches `form.wpcf7-form` (the source has it)',
      },
    ]);
    // Missing on both sides: the selector is probably wrong, which is worth a warning, not a failed migration.
    expect(
      compareHttpReports(target, target)
        .filter((p) => p.where.page === 'form /contact/')
        .map((p) => p.severity),
    ).toEqual(['warning']);
  });
});

describe('pinning with the same hostname on two addresses', () => {
  it('never reuses a connection made to one address for a request pinned to another', async () => {
    const other = http.createServer((_req, res) => res.end('<title>other</title>'));
    await new Promise<void>((resolve) => other.listen(port, '127.0.0.2', resolve));
    try {
      const first = await pinnedFetch(`http://shop.example.test:${port}/`, { address: '127.0.0.1' });
      const second = await pinnedFetch(`http://shop.example.test:${port}/`, { address: '127.0.0.2' });
      expect(first.body).toContain('Shop – home');
      expect(second.body).toBe('<title>other</title>');
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
