// HTTP checks of one site as a visitor would see it: home, a post, a page, the login page and the REST API,
// requested with the hostname pinned to a chosen address (the target, before any DNS change). It reports
// status codes, titles, REST counts and links or assets that still point at an
// old domain (cheerio).
import type * as CheerioSlim from 'cheerio/slim';
import type { Finding } from '@wpfleet/core';
import {
  DEFAULT_MAX_BODY_BYTES,
  pinnedFetch,
  type PinnedFetchOptions,
  type PinnedResponse,
} from './pinned-fetch.js';

function limitText(bytes = DEFAULT_MAX_BODY_BYTES): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : `${bytes} bytes`;
}

export interface HttpCheckOptions {
  siteUrl: string;
  /** Address the site's hostname resolves to for these requests. */
  address?: string;
  /** Hostnames (optionally with path) that must no longer appear in links or assets. */
  oldOrigins?: string[];
  /** Further URLs (paths or absolute) named in the fleet file: checks.urls, checkout, ... */
  extraUrls?: string[];
  /** The login page: true (default) for wp-login.php, a path for a moved login page, false to skip it. */
  login?: boolean | string;
  /** Pages that must hold an element matching `selector` (checks.forms); not submitted. */
  forms?: { url: string; selector: string }[];
  insecureTls?: boolean;
  timeoutMs?: number;
  /** Per request, redirects and body included (pinnedFetch's default when absent). */
  deadlineMs?: number;
  /** Bytes of a page read at most (pinnedFetch's default when absent); a longer page is reported too large. */
  maxBodyBytes?: number;
  signal?: AbortSignal;
}

interface PageCheck {
  name: string;
  url: string;
  status: number;
  title: string | null;
  ms: number;
  /** Attribute values that still reference an old origin, e.g. `img[src]=http://old.example/...`. */
  oldReferences: string[];
  error?: string;
  /** The selector of a checks.forms entry, and whether the page held a match. */
  selector?: string;
  selectorFound?: boolean;
  /** The page was longer than the body cap: only its start was read and checked. */
  tooLarge?: { limitBytes: number };
}

export interface HttpCheckReport {
  siteUrl: string;
  address: string | null;
  pages: PageCheck[];
  rest: { status: number; posts: number | null; pages: number | null; error?: string };
}

// cheerio loads on the first check, not with wpfleet: a command that never checks a page (a migrate
// while it streams, search-replace) does not carry them (DS9).
let cheerioModule: Promise<typeof CheerioSlim> | undefined;
const loadCheerio = () => (cheerioModule ??= import('cheerio/slim'));

const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'action', 'data-src', 'poster', 'content'] as const;

/** Every attribute value in the page that references one of the old origins. */
export async function findOldReferences(html: string, oldOrigins: string[]): Promise<string[]> {
  if (oldOrigins.length === 0) return [];
  const $ = (await loadCheerio()).load(html);
  const needles = oldOrigins.map((o) =>
    o
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, '')
      .toLowerCase(),
  );
  const hits: string[] = [];
  for (const attribute of URL_ATTRIBUTES) {
    $(`[${attribute}]`).each((_, element) => {
      const value = $(element).attr(attribute) ?? '';
      const candidates =
        attribute === 'srcset' ? value.split(',').map((s) => s.trim().split(/\s+/)[0] ?? '') : [value];
      for (const candidate of candidates) {
        const host = hostAndPath(candidate);
        if (host && needles.some((n) => host === n || host.startsWith(`${n}/`))) {
          const tag = 'tagName' in element ? element.tagName : 'element';
          hits.push(`${tag}[${attribute}]=${candidate}`);
        }
      }
    });
  }
  return hits;
}

