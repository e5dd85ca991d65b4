// `wpfleet migrate`: runs exactly a Plan (pinned by its hash): each site is copied into staging on its target,
// verified, swapped in atomically and checked over HTTP, sites in parallel within the plan's limits. Every step
// is journalled before and after it runs, so `wpfleet resume` continues after Ctrl-C, a crash or kill -9.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  WpfleetError,
  canonicalHash,
  checkPlan,
  describePrefixChange,
  journalledStepEvents,
  runPlan,
  type JournalEntry,
  type Plan,
  type RunEvent,
  type RunSummary,
} from '@wpfleet/core';
import { DEFAULT_MAX_STATEMENT_BYTES } from '@wpfleet/sql';
import {
  JOURNAL_FILE,
  PLAN_FILE,
  makeRunDir,
  openMigration,
  previousRunDirs,
  processStrayErrors,
  targetWorkDirs,
  writeRunRecord,
  type RunRecord,
} from '@wpfleet/wp';
import { defineCommand, type CommandContext, type OptionSpec } from '../argv/command.js';
import { ExitCode } from '../argv/exit-code.js';
import { confirmProtected, iUnderstandProtectedOption } from '../policy/confirm-protected.js';
import { fleetOptions, loadFleetFile, type LoadedFleet } from '../fleet/load-fleet.js';
import { createReporters } from '../reporters/create-reporters.js';
import { writeRunReports } from '../reporters/write-run-reports.js';
import { terminalStyle } from '../terminal/terminal-style.js';

const runOptions: OptionSpec[] = [
  {
    name: 'keep-dump',
    type: 'string',
    valueName: 'DIR',
    description:
      'Also write each transformed dump to DIR on the controller (off by default: nothing lands on disk).',
  },
  {
    name: 'relay-only',
    type: 'boolean',
    description: 'Relay files through the controller instead of copying host to host.',
  },
  {
    name: 'skip-doctor',
    type: 'boolean',
    description:
      "Skip the Doctor checks in each site's preflight (prefix, install and disk checks still run).",
  },
  {
    name: 'max-statement-bytes',
    type: 'number',
    min: 1,
    valueName: 'BYTES',
    description: `Stop a site's copy at a dump statement larger than this (default ${DEFAULT_MAX_STATEMENT_BYTES}, at most V8's longest string); the controller needs about twice it per site.`,
  },
];

