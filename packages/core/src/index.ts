// @wpfleet/core: what happens, and when. Pure logic plus ports; it never opens a socket or spawns a process.
export { WpfleetError, isTransientError, type ErrorKind, type WpfleetErrorOptions } from './errors/wpfleet-error.js';
export type {
  Transport,
  TransportCapabilities,
  ExecOptions,
  SpawnOptions,
  SpawnedCommand,
  ShellResult,
  PutFileOptions,
} from './ports/transport.js';
export { ShellError, shellErrorCode } from './ports/shell-error.js';
export { redactSecrets, REDACTED } from './ports/redact-secrets.js';
export { redactUrlUserinfo } from './ports/redact-url-userinfo.js';
export * from './fleet/fleet-schema.js';
export { type FleetProblem, formatFleetProblem } from './fleet/fleet-problem.js';
export { parseFleet, loadFleet, FleetInvalidError, type ParseFleetResult, type ParseFleetOptions } from './fleet/parse-fleet.js';
export { checkFleetReferences, type FleetReferenceProblem } from './fleet/check-fleet-references.js';
export { trimSlash } from './fleet/trim-slash.js';
export { fleetJsonSchema, fleetJsonSchemaText, FLEET_SCHEMA_ID } from './fleet/fleet-json-schema.js';
export type { JsonValue, JsonObject, JsonPrimitive } from './plan/json-value.js';
export type * from './plan/plan.js';
export { PLAN_FORMAT_VERSION } from './plan/plan.js';
export { STEP_KINDS, DEFAULT_STEP_DEPENDENCIES, isStepKind, type StepKind } from './run/step-kind.js';
export { asFinding, worstSeverity, type Finding, type FindingSeverity, type FindingWhere, type StepFinding } from './run/finding.js';
export type * from './run/run-event.js';
export type * from './run/step-handler.js';
export type { SiteFacts, TargetFacts, HostFacts, SiteFactsPair, PluginFact, TableFact } from './plan/site-facts.js';
export { describePrefixChange, prefixChangeOf, type PrefixChange } from './plan/prefix-change.js';
export { buildPlan, planHash, replacementsFor, type BuildPlanInput, type BuildPlanOptions } from './plan/build-plan.js';
export { explainRequiredTargetBytes, judgeTargetDisk, requiredTargetBytes, type TargetDiskInput } from './plan/rules/target-disk.js';
export { PLAN_RULES } from './plan/rules/plan-rules.js';
export type { PlanFinding, PlanRule, PlanRuleInput, ProbeError } from './plan/rules/plan-rule.js';
export { checkPlan } from './plan/check-plan.js';
export { assignWaves, type WaveCandidate, type WaveAssignment, type AssignWavesOptions } from './plan/assign-waves.js';
export { estimateSite, criticalPath, DEFAULT_ESTIMATE_RATES, type EstimateRates, type SiteSizes } from './plan/estimate-site.js';
export { canonicalJson, canonicalHash, sha256Hex } from './plan/canonical-json.js';
export { compareVersions, versionParts, majorMinor, majorOf } from './compare/compare-versions.js';
export { compareParity, isParityEqual, stackSimilarity, type Parity } from './compare/compare-parity.js';
export { compareEnvironments, unknownCollations, type DriftItem, type DriftAspect } from './compare/compare-environments.js';
export { guardActions, DESTRUCTIVE_ACTIONS, type GuardVerdict } from './policy/guard-actions.js';
export { runPlan, retryDelayMs, type RunPlanOptions } from './run/runner.js';
export type { StepScope, StrayErrors } from './run/stray-errors.js';
export { SlotScheduler, type SlotLimits } from './run/slot-scheduler.js';
export { JOURNAL_FORMAT_VERSION, type JournalHeader, type JournalEntry, type JournalRecord } from './journal/journal-record.js';
export { MemoryJournalStore, type JournalStore } from './journal/journal-store.js';
export { parseJournal, type ParsedJournal, type ParseJournalOptions } from './journal/parse-journal.js';
export { replayJournal, priorOutputs, isStepDone, type JournalReplay, type SiteReplay, type StepReplay, type StepReplayState } from './journal/replay-journal.js';
export { Journal, type OpenedJournal, type OpenJournalOptions } from './journal/journal.js';
export { assertNoSecrets } from './journal/assert-no-secrets.js';
export { redactSecretValues, redactText, REDACTED_SECRET } from './journal/redact-secret-values.js';
export { redactFinding } from './run/redact-finding.js';
export { unusualStacks } from './plan/assign-waves.js';
