// What a loaded plan must hold before anything acts on it. Its hash only proves nobody edited it since it was
// written, not that whoever wrote it was wpfleet: names and prefixes end up in paths, SQL and journals.
import { NAME_PATTERN } from '../fleet/fleet-schema.js';
import { sitePathProblem, siteUrlProblem } from '../fleet/fleet-location.js';
import { workPrefixProblem } from '../fleet/work-prefix.js';

/** Why one planned site (under `key` in `sites`) cannot be run, or undefined. Never echoes a path or URL. */
export function planSiteProblem(key: string, site: unknown): string | undefined {
  if (!NAME_PATTERN.test(key)) return 'its name is not letters, digits, `.`, `_` and `-`';
  if (typeof site !== 'object' || site === null) return 'it is not a site';
  const s = site as {
    name?: unknown;
    stagingPrefix?: unknown;
    backupPrefix?: unknown;
    source?: { host?: unknown; path?: unknown; url?: unknown };
    target?: { host?: unknown; path?: unknown; url?: unknown };
    steps?: unknown;
    forbiddenActions?: unknown;
  };
  if (s.name !== key) return 'its `name` differs from its key';
  const prefixes = workPrefixProblem(s.stagingPrefix, s.backupPrefix);
  if (prefixes) return prefixes;
  for (const side of ['source', 'target'] as const) {
    const where = s[side];
    if (typeof where !== 'object' || where === null) return `it has no ${side}`;
    if (typeof where.host !== 'string' || !NAME_PATTERN.test(where.host))
      return `its ${side} host name is unsafe`;
    const path = typeof where.path === 'string' ? sitePathProblem(where.path) : { message: 'is missing' };
    if (path) return `its ${side} path ${path.message}`;
    const url = typeof where.url === 'string' ? siteUrlProblem(where.url) : { message: 'is missing' };
    if (url) return `its ${side} URL ${url.message}`;
  }
  if (!Array.isArray(s.steps) || !Array.isArray(s.forbiddenActions)) return 'it has no steps or policies';
  return undefined;
}