export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'Copy, verify and swap every site of a plan onto its target, in parallel.',
  description:
    'Runs exactly the plan (plan.json from `wpfleet plan`, refused if its hash or the fleet file changed): per site ' +
    'preflight, db (source dump streamed through the SqlStream into staging tables on the target), files (rsync into ' +
    'a staging directory), verify (digests, relations, serialized values, files, plugins), swap (one RENAME TABLE, ' +
    'directories moved) and an HTTP check. Nothing live on a target changes before its swap; sources are read only. ' +
    'Writes journal.jsonl, report.html, junit.xml and summary.json into the run directory. Ctrl-C stops cleanly: ' +
    '`wpfleet resume` continues. Exit code 1 when a site failed, 130 when interrupted.',
  options: [
    ...fleetOptions,
    {
      name: 'plan',
      type: 'string',
      valueName: 'FILE',
      description:
        'The plan to run (default: plan.json in --run-dir, else in the newest run directory of this fleet).',
    },
    {
      name: 'wave',
      type: 'list',
      valueName: 'N',
      description: 'Only these waves (comma-separated or repeated).',
    },
    {
      name: 'yes',
      short: 'y',
      type: 'boolean',
      description: 'Do not ask for confirmation (required without a terminal).',
    },
    {
      name: 'dry-run',
      type: 'boolean',
      description: "Print what each site's steps would change, and change nothing.",
    },
    iUnderstandProtectedOption,
    ...runOptions,
  ],
  examples: [
    'wpfleet plan --fleet fleet.yml && wpfleet migrate --fleet fleet.yml --yes',
    'wpfleet migrate --fleet fleet.yml --plan .wpfleet/runs/X/plan.json --dry-run',
    'wpfleet migrate --fleet fleet.yml --sites acme-blog --yes --json',
  ],
  async run(ctx) {
    const loaded = loadFleetFile(ctx);
    const { plan, planFile, runDir } = await loadPlan(ctx, loaded);
    const sites = selectPlanSites(plan, ctx);
    if (ctx.options['dry-run']) {
      ctx.io.stdout.write(renderDryRun(plan, sites, ctx));
      return ExitCode.ok;
    }
    const journalFile = join(runDir, JOURNAL_FILE);
    if (existsSync(journalFile) && readFileSync(journalFile, 'utf8').trim() !== '') {
      throw new WpfleetError('WPF_RUN_EXISTS', `a run of this plan already started in ${runDir}`, {
        kind: 'user',
        hint: `continue it with \`wpfleet resume --run-dir ${runDir}\`, or run \`wpfleet plan\` again for a fresh run directory`,
      });
    }
    // The Guardian first: forbidden actions are refused, protected targets need their domain typed (or the flag).
    await confirmProtected(ctx, loaded.fleet, sites, 'migrate');
    if (!ctx.options['yes']) {
      if (!ctx.io.isTTY || ctx.options['json']) {
        throw new WpfleetError(
          'WPF_CONFIRM',
          `migrate would swap ${sites.length} site(s) onto their targets and needs confirmation`,
          {
            kind: 'user',
            hint: 'add --yes, or look at `--dry-run` first',
          },
        );
      }
      const { confirm } = await import('@inquirer/prompts');
      const ok = await confirm({
        message: `Migrate ${sites.length} site(s) (${sites.join(', ')})? Targets go live at their swap step.`,
        default: false,
      });
      if (!ok) return ExitCode.ok;
    }
    const record: RunRecord = {
      version: 1,
      fleet: loaded.file,
      plan: planFile,
      planHash: plan.hash,
      sites,
      options: {
        ...(typeof ctx.options['keep-dump'] === 'string'
          ? { keepDump: resolve(ctx.cwd, ctx.options['keep-dump']) }
          : {}),
        ...(ctx.options['relay-only'] ? { relayOnly: true } : {}),
        ...(ctx.options['skip-doctor'] ? { skipDoctor: true } : {}),
        ...(typeof ctx.options['max-statement-bytes'] === 'number'
          ? { maxStatementBytes: ctx.options['max-statement-bytes'] }
          : {}),
        ...(typeof ctx.options['ssh-config'] === 'string'
          ? { sshConfig: resolve(ctx.cwd, ctx.options['ssh-config']) }
          : {}),
        ...(typeof ctx.options['known-hosts'] === 'string'
          ? { knownHosts: resolve(ctx.cwd, ctx.options['known-hosts']) }
          : {}),
      },
      startedAt: new Date().toISOString(),
    };
    await writeRunRecord(runDir, record);
    return executeRun(ctx, { loaded, plan, runDir, record });
  },
});

