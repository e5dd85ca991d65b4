// One way to open a migrate run: from the fleet, the plan and the run directory it builds everything the Runner
// needs (hosts and transports, WP-CLI per host, SQL workers, the per-site Doctor, the journal) and one `close`
// that releases all of it. `wpfleet migrate` and `wpfleet resume` call it; nothing is passed back to the CLI.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Journal, type Fleet, type OpenedJournal, type Plan, type StepHandlers } from '@wpfleet/core';
import { SqlWorkerPool } from '@wpfleet/sql';
import type { Transport } from '../transport/transport.js';
import { preflightDoctor } from '../doctor/preflight-doctor.js';
import { openFleetHosts } from '../fleet-hosts/open-fleet-hosts.js';
import { FileJournalStore } from '../journal/file-journal-store.js';
import { JOURNAL_FILE, type RunOptions } from '../run-dir/run-dir.js';
import { createStepHandlers } from '../steps/create-step-handlers.js';
import { hostStepEnvironment } from '../step-environment/host-step-environment.js';

export interface OpenMigrationOptions {
  fleet: Fleet;
  /** Absolute path of the fleet file (relative key and phar paths in it are resolved from its directory). */
  fleetFile: string;
  plan: Plan;
  /** The run directory: the journal is kept there, and what the steps remember (row hashes). */
  runDir: string;
  /** The sites this run drives (the Doctor learns each host's roles from them). */
  sites: readonly string[];
  /** As recorded in run.json. */
  options: RunOptions;
  /** Where relative paths in `options` are resolved from. */
  cwd: string;
  /** The operator's environment: HOME, USER, SSH_AUTH_SOCK, and the fleet's `passwordEnv` variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** Supplies a host's Transport instead (an embedding program's own, or a scripted one in tests). */
  transportFor?: (name: string) => Transport | undefined;
}

export interface OpenedMigration {
  handlers: StepHandlers;
  /** The run's journal, opened (a new one gets its header; an existing one is checked against the plan). */
  journal: OpenedJournal;
  journalFile: string;
  /** Releases the SSH connections, uploaded WP-CLI phars, SQL workers and the journal; never rejects. */
  close(): Promise<void>;
}

/**
 * SQL worker threads for a run: one core fewer than the machine has, since this thread tokenizes and walks
 * batches too (DS8) and carries the SSH traffic; at most 4 (each worker is a V8 isolate of ~30-40 MB, and a
 * controller streams at the speed of the targets' imports, not of its cores) and never more than the sites that
 * run at once. See docs/decisions.md DS9.
 */
export function sqlWorkerCount(cores: number, globalConcurrency: number): number {
  return Math.max(1, Math.min(cores - 1, 4, globalConcurrency));
}

export async function openMigration(input: OpenMigrationOptions): Promise<OpenedMigration> {
  const { fleet, plan, runDir, options } = input;
  const pool = openFleetHosts(fleet, {
    fleetFile: input.fleetFile,
    cwd: input.cwd,
    env: input.env,
    sshConfig: options.sshConfig,
    knownHosts: options.knownHosts,
    ...(input.transportFor ? { transportFor: input.transportFor } : {}),
  });
  const sqlWorkers = new SqlWorkerPool(sqlWorkerCount(availableParallelism(), plan.limits.global));
  const journalFile = join(runDir, JOURNAL_FILE);
  const journalStore = new FileJournalStore(journalFile);
  const close = async (): Promise<void> => {
    await Promise.allSettled([pool.close(), sqlWorkers.close(), journalStore.close()]);
  };
  try {
    const env = hostStepEnvironment(pool, fleet, {
      doctor: options.skipDoctor
        ? undefined
        : preflightDoctor({ fleet, pool, plan, sites: input.sites, env: input.env }),
      sqlWorkers,
      collationMap: plan.collationMap,
      stateDir: runDir,
      ...(options.keepDump ? { keepDumpDir: options.keepDump } : {}),
      ...(options.relayOnly ? { relayOnly: true } : {}),
      ...(options.maxStatementBytes ? { maxStatementBytes: options.maxStatementBytes } : {}),
    });
    const journal = await Journal.open(journalStore, {
      planHash: plan.hash,
      runId: `run-${new Date().toISOString().replace(/[:.]/g, '-')}`,
      now: Date.now,
      name: journalFile,
    });
    return { handlers: createStepHandlers(env), journal, journalFile, close };
  } catch (error) {
    // A journal that cannot be opened must not leave worker threads and connections holding the process open.
    await close();
    throw error;
  }
}
