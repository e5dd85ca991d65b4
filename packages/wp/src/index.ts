// @wpfleet/wp: how things are done on a WordPress host. Adapters (transports, WP-CLI, SQL streams, checks, DNS).
export type { Transport, TransportCapabilities, ExecOptions, SpawnOptions, SpawnedCommand, ShellResult, PutFileOptions } from './transport/transport.js';
export { ShellError, shellErrorCode } from './transport/shell-error.js';
export { pinnedFetch, type PinnedFetchOptions, type PinnedResponse } from './http/pinned-fetch.js';
export {
  runHttpChecks,
  compareHttpReports,
  findOldReferences,
  pageTitle,
  type HttpCheckOptions,
  type HttpCheckReport,
  type HttpCheckProblem,
  type PageCheck,
} from './http/http-check.js';
export {
  relationCheckSql,
  parseRelationCheckRows,
  compareRelationChecks,
  missingBlogTables,
  type RelationCheckName,
  type RelationCheckResult,
  type RelationCheckDiff,
} from './checks/relation-checks.js';
export { probeFactsSchema, type ProbeFacts } from './probe/probe-facts.js';
export { parseProbeOutput } from './probe/parse-probe-output.js';
export { probeScript } from './probe/probe-script.js';
export {
  MANAGED_DIRS,
  DEFAULT_EXCLUDES,
  fileManifestArgv,
  parseFileManifest,
  compareFileManifests,
  isExcluded,
  type FileManifest,
  type DirSummary,
  type ManifestComparison,
} from './files/file-manifest.js';
export { rsyncArgv, parseRsyncStats, restrictedRsyncKeyLine, type RsyncArgvOptions } from './files/rsync-argv.js';
export {
  planSwap,
  planUndo,
  swapState,
  assertPrefixes,
  quoteIdentifier,
  type SwapPlan,
  type SwapPrefixes,
  type SwapInput,
  type UndoInput,
} from './db/table-swap.js';
export {
  syncHostToHost,
  syncRelay,
  swapContentDirs,
  undoContentDirs,
  type FileSyncResult,
  type FileSyncOptions,
  type HostToHostSource,
  type SyncEndpoint,
  type ContentSwapDirs,
} from './files/file-sync.js';
export { checkGrants, MIGRATION_PRIVILEGES, type GrantCheck } from './doctor/db-grants.js';
export { dfArgv, parseDfFreeBytes } from './doctor/disk-free.js';
export { quoteArg, quoteArgv, remoteCommandLine } from './transport/quote-argv.js';
export { LocalTransport, type LocalTransportOptions } from './transport/local-transport.js';
export { SessionLimiter } from './transport/session-limiter.js';
export { SshTransport, type SshTransportOptions } from './ssh/ssh-transport.js';
export { SshTransportPool } from './ssh/ssh-transport-pool.js';
export {
  resolveSshTarget,
  parseHostSpec,
  expandHome,
  type SshTarget,
  type SshResolveEnv,
} from './ssh/resolve-ssh-target.js';
export {
  parseKnownHosts,
  verifyHostKey,
  fingerprintSha256,
  knownHostsLine,
  knownHostsName,
  type KnownHostEntry,
  type HostKeyVerdict,
} from './ssh/known-hosts.js';
export { trustHostKey } from './ssh/trust-host-key.js';
export { HostKeyError, hostKeyError } from './ssh/host-key-error.js';
export { scanHostKey, type ScannedHostKey } from './discovery/scan-host-key.js';
export { discoverSshHosts, type HostCandidate } from './discovery/discover-ssh-hosts.js';
export { findWordPressInstalls, USUAL_WEB_ROOTS, type FoundInstall } from './discovery/find-wordpress.js';
export { WpCli, runsAsRoot, type WpCliSite, type WpCliOptions, type WpCliWarning } from './wp-cli/wp-cli.js';
export { WpCliError } from './wp-cli/wp-cli-error.js';
export { ensureWpCli, type WpCliInstall, type EnsureWpCliOptions } from './wp-cli/wp-cli-install.js';
export { parseWpCliStderr, type WpCliMessages } from './wp-cli/parse-wp-cli-stderr.js';
export { parseWpConfig, isSecretConfigName, ConfigSecrets, type WpConfig } from './wp-cli/wp-config.js';
export {
  parseTsv,
  parseCount,
  parseLine,
  parseCsvLine,
  parseSizeBytes,
  type TsvTable,
  type WpPlugin,
  type WpTheme,
  type WpUser,
  type WpTerm,
  type WpCronEvent,
  type WpSite,
} from './wp-cli/parse-wp-cli-output.js';
export { RunMemory } from './run-memory/run-memory.js';
export { undoSite, type UndoResult } from './undo/undo-site.js';
export { listSiteLeftovers, removeSiteLeftovers, type CleanupFindings } from './cleanup/site-leftovers.js';
export { targetWorkDirs } from './step-environment/site-sides.js';
export { isTransientFailure, asStepError } from './step-environment/as-step-error.js';
export type { StepEnvironment, StepHost, SiteDoctor } from './step-environment/step-environment.js';
export type { SwapOutputs } from './steps/swap-step.js';
export type { Integrity } from './steps/verify-step.js';
export { HostPool, type HostPoolOptions } from './fleet-hosts/host-pool.js';
export { openFleetHosts, type FleetHostsOptions } from './fleet-hosts/open-fleet-hosts.js';
export { openMigration, sqlWorkerCount, type OpenMigrationOptions, type OpenedMigration } from './run/open-migration.js';
export { hostTarget, isLocalHost, type HostTarget, type HostTargetOptions } from './fleet-hosts/host-target.js';
export { HostLimits, type HostLimitsOverride } from './fleet-hosts/host-limits.js';
export { siteSide, siteWpCli, probeSite, wpCliCommand, type SiteSide, type SideName } from './fleet-hosts/site-side.js';
export { runDoctor, type DoctorOptions } from './doctor/run-doctor.js';
export { grantSql } from './doctor/rules/db-grants.js';
export { WP_CLI_FIX_DESTINATION } from './doctor/rules/wp-cli.js';
export { doctorCheck, doctorStatus, worstStatus, type DoctorCheck, type DoctorStatus, type DoctorFix } from './doctor/doctor-check.js';
export { collectInventory, siteInventory, type CollectInventoryOptions } from './inventory/collect-inventory.js';
export {
  INVENTORY_FORMAT_VERSION,
  factsPair,
  inventoryComplete,
  type Inventory,
  type SiteInventory,
  type SideInventory,
} from './inventory/inventory.js';
export { hostStepEnvironment } from './step-environment/host-step-environment.js';
export { writeRunFile } from './run-dir/write-run-file.js';
export { makePrivateDir } from './run-dir/make-private-dir.js';
export {
  RUNS_DIR,
  JOURNAL_FILE,
  RUN_FILE,
  PLAN_FILE,
  INVENTORY_FILE,
  makeRunDir,
  previousRunDirs,
  findRunDir,
  readRun,
  readPlanFile,
  writeRunRecord,
  recordInRunJournal,
  type RunOptions,
  type RunRecord,
  type MigrateRun,
} from './run-dir/run-dir.js';
export { DbPassword, dbPasswordProblem, resolveDbPassword } from './fleet-hosts/db-password.js';
export { applyDoctorFix, clientConnectionLines, type ApplyDoctorFixOptions } from './doctor/apply-doctor-fix.js';
export { processStrayErrors } from './stray-errors/process-stray-errors.js';
