// Collects the Inventory: one probe round trip per Site side, Sites in parallel (bounded per Host and fleet-wide),
// each failure kept as that side's error so one broken site never hides the others' facts.
import { WpfleetError, canonicalHash, compareEnvironments, compareParity, type Fleet } from '@wpfleet/core';
import { HostLimits, type HostLimitsOverride } from '../fleet-hosts/host-limits.js';
import type { HostPool } from '../fleet-hosts/host-pool.js';
import { probeSite, siteSide, siteWpCli, type SideName } from '../fleet-hosts/site-side.js';
import type { ProbeFacts } from '../probe/probe-facts.js';
import {
  INVENTORY_FORMAT_VERSION,
  type Inventory,
  type SideInventory,
  type SiteInventory,
} from './inventory.js';

export interface CollectInventoryOptions {
  fleet: Fleet;
  pool: HostPool;
  sites: readonly string[];
  limits?: HostLimitsOverride;
  signal?: AbortSignal;
  /** Called as each side finishes (progress output). */
  onSide?: (site: string, side: SideName, result: SideInventory) => void;
  /** Clock, for tests and the benchmark. */
  now?: () => Date;
}

export async function collectInventory(options: CollectInventoryOptions): Promise<Inventory> {
  const { fleet, pool } = options;
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const limits = new HostLimits(fleet, options.limits);
  const probeSide = async (name: string, sideName: SideName): Promise<SideInventory> => {
    const side = siteSide(fleet, name, sideName);
    return limits.run(
      side.host,
      async () => {
        const t0 = Date.now();
        const base = { host: side.host, path: side.path, url: side.url };
        let result: SideInventory;
        try {
          const command = await pool.wpCommand(side.host);
          const facts = await probeSite(
            siteWpCli(pool, fleet, side, { command, ...(options.signal ? { signal: options.signal } : {}) }),
            { host: side.host, site: name },
          );
          result = { ...base, facts, durationMs: Date.now() - t0 };
        } catch (error) {
          result = { ...base, error: errorOf(error), durationMs: Date.now() - t0 };
        }
        options.onSide?.(name, sideName, result);
        return result;
      },
      options.signal,
    );
  };
  // Connect every host once before the fan-out: host-key and reachability errors then surface once per host,
  // and the sites of a host start on an established connection.
  const hosts = [
    ...new Set(options.sites.flatMap((n) => [fleet.sites[n]!.source.host, fleet.sites[n]!.target.host])),
  ];
  await Promise.all(hosts.map((h) => pool.connect(h).catch(() => undefined)));
  const entries = await Promise.all(
    options.sites.map(async (name): Promise<[string, SiteInventory]> => {
      const [source, target] = await Promise.all([probeSide(name, 'source'), probeSide(name, 'target')]);
      return [name, siteInventory(name, source, target)];
    }),
  );
  return {
    formatVersion: INVENTORY_FORMAT_VERSION,
    fleetHash: canonicalHash(fleet),
    collectedAt: now().toISOString(),
    wallMs: Date.now() - started,
    // By site name, with no prototype: `constructor` is a valid site name.
    sites: Object.assign(
      Object.create(null) as Inventory['sites'],
      Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b))),
    ),
  };
}

export function siteInventory(name: string, source: SideInventory, target: SideInventory): SiteInventory {
  const s = source.facts;
  const t = target.facts;
  return {
    name,
    source,
    target,
    drift: s && t ? compareEnvironments(s, t) : [],
    parity:
      s && t
        ? {
            plugins: compareParity(pluginFacts(s), pluginFacts(t)),
            themes: compareParity(s.themes, t.themes),
          }
        : null,
  };
}

/** Plugins by slug; the name a plugin list shows is its directory (or file for single-file plugins). */
function pluginFacts(facts: ProbeFacts): { name: string; version: string; status: string }[] {
  return facts.plugins.map((p) => ({ name: p.name, version: p.version, status: p.status }));
}

function errorOf(error: unknown): { code: string; message: string; hint?: string } {
  if (error instanceof WpfleetError)
    return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { code: 'WPF_BUG', message: error instanceof Error ? error.message : String(error) };
}
