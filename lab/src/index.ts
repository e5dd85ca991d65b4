// @wpfleet/lab: real WordPress hosts on loopback addresses (sshd, MariaDB, PHP, nginx, WordPress).
export { labUp, ensureLab, type LabUpOptions } from './lab-up.js';
export { withLabLock, takeLease, dropLease } from './lab-lock.js';
export { labDown, type LabDownOptions } from './lab-down.js';
export { labStatus, type LabStatus } from './lab-status.js';
export { readLabState, labStatePath, type LabState, type LabHost, type LabSite, type LabTarget, type LabDb, type LabRole, type LabSize } from './lab-state.js';
export { defaultLabDir } from './lab-paths.js';
export { loadTopology, parseTopology, type Topology, type TopologyHost, type TopologySite } from './topology/topology.js';
export { seedPlan, prng, type SeedPlan, type SeedPlanInput } from './seed/seed-plan.js';
export { transcriptsPath, loadTranscriptRecords } from './contract/transcripts-path.js';
export { parseTranscripts, type TranscriptRecord } from './contract/compare-transcript.js';
export { labFleet, writeLabFleet, type LabFleetOptions } from './fleet/lab-fleet.js';
