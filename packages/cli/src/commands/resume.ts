// `wpfleet resume`: continues a migrate run from its journal: completed steps are skipped (their outputs feed the
// later steps), steps that started and never finished run again in doubt (they check their effect first).
import { WpfleetError } from '@wpfleet/core';
import { findRunDir, readPlanFile, readRun } from '@wpfleet/wp';
import { resolve } from 'node:path';
import { defineCommand } from '../argv/command.js';
import { loadFleetFile, runDirOption } from '../fleet/load-fleet.js';
import { executeRun } from './migrate.js';

export const resumeCommand = defineCommand({
  name: 'resume',
  summary: 'Continue an interrupted or partly failed migrate run from its journal.',
  description:
    "Reads the run directory's journal (the newest run under .wpfleet/runs unless --run-dir is given) and runs what " +
    'is left of the same plan: finished steps are not repeated; a step that was running when the controller stopped ' +
    '(Ctrl-C, crash, kill -9) runs again and checks its effect first, so nothing is applied twice. Failed sites are ' +
    'tried again. The plan and fleet file must be unchanged, so the confirmation `migrate` got (--yes, protected ' +
    'targets) still holds and is not asked again. Exit codes as for migrate.',
  options: [
    {
      name: 'run-dir',
      type: 'string',
      valueName: 'DIR',
      description: 'The run to continue (default: the newest under .wpfleet/runs).',
    },
    {
      name: 'fleet',
      short: 'f',
      type: 'string',
      valueName: 'FILE',
      description: 'The fleet file (default: the one the run started with).',
    },
    { name: 'sites', type: 'list', valueName: 'NAMES', description: 'Only continue these sites of the run.' },
  ],
  examples: ['wpfleet resume', 'wpfleet resume --run-dir .wpfleet/runs/2026-11-24T15-00-00-000Z --json'],
  async run(ctx) {
    const runDir = await findRunDir(ctx.cwd, runDirOption(ctx));
    const run = readRun(runDir);
    const loaded = loadFleetFile(
      ctx,
      typeof ctx.options['fleet'] === 'string' ? resolve(ctx.cwd, ctx.options['fleet']) : run.record.fleet,
    );
    // The plan must still match the fleet file as it is now.
    readPlanFile(run.record.plan, loaded.fleet);
    const only = ctx.options['sites'] as string[] | undefined;
    const unknown = (only ?? []).filter((s) => !run.record.sites.includes(s));
    if (unknown.length > 0) {
      throw new WpfleetError('WPF_USAGE', `the run does not include ${unknown.join(', ')}`, {
        kind: 'user',
        hint: `its sites are: ${run.record.sites.join(', ')}`,
      });
    }
    const record = only?.length
      ? { ...run.record, sites: run.record.sites.filter((s) => only.includes(s)) }
      : run.record;
    return executeRun(ctx, { loaded, plan: run.plan, runDir, record });
  },
});
