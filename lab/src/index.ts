// @wpfleet/lab: real WordPress hosts on loopback addresses (sshd, MariaDB, PHP, nginx, WordPress).
export { labUp, ensureLab } from './lab-up.js';
export { withLabLock, takeLease, dropLease } from './lab-lock.js';
export { labDown } from './lab-down.js';
export { labStatus } from './lab-status.js';
export { readLabState, type LabState, type LabHost, type LabDb } from './lab-state.js';
export { defaultLabDir } from './lab-paths.js';
export { nginxServerBlock } from './host/web.js';
export { loadTopology } from './topology/topology.js';
export { seedPlan, prng, type SeedPlanInput } from './seed/seed-plan.js';
export { transcriptsPath, loadTranscriptRecords } from './contract/transcripts-path.js';
export { type TranscriptRecord } from './contract/compare-transcript.js';
export { labFleet, writeLabFleet } from './fleet/lab-fleet.js';
