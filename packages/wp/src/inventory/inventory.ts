// The Inventory: every selected Site's probe facts on both sides, the drift between its source and target
// environments and its plugin/theme parity. Plain JSON, cached in the run directory as inventory.json.
import type { DriftItem, Parity, SiteFactsPair } from '@wpfleet/core';
import type { ProbeFacts } from '../probe/probe-facts.js';

export const INVENTORY_FORMAT_VERSION = 1;

export interface SideInventory {
  host: string;
  path: string;
  url: string;
  /** Absent when the probe failed; `error` says why. */
  facts?: ProbeFacts;
  error?: { code: string; message: string; hint?: string };
  durationMs: number;
}

export interface SiteInventory {
  name: string;
  source: SideInventory;
  target: SideInventory;
  /** Source vs target environment; empty when either side has no facts. */
  drift: DriftItem[];
  /** Plugin and theme parity; null when either side has no facts. */
  parity: { plugins: Parity; themes: Parity } | null;
}

export interface Inventory {
  formatVersion: typeof INVENTORY_FORMAT_VERSION;
  /** sha256 of the canonical fleet JSON the facts were collected for; a changed fleet invalidates the cache. */
  fleetHash: string;
  collectedAt: string;
  wallMs: number;
  sites: Record<string, SiteInventory>;
}

/** The facts the planner reads, from one site's inventory. */
export function factsPair(site: SiteInventory): SiteFactsPair {
  // A target path without WordPress is a fact the planner turns into a blocker; other probe errors leave it unknown.
  const noWordPress =
    site.target.error !== undefined &&
    /does not seem to be a WordPress installation|not installed/i.test(site.target.error.message);
  return {
    ...(site.source.facts ? { source: site.source.facts } : {}),
    ...(site.target.facts
      ? { target: site.target.facts }
      : noWordPress
        ? { target: { wordpress: null } }
        : {}),
  };
}
