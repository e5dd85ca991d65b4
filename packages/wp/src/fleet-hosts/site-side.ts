// A Site's source or target side as the fleet file names it, bound to the run's Transport for its Host: the WpCli to
// drive it, and the one-round-trip probe that reads its facts.
import type { Fleet, FleetHost } from '@wpfleet/core';
import { WpfleetError } from '@wpfleet/core';
import { parseProbeOutput } from '../probe/parse-probe-output.js';
import type { ProbeFacts } from '../probe/probe-facts.js';
import { probeScript } from '../probe/probe-script.js';
import { WpCli, type WpCliWarning } from '../wp-cli/wp-cli.js';
import type { HostPool } from './host-pool.js';

export type SideName = 'source' | 'target';

export interface SiteSide {
  site: string;
  side: SideName;
  host: string;
  path: string;
  url: string;
}

export function siteSide(fleet: Pick<Fleet, 'sites'>, site: string, side: SideName): SiteSide {
  const entry = fleet.sites[site];
  if (!entry)
    throw new WpfleetError('WPF_FLEET_INVALID', `site ${site} is not in the fleet file`, {
      kind: 'user',
      where: { site },
    });
  const { host, path, url } = entry[side];
  return { site, side, host, path, url };
}

/** How WP-CLI starts on a host: `wp`, the fleet's `wpCli` path, or (phar) `php` plus the uploaded phar. */
export function wpCliCommand(host: FleetHost | undefined, pharPath?: string): string[] {
  if (typeof host?.wpCli === 'string') return [host.wpCli];
  if (host?.wpCli !== undefined && pharPath !== undefined) return ['php', pharPath];
  return ['wp'];
}

export interface SiteWpCliOptions {
  /** The launcher from `HostPool.wpCommand` (needed for an uploaded phar); default from the fleet host. */
  command?: readonly string[];
  onWarning?: (warning: WpCliWarning) => void;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function siteWpCli(
  pool: HostPool,
  fleet: Pick<Fleet, 'hosts'>,
  side: SiteSide,
  options: SiteWpCliOptions = {},
): WpCli {
  return new WpCli(
    pool.get(side.host),
    // Probes and checks load WordPress with its plugins: their versions are part of the facts, and a plugin that
    // breaks loading must show up here rather than halfway through a migration.
    { name: `${side.site} (${side.side})`, path: side.path },
    {
      command: options.command ?? wpCliCommand(fleet.hosts[side.host]),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
}

/** Run the PHP probe on a site: one `wp eval-file -` round trip, facts validated with zod. */
export async function probeSite(
  wpCli: WpCli,
  where: { host?: string; site?: string } = {},
): Promise<ProbeFacts> {
  const stdout = await wpCli.evalFile(probeScript(), { timeoutMs: 120_000 });
  return parseProbeOutput(stdout, where);
}
