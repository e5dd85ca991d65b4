// @wpfleet/core: what happens, and when. Pure logic plus ports; it never opens a socket or spawns a process.
export { WpfleetError, type WpfleetErrorOptions } from './errors/wpfleet-error.js';
export { redactSecrets } from './ports/redact-secrets.js';
export { redactUrlUserinfo } from './ports/redact-url-userinfo.js';
export * from './fleet/fleet-schema.js';
export { type FleetProblem, formatFleetProblem } from './fleet/fleet-problem.js';
export { parseFleet, loadFleet, FleetInvalidError } from './fleet/parse-fleet.js';
export { trimSlash } from './fleet/trim-slash.js';
export { formatBytes, formatRate } from './format/format-bytes.js';
export { formatDuration } from './format/format-duration.js';
export { fleetJsonSchemaText } from './fleet/fleet-json-schema.js';
export type { JsonValue, JsonObject } from './plan/json-value.js';
export type * from './plan/plan.js';
export { STEP_KINDS, type StepKind } from './run/step-kind.js';
export {
  asFinding,
  worstSeverity,
  type Finding,
  type FindingSeverity,
  type StepFinding,
} from './run/finding.js';
export type * from './run/run-event.js';
export type * from './run/step-handler.js';
export type { SiteFacts, TargetFacts, SiteFactsPair } from './plan/site-facts.js';
export { describePrefixChange } from './plan/prefix-change.js';
export { buildPlan, planHash } from './plan/build-plan.js';
export {
  explainRequiredTargetBytes,
  judgeTargetDisk,
  requiredTargetBytes,
} from './plan/rules/target-disk.js';
export { PLAN_RULES } from './plan/rules/plan-rules.js';
export type { PlanRuleInput, ProbeError } from './plan/rules/plan-rule.js';
export { checkPlan } from './plan/check-plan.js';
export { assignWaves, type WaveCandidate } from './plan/assign-waves.js';
export { canonicalJson, canonicalHash } from './plan/canonical-json.js';
export { compareVersions, majorMinor } from './compare/compare-versions.js';
export { compareParity, stackSimilarity, type Parity } from './compare/compare-parity.js';
export { compareEnvironments, unknownCollations, type DriftItem } from './compare/compare-environments.js';
export { guardActions } from './policy/guard-actions.js';
export { runPlan } from './run/runner.js';
export type { StepScope, StrayErrors } from './run/stray-errors.js';
export { SlotScheduler } from './run/slot-scheduler.js';
export { journalledStepEvents, type JournalEntry } from './journal/journal-record.js';
export { MemoryJournalStore, type JournalStore } from './journal/journal-store.js';
export { parseJournal, type ParsedJournal } from './journal/parse-journal.js';
export { replayJournal, priorOutputs, isStepDone, type JournalReplay } from './journal/replay-journal.js';
export { Journal, type OpenedJournal } from './journal/journal.js';
export { assertNoSecrets } from './journal/assert-no-secrets.js';
export { REDACTED_SECRET } from './journal/redact-secret-values.js';
