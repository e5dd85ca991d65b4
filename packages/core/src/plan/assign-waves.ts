// Wave assignment: sites that share characteristics (target host, PHP and WP versions, plugin stack) go together,
// risky sites (critical, high, multisite, size outliers, major drift) go later in smaller waves, pins win.
// The heuristic and its reasons are in docs/decisions.md ("Wave assignment").
import type { Criticality } from '../fleet/fleet-schema.js';
import { stackSimilarity } from '../compare/compare-parity.js';

export interface WaveCandidate {
  name: string;
  targetHost: string;
  /** "8.2", or "?" when unknown. */
  php: string;
  wp: string;
  plugins: string[];
  bytes: number;
  criticality: Criticality;
  /** Set when the site is multisite or its environment drifts a lot (e.g. PHP major). */
  risky: boolean;
  pin?: number;
}

export interface WaveAssignment {
  waves: { number: number; sites: string[]; reason: string }[];
  /** Sites whose pinned wave ended up larger than the maximum size. */
  overfullPins: string[];
}

export interface AssignWavesOptions {
  maxSize: number;
  /** Sizes above this many times the fleet's median (and above `outlierMinBytes`) count as outliers. */
  outlierFactor?: number;
  outlierMinBytes?: number;
}

type Tier = 0 | 1 | 2;
const TIER_WORDS = ['', 'higher-risk', 'critical or outlier'] as const;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Nearest-neighbour chain by plugin-stack similarity, starting from the smallest site, so neighbours share stacks. */
function chainBySimilarity(sites: WaveCandidate[]): WaveCandidate[] {
  const rest = [...sites].sort((a, b) => a.bytes - b.bytes || a.name.localeCompare(b.name));
  const out: WaveCandidate[] = [];
  let current = rest.shift();
  while (current) {
    out.push(current);
    let best = -1;
    let bestScore = -1;
    rest.forEach((candidate, index) => {
      const score = stackSimilarity(current?.plugins ?? [], candidate.plugins);
      if (score > bestScore) {
        best = index;
        bestScore = score;
      }
    });
    current = best >= 0 ? rest.splice(best, 1)[0] : undefined;
  }
  return out;
}

function describeWave(sites: WaveCandidate[], tier: Tier): string {
  const shared = (pick: (s: WaveCandidate) => string, label: string): string | undefined => {
    const values = new Set(sites.map(pick));
    return values.size === 1 ? `${label} ${[...values][0] ?? ''}` : undefined;
  };
  const parts = [
    shared((s) => s.targetHost, 'target'),
    shared((s) => s.php, 'PHP'),
    shared((s) => s.wp, 'WordPress'),
  ].filter((p): p is string => p !== undefined && !p.endsWith('?'));
  const what = parts.length > 0 ? `shared ${parts.join(', ')}` : 'mixed environments';
  return tier === 0 ? what : `${TIER_WORDS[tier]} sites; ${what}`;
}

/**
 * Sites whose plugin stack resembles no other site's (best Jaccard similarity below 0.2, at least 3 active
 * plugins, in a fleet of 5 or more): nothing else in the fleet tests their combination first.
 */
function unusualStacks(candidates: readonly WaveCandidate[]): Set<string> {
  const odd = new Set<string>();
  if (candidates.length < 5) return odd;
  for (const c of candidates) {
    if (c.plugins.length < 3) continue;
    const best = Math.max(
      ...candidates.filter((o) => o !== c).map((o) => stackSimilarity(c.plugins, o.plugins)),
    );
    if (best < 0.2) odd.add(c.name);
  }
  return odd;
}

export function assignWaves(
  candidates: readonly WaveCandidate[],
  options: AssignWavesOptions,
): WaveAssignment {
  const maxSize = Math.max(1, options.maxSize);
  const limit = Math.max(
    median(candidates.map((c) => c.bytes)) * (options.outlierFactor ?? 4),
    options.outlierMinBytes ?? 512 * 1024 * 1024,
  );
  const oddStacks = unusualStacks(candidates);
  const tierOf = (c: WaveCandidate): Tier => {
    if (c.criticality === 'critical' || c.bytes > limit) return 2;
    if (c.criticality === 'high' || c.risky || oddStacks.has(c.name)) return 1;
    return 0;
  };
  const sizeOf = [
    maxSize,
    Math.max(1, Math.floor(maxSize / 2)),
    Math.max(1, Math.floor(maxSize / 4)),
  ] as const;

  const auto: { sites: WaveCandidate[]; tier: Tier }[] = [];
  for (const tier of [0, 1, 2] as const) {
    const inTier = candidates.filter((c) => c.pin === undefined && tierOf(c) === tier);
    const groups = new Map<string, WaveCandidate[]>();
    for (const c of inTier) {
      const key = `${c.targetHost}\u0000${c.php}\u0000${c.wp}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    // Groups with small sites first: an early wave is cheap to fail.
    const ordered = [...groups.entries()]
      .map(([key, sites]) => ({
        key,
        sites: chainBySimilarity(sites),
        bytes: sites.reduce((n, s) => n + s.bytes, 0),
      }))
      .sort((a, b) => a.bytes - b.bytes || a.key.localeCompare(b.key));
    const sequence = ordered.flatMap((g) => g.sites);
    for (let i = 0; i < sequence.length; i += sizeOf[tier])
      auto.push({ sites: sequence.slice(i, i + sizeOf[tier]), tier });
  }

  const slots: { sites: WaveCandidate[]; tier: Tier; pinned: boolean }[] = auto.map((w) => ({
    ...w,
    pinned: false,
  }));
  const overfullPins: string[] = [];
  const pinned = candidates.filter((c) => c.pin !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  for (const c of pinned) {
    const index = (c.pin ?? 1) - 1;
    while (slots.length <= index) slots.push({ sites: [], tier: 0, pinned: true });
    const slot = slots[index];
    if (!slot) continue;
    slot.sites.push(c);
    slot.tier = Math.max(slot.tier, tierOf(c)) as Tier;
    if (slot.sites.length > maxSize) overfullPins.push(c.name);
  }
  const waves = slots
    .filter((s) => s.sites.length > 0)
    .map((s, i) => ({
      number: i + 1,
      sites: s.sites.map((c) => c.name),
      reason: describeWave(s.sites, s.tier),
    }));
  return { waves, overfullPins };
}