/** The plan to run: --plan, else plan.json in --run-dir, else the newest run directory holding a plan of this fleet. */
async function loadPlan(
  ctx: CommandContext,
  loaded: LoadedFleet,
): Promise<{ plan: Plan; planFile: string; runDir: string }> {
  const given = typeof ctx.options['plan'] === 'string' ? resolve(ctx.cwd, ctx.options['plan']) : undefined;
  const runDirOption =
    typeof ctx.options['run-dir'] === 'string' ? resolve(ctx.cwd, ctx.options['run-dir']) : undefined;
  let planFile = given ?? (runDirOption ? join(runDirOption, PLAN_FILE) : undefined);
  if (!planFile) {
    const fleetHash = canonicalHash(loaded.fleet);
    for (const dir of await previousRunDirs(ctx.cwd)) {
      const candidate = join(dir, PLAN_FILE);
      if (!existsSync(candidate)) continue;
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as Plan).fleetHash === fleetHash) {
          planFile = candidate;
          break;
        }
      } catch {
        continue;
      }
    }
  }
  if (!planFile || !existsSync(planFile)) {
    throw new WpfleetError(
      'WPF_PLAN_NOT_FOUND',
      planFile ? `there is no plan at ${planFile}` : 'there is no plan for this fleet file yet',
      {
        kind: 'user',
        hint: 'make one with `wpfleet plan --fleet FILE` (it prints where it saved plan.json), then run migrate again',
      },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(planFile, 'utf8'));
  } catch (error) {
    throw new WpfleetError(
      'WPF_PLAN_INVALID',
      `cannot read the plan ${planFile}: ${(error as Error).message}`,
      { kind: 'user', hint: 'run `wpfleet plan` again' },
    );
  }
  const plan = checkPlan(raw, loaded.fleet, planFile);
  const runDir = await makeRunDir(ctx.cwd, runDirOption ?? dirname(planFile));
  return { plan, planFile, runDir };
}

/** The plan's sites narrowed by --sites, --tags and --wave, in wave order. */
export function selectPlanSites(plan: Plan, ctx: Pick<CommandContext, 'options'>): string[] {
  const wanted = ctx.options['sites'] as string[] | undefined;
  const tags = ctx.options['tags'] as string[] | undefined;
  const waves = (ctx.options['wave'] as string[] | undefined)?.map(Number);
  const all = plan.waves.flatMap((w) => w.sites);
  const unknown = (wanted ?? []).filter((n) => !plan.sites[n]);
  if (unknown.length > 0) {
    throw new WpfleetError('WPF_USAGE', `the plan has no site ${unknown.join(', ')}`, {
      kind: 'user',
      hint: `the plan's sites are: ${all.join(', ')}`,
    });
  }
  if (waves?.some((n) => !Number.isInteger(n) || !plan.waves.some((w) => w.number === n))) {
    throw new WpfleetError('WPF_USAGE', `--wave names a wave the plan does not have`, {
      kind: 'user',
      hint: `the plan's waves are: ${plan.waves.map((w) => w.number).join(', ')}`,
    });
  }
  const selected = all.filter((name) => {
    const site = plan.sites[name]!;
    return (
      (!wanted?.length || wanted.includes(name)) &&
      (!tags?.length || site.tags.some((t) => tags.includes(t))) &&
      (!waves?.length || waves.includes(site.wave))
    );
  });
  if (selected.length === 0)
    throw new WpfleetError('WPF_USAGE', 'no site of the plan matches the selection', {
      kind: 'user',
      hint: `the plan's sites are: ${all.join(', ')}`,
    });
  return selected;
}

