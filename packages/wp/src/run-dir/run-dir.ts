// The run directory in one place: where a run keeps inventory.json, plan.json, run.json and its journal, how a new
// one is made (0700), how the newest is found, and how a migrate run's record, plan and journal are read back.
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  Journal,
  WpfleetError,
  checkPlan,
  parseJournal,
  replayJournal,
  type Fleet,
  type JournalEntry,
  type JournalReplay,
  type ParsedJournal,
  type Plan,
} from '@wpfleet/core';
import { FileJournalStore } from '../journal/file-journal-store.js';
import { makePrivateDir } from './make-private-dir.js';
import { writeRunFile } from './write-run-file.js';

/** Run directories live below the working directory, one per `<UTC timestamp>`. */
const RUNS_DIR = join('.wpfleet', 'runs');
export const JOURNAL_FILE = 'journal.jsonl';
const RUN_FILE = 'run.json';
export const PLAN_FILE = 'plan.json';
export const INVENTORY_FILE = 'inventory.json';

/** How a migrate run was started, besides its plan: what `resume` repeats and `undo`/`cleanup` reconnect with. */
export interface RunOptions {
  keepDump?: string;
  relayOnly?: boolean;
  sshConfig?: string;
  knownHosts?: string;
  skipDoctor?: boolean;
  /** `--max-statement-bytes`: the db step's cap on one dump statement. */
  maxStatementBytes?: number;
}

/** What `resume`, `status` and `undo` need to know about a run besides its journal (run.json). */
export interface RunRecord {
  version: 1;
  fleet: string;
  plan: string;
  planHash: string;
  sites: string[];
  options: RunOptions;
  startedAt: string;
}

/** A migrate run read back from its directory. */
export interface MigrateRun {
  runDir: string;
  record: RunRecord;
  plan: Plan;
  journal: ParsedJournal;
  replay: JournalReplay;
}

/**
 * `given` (resolved against cwd), or a new `.wpfleet/runs/<UTC timestamp>` below cwd; created 0700 with its
 * parents. `given` is what the user passed, named as such in the error.
 */
export async function makeRunDir(cwd: string, given?: string, now: Date = new Date()): Promise<string> {
  const dir = given ? resolve(cwd, given) : join(cwd, RUNS_DIR, now.toISOString().replace(/[:.]/g, '-'));
  await makePrivateDir(dir).catch((error: NodeJS.ErrnoException) => {
    const reason =
      error.code === 'EEXIST' || error.code === 'ENOTDIR'
        ? 'it (or a directory above it) is a file'
        : error.message;
    throw new WpfleetError(
      'WPF_USAGE',
      `cannot use ${given ? `--run-dir ${given}` : dir} as the run directory: ${reason}`,
      {
        kind: 'user',
        hint: given
          ? 'pass a directory (it is created when missing), or leave --run-dir out for a new one under .wpfleet/runs'
          : 'check the permissions of the working directory',
      },
    );
  });
  return dir;
}

/** Run directories under `.wpfleet/runs`, newest first (their names are timestamps). */
export async function previousRunDirs(cwd: string): Promise<string[]> {
  const root = join(cwd, RUNS_DIR);
  const names = await readdir(root).catch(() => [] as string[]);
  return names
    .sort()
    .reverse()
    .map((n) => join(root, n));
}

/** The migrate run in `given` (resolved against cwd), else the newest holding a journal and run.json that `accept`s. */
export async function findRunDir(
  cwd: string,
  given: string | undefined,
  accept: (runDir: string) => boolean = () => true,
): Promise<string> {
  if (given) {
    const dir = resolve(cwd, given);
    if (!existsSync(join(dir, JOURNAL_FILE))) {
      throw new WpfleetError('WPF_JOURNAL_NOT_FOUND', `${dir} holds no migrate journal (${JOURNAL_FILE})`, {
        kind: 'user',
        hint: 'pass the run directory `wpfleet migrate` printed',
      });
    }
    return dir;
  }
  for (const dir of await previousRunDirs(cwd)) {
    if (existsSync(join(dir, JOURNAL_FILE)) && existsSync(join(dir, RUN_FILE)) && accept(dir)) return dir;
  }
  throw new WpfleetError('WPF_JOURNAL_NOT_FOUND', 'no migrate run found under .wpfleet/runs', {
    kind: 'user',
    hint: 'pass --run-dir DIR (the directory `wpfleet migrate` printed)',
  });
}

/** Writes run.json, what `resume` reads back. */
export async function writeRunRecord(runDir: string, record: RunRecord): Promise<void> {
  await writeRunFile(join(runDir, RUN_FILE), JSON.stringify(record, null, 2) + '\n');
}

export function readRun(runDir: string): MigrateRun {
  const runFile = join(runDir, RUN_FILE);
  if (!existsSync(runFile)) {
    throw new WpfleetError('WPF_JOURNAL_NOT_FOUND', `${runDir} has a journal but no ${RUN_FILE}`, {
      kind: 'user',
      hint: 'it was not written by `wpfleet migrate`',
    });
  }
  const corrupt = 'move the run directory aside and start the plan again';
  const record = parseRunRecord(readRunText(runFile, 'WPF_JOURNAL_CORRUPT', corrupt), runFile);
  const plan = readPlanFile(record.plan);
  const journalFile = join(runDir, JOURNAL_FILE);
  const journal = parseJournal(readRunText(journalFile, 'WPF_JOURNAL_CORRUPT', corrupt), {
    planHash: plan.hash,
    name: journalFile,
  });
  return { runDir, record, plan, journal, replay: replayJournal(journal.entries) };
}

/** A run's file as text; a file that is gone or cannot be read is the user's to fix, not a bug. */
function readRunText(file: string, code: string, hint: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'it is gone' : e.code === 'EISDIR' ? 'it is a directory' : e.message;
    throw new WpfleetError(code, `cannot read ${file}: ${reason}`, {
      kind: 'user',
      hint,
      where: { path: file },
    });
  }
}

/** The plan a run ran (checked intact, and against the fleet when one is given). */
export function readPlanFile(file: string, fleet?: Fleet): Plan {
  const hint = 'make a new plan with `wpfleet plan`, and start a new run with it';
  let raw: unknown;
  try {
    raw = JSON.parse(readRunText(file, existsSync(file) ? 'WPF_PLAN_INVALID' : 'WPF_PLAN_NOT_FOUND', hint));
  } catch (error) {
    if (error instanceof WpfleetError) throw error;
    throw new WpfleetError('WPF_PLAN_INVALID', `${file} is not JSON: ${(error as Error).message}`, {
      kind: 'user',
      hint,
      where: { path: file },
    });
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
    throw new WpfleetError(
      'WPF_JOURNAL_CORRUPT',
      `${file} is damaged: it is not the run record \`wpfleet migrate\` writes (JSON with plan, fleet, sites and options)`,
      {
        kind: 'user',
        hint: 'restore it from a backup, or move the run directory aside and start the plan again',
        where: { path: file },
      },
    );
  }
  return record as RunRecord;
}

/** Appends what a command did to a finished run's sites (undo, cleanup) to the run's journal, for `status`. */
export async function recordInRunJournal(
  run: Pick<MigrateRun, 'runDir'>,
  entry: JournalEntry,
): Promise<void> {
  const store = new FileJournalStore(join(run.runDir, JOURNAL_FILE));
  try {
    await new Journal(store).record(entry);
  } finally {
    await store.close();
  }
}
