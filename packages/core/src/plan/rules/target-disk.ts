// Free disk on the target: the one judgement of it, for the plan (from the probe's figure), the Doctor (from `df`)
// and preflight (from `df` again, right before the copy). A figure that cannot be read is judged by no one.
import { formatBytes } from '../../format/format-bytes.js';
import { blocker, type PlanFinding, type PlanRule } from './plan-rule.js';

/** Kept free on the target whatever the site's size: the import's temporary files, binlogs and logs grow there. */
const TARGET_HEADROOM_BYTES = 256 * 1024 * 1024;

/**
 * What a site needs free on the target: staging tables beside the live ones (about the source's table bytes;
 * InnoDB rebuilds can briefly need more, hence 1.5x) plus the staged wp-content, with 10% and 256 MiB to
 * spare.
 */
export function requiredTargetBytes(dbBytes: number, fileBytes: number): number {
  return Math.ceil((dbBytes * 1.5 + fileBytes) * 1.1) + TARGET_HEADROOM_BYTES;
}

/**
 * How `requiredTargetBytes` came to its figure, in words: for a small site the fixed headroom is nearly all of it,
 * and a bare "258 MiB needed" for 1.5 MB of data reads as a bug (issue 13).
 */
export function explainRequiredTargetBytes(dbBytes: number, fileBytes: number): string {
  return `${formatBytes(dbBytes)} of tables ×1.5 for the staging copy + ${formatBytes(fileBytes)} of wp-content, +10%, + ${formatBytes(TARGET_HEADROOM_BYTES)} kept free for the import's temporary files and logs`;
}

export interface TargetDiskInput {
  freeBytes: number;
  dbBytes: number;
  fileBytes: number;
  /** The target host, named in the hint. */
  host: string;
}

/**
 * `target-disk-low` (an error) when the target has less free than the copy needs, else `target-disk-ok` (info)
 * with the figure explained. `neededBytes` is the figure judged.
 */
export function judgeTargetDisk(input: TargetDiskInput): PlanFinding & { neededBytes: number } {
  const { freeBytes, dbBytes, fileBytes, host } = input;
  const neededBytes = requiredTargetBytes(dbBytes, fileBytes);
  const figure = explainRequiredTargetBytes(dbBytes, fileBytes);
  if (freeBytes < neededBytes) {
    return {
      ...blocker(
        'target-disk-low',
        `${formatBytes(freeBytes)} free on the target, the copy needs about ${formatBytes(neededBytes)}`,
        `free space on ${host} or move this site to another host (the figure is ${figure})`,
      ),
      neededBytes,
    };
  }
  return {
    code: 'target-disk-ok',
    severity: 'info',
    message: `${formatBytes(freeBytes)} free, about ${formatBytes(neededBytes)} needed (${figure})`,
    neededBytes,
  };
}

export const targetDisk: PlanRule = {
  name: 'target-disk',
  check({ site, facts, dbBytes, fileBytes }) {
    const freeBytes = facts.target?.disk?.freeBytes;
    if (!facts.source || freeBytes === undefined || freeBytes === null) return [];
    const { neededBytes: _needed, ...verdict } = judgeTargetDisk({
      freeBytes,
      dbBytes,
      fileBytes,
      host: site.target.host,
    });
    return verdict.severity === 'error' ? [verdict] : [];
  },
};