/** What each site's run would change, host by host: the destructive steps are listed before anything runs. */
function renderDryRun(plan: Plan, sites: readonly string[], ctx: Pick<CommandContext, 'io'>): string {
  const c = terminalStyle(ctx.io.color);
  let out = `Dry run of plan ${plan.hash.slice(0, 12)}: nothing is changed.\n\n`;
  for (const name of sites) {
    const s = plan.sites[name]!;
    const dirs = targetWorkDirs(s);
    out += `${c.bold(name)} (wave ${s.wave}) ${s.source.host}:${s.source.path} -> ${s.target.host}:${s.target.path}\n`;
    if (s.blockers.length)
      out += `  ${c.red('blocked')}: ${s.blockers.map((b) => b.message).join('; ')} (preflight will stop it)\n`;
    out += `  source ${s.source.host}: read only; ${c.yellow('adds a temporary rrsync-only key to authorized_keys')} for a host-to-host copy, removed afterwards\n`;
    out += `  db     ${s.target.host}: drops and recreates the \`${s.stagingPrefix}*\` staging tables; live tables untouched\n`;
    if (s.prefixChange)
      out += `         ${c.yellow('renames')} ${describePrefixChange(s.prefixChange, s.multisite)}\n`;
    if (s.replacements.length)
      out += `         replaces ${s.replacements.map((r) => `${r.from} -> ${r.to}`).join(', ')} (not in guid)\n`;
    if (s.excludes.length) out += `  files  leaves out ${s.excludes.join(', ')}\n`;
    if (s.forbiddenActions.length) out += `  policy forbids ${s.forbiddenActions.join(', ')} for this site\n`;
    out += `  files  ${s.target.host}: rsync into ${dirs.stagingDir}${s.forbiddenActions.includes('files-delete') ? '' : ' (--delete inside it)'}\n`;
    out += `  ${c.yellow('swap')}   ${s.target.host}: ${c.yellow('RENAME TABLE')} live -> \`${s.backupPrefix}*\`, \`${s.stagingPrefix}*\` -> live; moves wp-content/{uploads,plugins,themes,mu-plugins,languages} to ${dirs.backupDir} and the staged ones in; sets home to ${s.target.url} (siteurl keeps a WordPress subdirectory); flushes cache, rewrite rules, transients\n`;
    out += `  undo   \`wpfleet undo ${name}\` reverses the swap\n\n`;
  }
  return out;
}

export interface ExecuteRunInput {
  loaded: LoadedFleet;
  plan: Plan;
  runDir: string;
  record: RunRecord;
}

/** Runs (or continues) a plan with its journal in the run directory, reports, and maps the result to an exit code. */
export async function executeRun(
  ctx: CommandContext,
  { loaded, plan, runDir, record }: ExecuteRunInput,
): Promise<number> {
  const run = await openMigration({
    fleet: loaded.fleet,
    fleetFile: loaded.file,
    plan,
    runDir,
    sites: record.sites,
    options: record.options,
    cwd: ctx.cwd,
    env: ctx.env,
  });
  const reporter = createReporters({
    io: ctx.io,
    json: Boolean(ctx.options['json']),
    quiet: Boolean(ctx.options['quiet']),
    verbose: Boolean(ctx.options['verbose']),
  });
  let summary: RunSummary;
  try {
    // An error a step left unhandled fails that site, not the process and every other site (issue 13).
    summary = await runPlan({
      plan,
      handlers: run.handlers,
      signal: ctx.signal,
      onEvent: reporter,
      journal: run.journal,
      sites: record.sites,
      strayErrors: processStrayErrors(),
    });
  } finally {
    reporter.close();
    await run.close();
  }
  const paths = await writeRunReports(runDir, withHistory(reporter.events(), run.journal.entries));
  const out = ctx.options['json'] ? ctx.io.stderr : ctx.io.stdout;
  out.write(`\nreport: ${paths.html}\njournal: ${run.journalFile}\n`);
  if (summary.status === 'aborted' || ctx.signal.aborted) {
    out.write(`interrupted; continue with: wpfleet resume --run-dir ${runDir}\n`);
    return ExitCode.interrupted;
  }
  if (summary.status === 'failed') {
    out.write(`some sites failed; after fixing the cause: wpfleet resume --run-dir ${runDir}\n`);
    return ExitCode.failedSites;
  }
  return ExitCode.ok;
}

/**
 * Earlier runs' step events (`history`: what the journal held when this run opened it), replayed right after this
 * run's `run-started` event. The journal holds them as they
 * were published, so they are read back, not rebuilt; they carry this run's id.
 */
export function withHistory(events: RunEvent[], history: readonly JournalEntry[]): RunEvent[] {
  if (history.length === 0) return events;
  const replayed = journalledStepEvents(history, events[0]?.runId ?? 'earlier');
  const [first, ...rest] = events;
  return first?.type === 'run-started' ? [first, ...replayed, ...rest] : [...replayed, ...events];
}
