// @wpfleet/wp: how things are done on a WordPress host. Adapters (transports, WP-CLI, SQL streams, checks, DNS).
export type { Transport } from './transport/transport.js';
export { pinnedFetch } from './http/pinned-fetch.js';
export {
  runHttpChecks,
  compareHttpReports,
  findOldReferences,
  type HttpCheckReport,
} from './http/http-check.js';
export {
  relationCheckSql,
  parseRelationCheckRows,
  compareRelationChecks,
  missingBlogTables,
} from './checks/relation-checks.js';
export { type ProbeFacts } from './probe/probe-facts.js';
export { probeScript } from './probe/probe-script.js';
export {
  MANAGED_DIRS,
  fileManifestArgv,
  parseFileManifest,
  compareFileManifests,
  isExcluded,
} from './files/file-manifest.js';
export { rsyncArgv, parseRsyncStats, restrictedRsyncKeyLine } from './files/rsync-argv.js';
export { planSwap, planUndo, swapState } from './db/table-swap.js';
export { syncHostToHost, syncRelay, swapContentDirs, undoContentDirs } from './files/file-sync.js';
export { checkGrants, MIGRATION_PRIVILEGES } from './doctor/db-grants.js';
export { dfArgv, parseDfFreeBytes } from './doctor/disk-free.js';
export { quoteArgv } from './transport/quote-argv.js';
export { SshTransport } from './ssh/ssh-transport.js';
export { resolveSshTarget, type SshTarget, type SshResolveEnv } from './ssh/resolve-ssh-target.js';
export { parseKnownHosts, verifyHostKey } from './ssh/known-hosts.js';
export { trustHostKey } from './ssh/trust-host-key.js';
export { scanHostKey, type ScannedHostKey } from './discovery/scan-host-key.js';
export { discoverSshHosts } from './discovery/discover-ssh-hosts.js';
export { findWordPressInstalls, USUAL_WEB_ROOTS } from './discovery/find-wordpress.js';
export { undoSite } from './undo/undo-site.js';
export { listSiteLeftovers, removeSiteLeftovers, type CleanupFindings } from './cleanup/site-leftovers.js';
export { targetWorkDirs } from './step-environment/site-sides.js';
export { readStepOutputs } from './step-outputs/step-outputs.js';
export { INTEGRITY_MISMATCH, integritySchema, type Integrity } from './step-outputs/verify-outputs.js';
export { HostPool } from './fleet-hosts/host-pool.js';
export { openFleetHosts } from './fleet-hosts/open-fleet-hosts.js';
export { openMigration, sqlWorkerCount } from './run/open-migration.js';
export { type HostLimitsOverride } from './fleet-hosts/host-limits.js';
export { siteWpCli } from './fleet-hosts/site-side.js';
export { runDoctor } from './doctor/run-doctor.js';
export {
  doctorCheck,
  doctorStatus,
  worstStatus,
  type DoctorCheck,
  type DoctorFix,
  type DoctorStatus,
} from './doctor/doctor-check.js';
export { collectInventory, siteInventory } from './inventory/collect-inventory.js';
export {
  INVENTORY_FORMAT_VERSION,
  factsPair,
  type Inventory,
  type SideInventory,
} from './inventory/inventory.js';
export { hostStepEnvironment } from './step-environment/host-step-environment.js';
export { writeRunFile } from './run-dir/write-run-file.js';
export { makePrivateDir } from './run-dir/make-private-dir.js';
export {
  JOURNAL_FILE,
  PLAN_FILE,
  INVENTORY_FILE,
  makeRunDir,
  previousRunDirs,
  findRunDir,
  readRun,
  readPlanFile,
  writeRunRecord,
  recordInRunJournal,
  type RunRecord,
  type MigrateRun,
} from './run-dir/run-dir.js';
export { applyDoctorFix } from './doctor/apply-doctor-fix.js';
export { processStrayErrors } from './stray-errors/process-stray-errors.js';
