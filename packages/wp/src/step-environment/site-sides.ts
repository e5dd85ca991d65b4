// The two ends of one site's migration: the source and target Hosts with a WpCli for the site on each, plus
// the paths wpfleet uses on the target (content, staging and backup directories).
import { posix } from 'node:path';
import { WpfleetError, type PlannedSite } from '@wpfleet/core';
import type { PreflightOutputs } from '../step-outputs/preflight-outputs.js';
import { WpCli } from '../wp-cli/wp-cli.js';
import type { StepEnvironment, StepHost } from './step-environment.js';

/** A Site side opened for a step: its Host's StepHost, the site's WpCli there and its content directory. */
interface OpenedSide {
  host: StepHost;
  wp: WpCli;
  contentDir: string;
}

export interface SiteSides {
  source: OpenedSide;
  target: OpenedSide & { stagingDir: string; backupDir: string; keyDir: string };
}

/**
 * Staging and backup directories live next to the target docroot (`<dirname(path)>/.wpfleet/<site>/`): outside
 * the docroot so nothing in them is ever served, and on the same filesystem in the common layout so the swap is
 * a rename (DM1). The host-to-host copy's temporary key lives there too, so a killed run's key is found (DM6).
 */
export function targetWorkDirs(site: PlannedSite): { stagingDir: string; backupDir: string; keyDir: string } {
  const base = targetWorkBase(site);
  return { stagingDir: `${base}/staging`, backupDir: `${base}/backup`, keyDir: `${base}/key` };
}

/** The site's own directory of work directories on the target: `<dirname(path)>/.wpfleet/<site>`. */
export function targetWorkBase(site: PlannedSite): string {
  const problem = workBaseProblem(site);
  if (problem !== undefined) {
    throw new WpfleetError(
      'WPF_PLAN_INVALID',
      `site ${JSON.stringify(site.name)} of the plan has no safe work directory on its target: ${problem}`,
      {
        kind: 'user',
        where: { site: site.name, host: site.target.host },
        hint: 'Make a new plan with `wpfleet plan`. Nothing was changed.',
      },
    );
  }
  return posix.join(posix.dirname(site.target.path.replace(/\/+$/, '')), '.wpfleet', site.name);
}

// What the fleet file allows as a site name: one directory name, never `.` or `..`.
const SITE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Why `<dirname(path)>/.wpfleet/<site>` would not be the site's own directory beside its docroot, or undefined. The
 * plan is trusted once its hash matches, so a hand-edited name (`..`) or path (`/srv/www/x/../..`) must not move
 * the directories that steps fill and `rm -rf`.
 */
export function workBaseProblem(site: Pick<PlannedSite, 'name' | 'target'>): string | undefined {
  if (!SITE_NAME.test(site.name))
    return `the site name ${JSON.stringify(site.name)} is not a single directory name`;
  const path = site.target.path.replace(/\/+$/, '');
  // eslint-disable-next-line no-control-regex
  if (!path.startsWith('/') || posix.normalize(path) !== path || /[\x00-\x1f]/.test(path)) {
    return `the target path ${JSON.stringify(site.target.path)} is not an absolute path without \`.\`/\`..\` steps (nor the root)`;
  }
  return undefined;
}

/**
 * A side's wp-content directory: WP_CONTENT_DIR from its wp-config.php (Bedrock's `web/app`, a renamed `content`
 * directory), else `<path>/wp-content`, WordPress's default.
 */
export function contentDirOf(path: string, config: Readonly<Record<string, unknown>>): string {
  const defined = config['WP_CONTENT_DIR'];
  if (typeof defined === 'string' && defined.startsWith('/')) return defined.replace(/\/+$/, '') || '/';
  return `${path.replace(/\/+$/, '')}/wp-content`;
}

/** The wp-content directories the preflight read from each side's wp-config.php. */
export type ContentDirs = Pick<PreflightOutputs, 'sourceContentDir' | 'targetContentDir'>;

/**
 * Both sides of a site. `preflight` is the preflight step's outputs when a step has them: their content
 * directories come from each side's wp-config.php; without them (before the preflight) the default applies.
 */
export async function openSiteSides(
  env: StepEnvironment,
  site: PlannedSite,
  signal?: AbortSignal,
  preflight?: ContentDirs,
): Promise<SiteSides> {
  const [sourceHost, targetHost] = await Promise.all([
    env.host(site.source.host),
    env.host(site.target.host),
  ]);
  // On a multisite WP-CLI must be told which site it works on, or it relies on DOMAIN_CURRENT_SITE matching a
  // site in the database (sunrise-based domain mapping leaves it unset): the network's main site, on each side.
  const wpFor = (host: StepHost, path: string, url: string) =>
    new WpCli(
      host.transport,
      { name: site.name, path, ...(site.multisite ? { url } : {}) },
      { ...(host.wpCommand ? { command: host.wpCommand } : {}), ...(signal ? { signal } : {}) },
    );
  const recorded = (value: string | undefined, path: string) => (value ? value : contentDirOf(path, {}));
  return {
    source: {
      host: sourceHost,
      wp: wpFor(sourceHost, site.source.path, site.source.url),
      contentDir: recorded(preflight?.sourceContentDir, site.source.path),
    },
    target: {
      host: targetHost,
      wp: wpFor(targetHost, site.target.path, site.target.url),
      contentDir: recorded(preflight?.targetContentDir, site.target.path),
      ...targetWorkDirs(site),
    },
  };
}
