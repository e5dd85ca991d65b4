// Plugin/theme parity: which items the target lacks, has extra, or has at another version. Pure set arithmetic,
// used by inventory before a move and by verify after it.
import type { PluginFact } from '../plan/site-facts.js';

export interface Parity {
  missing: PluginFact[];
  extra: PluginFact[];
  versionDiffers: { name: string; source: string; target: string }[];
  statusDiffers: { name: string; source: string; target: string }[];
}

export function compareParity(source: readonly PluginFact[], target: readonly PluginFact[]): Parity {
  const byName = (items: readonly PluginFact[]): Map<string, PluginFact> =>
    new Map(items.map((i) => [i.name, i]));
  const s = byName(source);
  const t = byName(target);
  const sortByName = <T extends { name: string }>(items: T[]): T[] =>
    items.sort((a, b) => a.name.localeCompare(b.name));
  const parity: Parity = { missing: [], extra: [], versionDiffers: [], statusDiffers: [] };
  for (const [name, item] of s) {
    const other = t.get(name);
    if (!other) {
      parity.missing.push(item);
      continue;
    }
    if (other.version !== item.version)
      parity.versionDiffers.push({ name, source: item.version, target: other.version });
    if (other.status !== item.status)
      parity.statusDiffers.push({ name, source: item.status, target: other.status });
  }
  for (const [name, item] of t) if (!s.has(name)) parity.extra.push(item);
  sortByName(parity.missing);
  sortByName(parity.extra);
  sortByName(parity.versionDiffers);
  sortByName(parity.statusDiffers);
  return parity;
}

/** Jaccard similarity of two plugin stacks by name: 1 for identical sets, 0 for disjoint; two empty stacks are equal. */
export function stackSimilarity(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let shared = 0;
  for (const x of sa) if (sb.has(x)) shared++;
  return shared / (sa.size + sb.size - shared);
}
