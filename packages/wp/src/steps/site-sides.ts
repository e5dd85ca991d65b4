// The two ends of one site's migration: the source and target Hosts with a WpCli for the site on each, plus
// the paths wpfleet uses on the target (content, staging and backup directories).
import { posix } from 'node:path';
import type { PlannedSite } from '@wpfleet/core';
import { WpCli } from '../wp-cli/wp-cli.js';
import type { StepEnvironment, StepHost } from './step-environment.js';

export interface SiteSide {
  host: StepHost;
  wp: WpCli;
  contentDir: string;
}

export interface SiteSides {
  source: SiteSide;
  target: SiteSide & { stagingDir: string; backupDir: string };
}

/**
 * Staging and backup directories live next to the target docroot (`<dirname(path)>/.wpfleet/<site>/`): outside
 * the docroot so nothing in them is ever served, and on the same filesystem in the common layout so the swap is
 * a rename. See docs/decisions.md "Staging directory location".
 */
export function targetWorkDirs(site: PlannedSite): { stagingDir: string; backupDir: string } {
  const base = posix.join(posix.dirname(site.target.path.replace(/\/+$/, '')), '.wpfleet', site.name);
  return { stagingDir: `${base}/staging`, backupDir: `${base}/backup` };
}

export async function openSiteSides(env: StepEnvironment, site: PlannedSite, signal?: AbortSignal): Promise<SiteSides> {
  const [sourceHost, targetHost] = await Promise.all([env.host(site.source.host), env.host(site.target.host)]);
  const wpFor = (host: StepHost, path: string) =>
    new WpCli(host.transport, { name: site.name, path }, { ...(host.wpCommand ? { command: host.wpCommand } : {}), ...(signal ? { signal } : {}) });
  return {
    source: { host: sourceHost, wp: wpFor(sourceHost, site.source.path), contentDir: `${site.source.path.replace(/\/+$/, '')}/wp-content` },
    target: {
      host: targetHost,
      wp: wpFor(targetHost, site.target.path),
      contentDir: `${site.target.path.replace(/\/+$/, '')}/wp-content`,
      ...targetWorkDirs(site),
    },
  };
}
