// The duration model: each step's time from the site's sizes and a few throughput figures (see docs/decisions.md,
// "Estimate model"). Rough on purpose: it orders waves and sets expectations, it does not promise.
import type { StepKind } from '../run/step-kind.js';
import type { SiteEstimate } from './plan.js';

export interface EstimateRates {
  /** Dump → SqlStream → import throughput, bytes/s of table data. */
  dbBytesPerSecond: number;
  /** rsync throughput, bytes/s. */
  fileBytesPerSecond: number;
  /** Per-file cost of rsync and manifests, ms. */
  msPerFile: number;
  /** Rows re-read per second when verifying digests on the target. */
  verifyRowsPerSecond: number;
  /** Fixed cost of one SSH round trip plus a WP-CLI boot, ms. */
  roundTripMs: number;
}

export const DEFAULT_ESTIMATE_RATES: EstimateRates = {
  dbBytesPerSecond: 20 * 1024 * 1024,
  fileBytesPerSecond: 40 * 1024 * 1024,
  msPerFile: 0.5,
  verifyRowsPerSecond: 200_000,
  roundTripMs: 1_000,
};

export interface SiteSizes {
  dbBytes: number;
  dbRows: number;
  tables: number;
  fileBytes: number;
  fileCount: number;
  checkUrls: number;
}

export function estimateSite(
  sizes: SiteSizes,
  dependencies: Readonly<Record<StepKind, readonly StepKind[]>>,
  rates: EstimateRates = DEFAULT_ESTIMATE_RATES,
): SiteEstimate {
  const rt = rates.roundTripMs;
  const stepMs: Record<StepKind, number> = {
    preflight: 3 * rt,
    db: 3 * rt + (sizes.dbBytes / rates.dbBytesPerSecond) * 1000 + sizes.tables * 20,
    files: 2 * rt + (sizes.fileBytes / rates.fileBytesPerSecond) * 1000 + sizes.fileCount * rates.msPerFile,
    verify:
      4 * rt + (sizes.dbRows / rates.verifyRowsPerSecond) * 1000 + sizes.fileCount * rates.msPerFile * 0.2,
    swap: 2 * rt + sizes.tables * 20,
    'http-check': 2 * rt + (5 + sizes.checkUrls) * 300,
  };
  for (const kind of Object.keys(stepMs) as StepKind[]) stepMs[kind] = Math.round(stepMs[kind]);
  return {
    dbBytes: sizes.dbBytes,
    dbRows: sizes.dbRows,
    fileBytes: sizes.fileBytes,
    fileCount: sizes.fileCount,
    stepMs,
    totalMs: criticalPath(stepMs, dependencies),
  };
}

/** Longest path through the step DAG (db and files overlap). */
function criticalPath(
  stepMs: Partial<Record<StepKind, number>>,
  dependencies: Readonly<Record<StepKind, readonly StepKind[]>>,
): number {
  const finish = new Map<StepKind, number>();
  const finishOf = (kind: StepKind): number => {
    const known = finish.get(kind);
    if (known !== undefined) return known;
    const start = Math.max(0, ...(dependencies[kind] ?? []).map(finishOf));
    const end = start + (stepMs[kind] ?? 0);
    finish.set(kind, end);
    return end;
  };
  return Math.max(0, ...(Object.keys(stepMs) as StepKind[]).map(finishOf));
}
