// Every plan rule, in the order their findings are listed for a site. Cross-site judgements (shared target
// databases, over-full pinned waves) are made by `buildPlan` after all sites are planned.
import { actionForbidden } from './action-forbidden.js';
import { dbClientMissing } from './db-client-missing.js';
import { dbDumpMissing } from './db-dump-missing.js';
import { environmentDrift } from './environment-drift.js';
import { factsUnknown } from './facts-unknown.js';
import { multisiteMismatch } from './multisite-mismatch.js';
import type { PlanRule } from './plan-rule.js';
import { pluginParity } from './plugin-parity.js';
import { probeFailed } from './probe-failed.js';
import { rsyncMissing } from './rsync-missing.js';
import { sourceUrlDiffers } from './source-url-differs.js';
import { targetDisk } from './target-disk.js';
import { targetProtected } from './target-protected.js';
import { targetWordpress } from './target-wordpress.js';
import { wpCliMissing } from './wp-cli-missing.js';

export const PLAN_RULES: readonly PlanRule[] = [
  targetProtected,
  actionForbidden,
  wpCliMissing,
  dbDumpMissing,
  dbClientMissing,
  rsyncMissing,
  factsUnknown,
  multisiteMismatch,
  sourceUrlDiffers,
  targetWordpress,
  environmentDrift,
  pluginParity,
  targetDisk,
  probeFailed,
];
