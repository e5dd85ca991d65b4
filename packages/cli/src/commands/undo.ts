// `wpfleet undo SITE`: swaps a migrated site back on its target, from the swap outputs in the run's journal: the
// migrated tables return under the staging prefix, the backup goes live, and the wp-content directories move back.
import { join } from 'node:path';
import { WpfleetError, isStepDone, parseJournal, replayJournal } from '@wpfleet/core';
import {
  JOURNAL_FILE,
  findRunDir,
  hostStepEnvironment,
  readRun,
  readStepOutputs,
  recordInRunJournal,
  undoSite,
  writeRunFile,
} from '@wpfleet/wp';
import { readFileSync } from 'node:fs';
import { defineCommand } from '../argv/command.js';
import { ExitCode } from '../argv/exit-code.js';
import { openRunFleet, runDirOption, runFleetOption } from '../fleet/load-fleet.js';
import {
  confirmProtected,
  iUnderstandProtectedOption,
  yesProtectedOption,
} from '../policy/confirm-protected.js';

export const undoCommand = defineCommand({
  name: 'undo',
  summary: 'Swap a migrated site back to what its target served before.',
  description:
    "Finds the site's swap in the run's journal (the newest run that swapped it unless --run-dir is given) and " +
    'reverses it in one RENAME TABLE: the migrated tables go back under the staging prefix and the backup tables ' +
    'become live again; the wp-content directories move back the same way. Running it twice is harmless. ' +
    'The source is not touched.',
  positionals: [{ name: 'SITE', description: 'The site to undo.', required: true }],
  options: [
    {
      name: 'run-dir',
      type: 'string',
      valueName: 'DIR',
      description: 'The run whose swap to undo (default: the newest that swapped SITE).',
    },
    runFleetOption,
    yesProtectedOption,
    iUnderstandProtectedOption,
  ],
  examples: [
    'wpfleet undo acme-blog',
    'wpfleet undo acme-blog --run-dir .wpfleet/runs/2026-11-24T15-00-00-000Z',
  ],
  async run(ctx) {
    const site = ctx.args[0];
    if (!site)
      throw new WpfleetError('WPF_USAGE', 'undo needs the SITE to swap back', {
        kind: 'user',
        hint: 'wpfleet undo SITE',
      });
    const swapped = (dir: string): boolean => {
      try {
        const replay = replayJournal(parseJournal(readFileSync(join(dir, JOURNAL_FILE), 'utf8')).entries);
        return isStepDone(replay.sites[site]?.steps.swap);
      } catch {
        return false;
      }
    };
    const runDir = await findRunDir(ctx.cwd, runDirOption(ctx), swapped);
    const run = readRun(runDir);
    const step = run.replay.sites[site]?.steps.swap;
    const planned = run.plan.sites[site];
    if (!planned) {
      throw new WpfleetError('WPF_UNKNOWN_SITE', `the run in ${runDir} has no site ${site}`, {
        kind: 'user',
        hint: `its sites: ${Object.keys(run.plan.sites).join(', ')}`,
      });
    }
    const swap = isStepDone(step)
      ? readStepOutputs('swap', step?.outputs, { site, step: 'undo' })
      : undefined;
    if (!swap) {
      throw new WpfleetError('WPF_UNDO_NOTHING', `the run in ${runDir} did not swap site ${site}`, {
        kind: 'user',
        hint: '`wpfleet status --run-dir DIR` shows which sites were swapped; pass the run that swapped it',
      });
    }
    const { loaded, pool } = openRunFleet(ctx, run);
    let result;
    try {
      await confirmProtected(ctx, loaded.fleet, [site], 'undo');
      result = await undoSite(hostStepEnvironment(pool, loaded.fleet), planned, swap, ctx.signal);
    } finally {
      await pool.close();
    }
    const record = { site, at: new Date().toISOString(), ...result };
    await writeRunFile(join(runDir, `undo-${site}.json`), JSON.stringify(record, null, 2) + '\n');
    if (!result.alreadyUndone) {
      await recordInRunJournal(run, {
        type: 'site-undone',
        at: Date.now(),
        site,
        tablesRestored: result.tablesRestored,
        dirsRestored: result.dirsRestored,
      });
    }
    if (ctx.options['json']) ctx.io.stdout.write(JSON.stringify({ type: 'undo', ...record }) + '\n');
    else if (result.alreadyUndone) ctx.io.stdout.write(`${site}: already swapped back; nothing changed\n`);
    else {
      ctx.io.stdout.write(
        `${site}: ${result.tablesRestored} table(s) swapped back on ${planned.target.host}; the previous site is live again` +
          `${result.dirsRestored.length ? `; wp-content/{${result.dirsRestored.join(',')}} restored` : ''}\n` +
          `the migrated copy is kept under the \`${planned.stagingPrefix}\` prefix and in ${swap.stagingDir}\n`,
      );
    }
    return ExitCode.ok;
  },
});
