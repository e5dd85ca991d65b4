// Rules for where a site lives: its directory on a host and its URL. Both reach argv, journals and reports, and
// cleanup removes things under the directory, so they must be plain and unambiguous before anything runs.
import { z } from 'zod';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** What is wrong with a site directory, with a hint; undefined when it is fine. */
export function sitePathProblem(path: string): { message: string; hint: string } | undefined {
  if (CONTROL.test(path))
    return {
      message: 'must not contain control characters (a newline, a tab, an escape)',
      hint: 'write the directory on one line, exactly as `pwd` shows it on the host',
    };
  if (path.startsWith('-'))
    return {
      message: 'must not start with `-`',
      hint: 'write the absolute directory, e.g. `/srv/www/blog`',
    };
  if (!path.startsWith('/'))
    return {
      message: 'must be an absolute path (start with `/`)',
      hint: 'write the absolute directory, e.g. `/srv/www/blog`; relative paths depend on the login directory',
    };
  if (path === '/')
    return {
      message: 'must not be `/`',
      hint: "name the WordPress root itself, e.g. `/srv/www/blog`; wpfleet works in and next to the site's directory",
    };
  // One trailing `/` is harmless (it is trimmed where paths are compared); anything else that a normaliser would
  // change could name another directory than the one the operator read.
  const segments = path.slice(1).replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..' || s === '.' || s === ''))
    return {
      message: 'must be normalised: no `..` or `.` parts and no `//`',
      hint: `write it as \`${normalisedPath(path)}\``,
    };
  return undefined;
}

/** What is wrong with a site URL, with a hint; undefined when it is fine or not a URL at all (zod says so). */
export function siteUrlProblem(url: string): { message: string; hint: string } | undefined {
  // The URL parser drops tabs and newlines silently, so look at the text first.
  if (CONTROL.test(url) || /\s/.test(url))
    return {
      message: 'must not contain spaces or control characters',
      hint: 'write the URL on one line, e.g. `https://blog.example.com`',
    };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return {
      message: 'must be an http:// or https:// URL',
      hint: 'write the address the site answers on, e.g. `https://blog.example.com`',
    };
  if (parsed.username !== '' || parsed.password !== '')
    return {
      message: 'must not hold a user name or password (`user:pw@`)',
      hint: 'remove the `user:pw@` part: fleet files are shared and URLs are printed, journalled and reported',
    };
  if (url.includes('#'))
    return {
      message: 'must not have a `#fragment`',
      hint: 'remove the `#…` part; it is never sent to the server, so search-replace would miss it',
    };
  return undefined;
}

/** What is wrong with a page to check (a path, or an absolute URL of the site); undefined when it is fine. */
function checkPageProblem(page: string): { message: string; hint: string } | undefined {
  if (CONTROL.test(page))
    return {
      message: 'must not contain control characters',
      hint: 'write the page on one line, e.g. `/contact/`',
    };
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(page)) return undefined;
  return siteUrlProblem(page);
}

function normalisedPath(path: string): string {
  const out: string[] = [];
  for (const s of path.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return `/${out.join('/')}`;
}

/** A zod refinement that reports what `problemOf` finds as a custom issue, its hint in `params.hint`. */
function issueFrom(
  problemOf: (value: string) => { message: string; hint: string } | undefined,
): (value: string, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    const problem = problemOf(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { hint: problem.hint } });
  };
}

/** A page the HTTP check asks for: a path, or an absolute http(s) URL without credentials. */
export const checkPage = z.string().min(1).superRefine(issueFrom(checkPageProblem));

/** A site's directory on its host: absolute, normalised, one line. */
export const sitePath = z.string().min(1).superRefine(issueFrom(sitePathProblem));

/**
 * A site's address: http(s), no credentials, no fragment. Checked on the text as written, before zod's URL check,
 * which trims it and drops tabs and newlines without a word.
 */
export const siteUrl = z.string().superRefine(issueFrom(siteUrlProblem)).url();