function hostAndPath(value: string): string | null {
  const match = /^(?:https?:)?\/\/([^/?#\s]+)([^?#\s]*)/i.exec(value.trim());
  if (!match) return null;
  return `${match[1]!.toLowerCase()}${match[2] ?? ''}`;
}

async function pageTitle(html: string): Promise<string | null> {
  const title = (await loadCheerio()).load(html)('title').first().text().trim();
  return title === '' ? null : title;
}

function absolute(siteUrl: string, pathOrUrl: string): string {
  return new URL(pathOrUrl, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).toString();
}

async function restCount(siteUrl: string, type: 'posts' | 'pages', pinned: PinnedFetchOptions) {
  // rest_route works with and without pretty permalinks.
  const url = absolute(siteUrl, `?rest_route=/wp/v2/${type}&per_page=1&_fields=id,link`);
  const response = await pinnedFetch(url, { ...pinned, headers: { accept: 'application/json' } });
  // A cut JSON document would only fail to parse, later and less clearly.
  if (response.truncated) throw new Error(`the REST answer is larger than ${limitText(pinned.maxBodyBytes)}`);
  const items = JSON.parse(response.body) as { id: number; link: string }[];
  const total = response.headers['x-wp-total'] ?? null;
  return {
    status: response.status,
    total: total === null ? null : Number(total),
    first: items[0]?.link ?? null,
  };
}

async function checkPage(
  name: string,
  url: string,
  options: HttpCheckOptions,
  pinned: PinnedFetchOptions,
  selector?: string,
): Promise<PageCheck> {
  let response: PinnedResponse;
  try {
    response = await pinnedFetch(url, pinned);
  } catch (error) {
    return { name, url, status: 0, title: null, ms: 0, oldReferences: [], error: (error as Error).message };
  }
  return {
    name,
    url,
    status: response.status,
    ...(response.truncated
      ? { tooLarge: { limitBytes: pinned.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES } }
      : {}),
    title: await pageTitle(response.body),
    ms: response.ms,
    oldReferences: await findOldReferences(response.body, options.oldOrigins ?? []),
    ...(selector === undefined
      ? {}
      : { selector, selectorFound: (await loadCheerio()).load(response.body)(selector).length > 0 }),
  };
}

/** A post's link on the checked host: the REST API reports links with the site's own hostname. */
function onSite(siteUrl: string, link: string | null): string | null {
  if (!link) return null;
  const target = new URL(link);
  const site = new URL(siteUrl);
  target.protocol = site.protocol;
  target.host = site.host;
  return target.toString();
}

export async function runHttpChecks(options: HttpCheckOptions): Promise<HttpCheckReport> {
  const pinned: PinnedFetchOptions = {
    ...(options.address ? { address: options.address } : {}),
    ...(options.insecureTls ? { insecureTls: true } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const report: HttpCheckReport = {
    siteUrl: options.siteUrl,
    address: options.address ?? null,
    pages: [],
    rest: { status: 0, posts: null, pages: null },
  };
  let postLink: string | null = null;
  let pageLink: string | null = null;
  try {
    const [posts, pages] = await Promise.all([
      restCount(options.siteUrl, 'posts', pinned),
      restCount(options.siteUrl, 'pages', pinned),
    ]);
    report.rest = { status: posts.status, posts: posts.total, pages: pages.total };
    postLink = onSite(options.siteUrl, posts.first);
    pageLink = onSite(options.siteUrl, pages.first);
  } catch (error) {
    report.rest.error = (error as Error).message;
  }
  const targets: [string, string][] = [['home', absolute(options.siteUrl, '')]];
  if (postLink) targets.push(['post', postLink]);
  if (pageLink) targets.push(['page', pageLink]);
  const login = options.login ?? true;
  if (login !== false)
    targets.push(['login', absolute(options.siteUrl, login === true ? 'wp-login.php' : login)]);
  for (const extra of options.extraUrls ?? []) targets.push([extra, absolute(options.siteUrl, extra)]);
  const forms = (options.forms ?? []).map(
    (f) => [`form ${f.url}`, absolute(options.siteUrl, f.url), f.selector] as const,
  );
  // Independent GETs: at once (a WordPress page render is mostly PHP time on the host), reported in a fixed order.
  report.pages.push(
    ...(await Promise.all([
      ...targets.map(([name, url]) => checkPage(name, url, options, pinned)),
      ...forms.map(([name, url, selector]) => checkPage(name, url, options, pinned, selector)),
    ])),
  );
  return report;
}

/** A problem of the target's page (`where.page`) beside the source's: an `error` fails the check, a `warning` is shown. */
export type HttpCheckProblem = Finding & {
  severity: 'error' | 'warning';
  where: { side: 'target'; page: string };
};

function at(page: string): Pick<HttpCheckProblem, 'code' | 'where'> {
  return { code: 'http-check', where: { side: 'target', page } };
}

/** Problems of a target report, compared side by side with the source's report. */
export function compareHttpReports(source: HttpCheckReport, target: HttpCheckReport): HttpCheckProblem[] {
  const problems: HttpCheckProblem[] = [];
  const sourcePages = new Map(source.pages.map((p) => [p.name, p]));
  for (const page of target.pages) {
    const before = sourcePages.get(page.name);
    if (page.error) {
      problems.push({ ...at(page.name), severity: 'error', message: `request failed: ${page.error}` });
      continue;
    }
    if (page.tooLarge) {
      // A page the source serves at a sane size but the target serves past the cap is broken on the target;
      // one both serve that large is only checked on its start.
      const limit = limitText(page.tooLarge.limitBytes);
      problems.push(
        before && !before.tooLarge && !before.error
          ? {
              ...at(page.name),
              severity: 'error',
              message: `the page is too large: more than ${limit} (the source's is not); only its start was checked`,
            }
          : {
              ...at(page.name),
              severity: 'warning',
              message: `the page is too large: more than ${limit}, on the source too; only its first ${limit} were checked`,
            },
      );
    }
    if (page.status >= 400 && (!before || before.status < 400)) {
      problems.push({
        ...at(page.name),
        severity: 'error',
        message: `status ${page.status} (source: ${before?.status ?? 'n/a'})`,
      });
    } else if (before && page.status !== before.status) {
      problems.push({
        ...at(page.name),
        severity: 'warning',
        message: `status ${page.status}, source had ${before.status}`,
      });
    }
    if (before && before.title !== page.title) {
      problems.push({
        ...at(page.name),
        severity: 'warning',
        message: `title ${JSON.stringify(page.title)} differs from the source's ${JSON.stringify(before.title)}`,
      });
    }
    if (page.selector !== undefined && page.selectorFound === false && page.status < 400) {
      problems.push(
        before?.selectorFound === false
          ? {
              ...at(page.name),
              severity: 'warning',
              message: `no element matches \`${page.selector}\` on the source either: check the selector in checks.forms`,
            }
          : {
              ...at(page.name),
              severity: 'error',
              message: `no element matches \`${page.selector}\` (the source has it)`,
            },
      );
    }
    for (const reference of page.oldReferences) {
      problems.push({
        ...at(page.name),
        severity: 'error',
        message: `still points at the old domain: ${reference}`,
      });
    }
  }
  for (const type of ['posts', 'pages'] as const) {
    if (source.rest[type] !== null && target.rest[type] !== source.rest[type]) {
      problems.push({
        ...at('rest'),
        severity: 'error',
        message: `REST ${type} count ${String(target.rest[type])} differs from the source's ${String(source.rest[type])}`,
      });
    }
  }
  return problems;
}
