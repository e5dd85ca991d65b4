// Finds a migrate run directory (the one given with --run-dir, else the newest holding a journal) and reads what
// `migrate` recorded there: run.json, the plan it ran, the journal.
import { existsSync, readFileSync } from 'node:fs';
import { FileJournalStore, type HostPool } from '@wpfleet/wp';
import { join, resolve } from 'node:path';
import { Journal, WpfleetError, checkPlan, parseJournal, replayJournal, type JournalEntry, type JournalReplay, type ParsedJournal, type Plan } from '@wpfleet/core';
import type { CommandContext } from '../command/command.js';
import { hostPoolFor, loadFleetFile, previousRunDirs, type LoadedFleet } from '../fleet/load-fleet.js';
import { JOURNAL_FILE, RUN_FILE, type RunRecord } from './migrate.js';

export interface MigrateRun {
  runDir: string;
  record: RunRecord;
  plan: Plan;
  journal: ParsedJournal;
  replay: JournalReplay;
}

export async function findRunDir(ctx: CommandContext, accept: (runDir: string) => boolean = () => true): Promise<string> {
  const given = ctx.options['run-dir'];
  if (typeof given === 'string' && given !== '') {
    const dir = resolve(ctx.cwd, given);
    if (!existsSync(join(dir, JOURNAL_FILE))) {
      throw new WpfleetError('WPF_JOURNAL_NOT_FOUND', `${dir} holds no migrate journal (${JOURNAL_FILE})`, {
        kind: 'user',
        hint: 'pass the run directory `wpfleet migrate` printed',
      });
    }
    return dir;
  }
  for (const dir of await previousRunDirs(ctx.cwd)) {
    if (existsSync(join(dir, JOURNAL_FILE)) && existsSync(join(dir, RUN_FILE)) && accept(dir)) return dir;
  }
  throw new WpfleetError('WPF_JOURNAL_NOT_FOUND', 'no migrate run found under .wpfleet/runs', {
    kind: 'user',
    hint: 'pass --run-dir DIR (the directory `wpfleet migrate` printed)',
  });
}

export function readRun(runDir: string): MigrateRun {
  const runFile = join(runDir, RUN_FILE);
  if (!existsSync(runFile)) {
    throw new WpfleetError('WPF_JOURNAL_NOT_FOUND', `${runDir} has a journal but no ${RUN_FILE}`, { kind: 'user', hint: 'it was not written by `wpfleet migrate`' });
  }
  const corrupt = 'move the run directory aside and start the plan again';
  const record = parseRunRecord(readRunText(runFile, 'WPF_JOURNAL_CORRUPT', corrupt), runFile);
  const plan = readPlanFile(record.plan);
  const journalFile = join(runDir, JOURNAL_FILE);
  const journal = parseJournal(readRunText(journalFile, 'WPF_JOURNAL_CORRUPT', corrupt), { planHash: plan.hash, name: journalFile });
  return { runDir, record, plan, journal, replay: replayJournal(journal.entries) };
}

/** A run's file as text; a file that is gone or cannot be read is the user's to fix, not a bug. */
function readRunText(file: string, code: string, hint: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'it is gone' : e.code === 'EISDIR' ? 'it is a directory' : e.message;
    throw new WpfleetError(code, `cannot read ${file}: ${reason}`, { kind: 'user', hint, where: { path: file } });
  }
}

/** The plan a run ran (checked intact, not against a fleet). */
export function readPlanFile(file: string, fleet?: Parameters<typeof checkPlan>[1]): Plan {
  const hint = 'make a new plan with `wpfleet plan`, and start a new run with it';
  let raw: unknown;
  try {
    raw = JSON.parse(readRunText(file, existsSync(file) ? 'WPF_PLAN_INVALID' : 'WPF_PLAN_NOT_FOUND', hint));
  } catch (error) {
    if (error instanceof WpfleetError) throw error;
    throw new WpfleetError('WPF_PLAN_INVALID', `${file} is not JSON: ${(error as Error).message}`, { kind: 'user', hint, where: { path: file } });
  }
  return checkPlan(raw, fleet, file);
}

function parseRunRecord(text: string, file: string): RunRecord {
  let record: Partial<RunRecord> | null = null;
  try {
    record = JSON.parse(text) as Partial<RunRecord> | null;
  } catch {
    // reported below
  }
  const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (
    typeof record !== 'object' ||
    record === null ||
    typeof record.plan !== 'string' ||
    typeof record.fleet !== 'string' ||
    !isStrings(record.sites) ||
    typeof record.options !== 'object' ||
    record.options === null
  ) {
    throw new WpfleetError('WPF_JOURNAL_CORRUPT', `${file} is damaged: it is not the run record \`wpfleet migrate\` writes (JSON with plan, fleet, sites and options)`, {
      kind: 'user',
      hint: 'restore it from a backup, or move the run directory aside and start the plan again',
      where: { path: file },
    });
  }
  return record as RunRecord;
}

/** `--fleet` of a command acting on a finished run (openRunFleet). */
export const runFleetOption = {
  name: 'fleet',
  short: 'f',
  type: 'string' as const,
  valueName: 'FILE',
  description: 'The fleet file (default: the one the run used).',
};

/**
 * The fleet a run used (or the one given with --fleet) and a host pool with the run's ssh config and known_hosts,
 * for commands that act on a finished run's targets (undo, cleanup).
 */
export function openRunFleet(ctx: CommandContext, run: MigrateRun): { loaded: LoadedFleet; pool: HostPool } {
  const fleetPath = typeof ctx.options['fleet'] === 'string' ? resolve(ctx.cwd, ctx.options['fleet']) : run.record.fleet;
  if (!existsSync(fleetPath)) throw new WpfleetError('WPF_FLEET_NOT_FOUND', `the fleet file ${fleetPath} is gone`, { kind: 'user', hint: 'pass it with --fleet' });
  const options = {
    ...ctx.options,
    fleet: fleetPath,
    ...(run.record.options.sshConfig ? { 'ssh-config': run.record.options.sshConfig } : {}),
    ...(run.record.options.knownHosts ? { 'known-hosts': run.record.options.knownHosts } : {}),
  };
  const loaded = loadFleetFile({ ...ctx, options });
  return { loaded, pool: hostPoolFor(loaded, { ...ctx, options }) };
}

/** Appends what a command did to a finished run's sites (undo, cleanup) to the run's journal, for `status`. */
export async function recordInRunJournal(run: MigrateRun, entry: JournalEntry): Promise<void> {
  const store = new FileJournalStore(join(run.runDir, JOURNAL_FILE));
  try {
    await new Journal(store).record(entry);
  } finally {
    await store.close();
  }
}
