// `wpfleet cleanup [SITE...]`: removes what a run left on its targets once nobody needs it: the staging copy (never
// swapped in, or put back by `undo`) and the backup of the previous site (what `undo` would restore). Lists first,
// asks (or needs --yes), then drops those tables and removes those directories. The live site is never touched.
import { join } from 'node:path';
import { WpfleetError, isStepDone } from '@wpfleet/core';
import {
  findRunDir,
  hostStepEnvironment,
  listSiteLeftovers,
  readRun,
  readStepOutputs,
  recordInRunJournal,
  removeSiteLeftovers,
  type CleanupFindings,
  writeRunFile,
} from '@wpfleet/wp';
import { defineCommand } from '../argv/command.js';
import { ExitCode } from '../argv/exit-code.js';
import {
  confirmProtected,
  iUnderstandProtectedOption,
  yesProtectedOption,
} from '../policy/confirm-protected.js';
import { formatBytes } from '@wpfleet/core';
import { rawStream } from '../terminal/terminal-stream.js';
import { openRunFleet, runDirOption, runFleetOption } from '../fleet/load-fleet.js';

export const cleanupCommand = defineCommand({
  name: 'cleanup',
  summary: 'Remove the staging copies and backups a run left on its targets.',
  description:
    'For each site of the run (or each SITE given): drops the tables under the staging and backup prefixes in the ' +
    "target's database and removes the site's staging and backup directories next to the target docroot, and the " +
    "temporary key lines an interrupted host-to-host copy left in the source's authorized_keys. Lists " +
    'what it found first and asks before removing (--yes in scripts, --dry-run to only list). After a cleanup ' +
    '`wpfleet undo` has nothing to restore. Sites whose copy is staged but not yet swapped are skipped unless ' +
    '--include-unswapped is given (`wpfleet resume` would need that copy); sites whose policies forbid `cleanup` are left ' +
    'out (refused when named). Live tables and wp-content are never touched.',
  positionals: [
    { name: 'SITE', description: 'Sites to clean up (default: every site of the run).', variadic: true },
  ],
  options: [
    {
      name: 'run-dir',
      type: 'string',
      valueName: 'DIR',
      description: 'The run whose targets to clean up (default: the newest run).',
    },
    runFleetOption,
    { name: 'dry-run', type: 'boolean', description: 'Only list what would be removed.' },
    {
      name: 'include-unswapped',
      type: 'boolean',
      description: 'Also clean up sites whose copy was staged but never swapped in.',
    },
    yesProtectedOption,
    iUnderstandProtectedOption,
  ],
  examples: [
    'wpfleet cleanup --dry-run',
    'wpfleet cleanup acme-blog --yes',
    'wpfleet cleanup --run-dir .wpfleet/runs/2026-11-24T15-00-00-000Z --yes',
  ],
  async run(ctx) {
    const run = readRun(await findRunDir(ctx.cwd, runDirOption(ctx)));
    const requested = ctx.args.length > 0 ? ctx.args : run.record.sites;
    const unknown = requested.filter((s) => !run.plan.sites[s]);
    if (unknown.length > 0) {
      throw new WpfleetError(
        'WPF_UNKNOWN_SITE',
        `the run in ${run.runDir} has no site ${unknown.join(', ')}`,
        {
          kind: 'user',
          hint: `its sites: ${Object.keys(run.plan.sites).join(', ')}`,
        },
      );
    }
    // Sites whose policy forbids cleanup: refused when named, left out (and said so) when cleaning up the whole run.
    const forbidden = requested.filter((s) => run.plan.sites[s]!.forbiddenActions.includes('cleanup'));
    if (ctx.args.length > 0 && forbidden.length > 0) {
      throw new WpfleetError(
        'WPF_POLICY_CLEANUP',
        `the fleet's policies forbid cleanup for ${forbidden.join(', ')}`,
        {
          kind: 'policy',
          hint: "leave it out of the SITE list: the policy keeps its staging copy and backup on the target (the run's plan carries the policy it was made with). Nothing was removed.",
        },
      );
    }
    // A copy staged but not swapped is what `resume` continues from; removing it would make resume fail verify.
    const pending = requested.filter((s) => {
      const steps = run.replay.sites[s]?.steps;
      return steps !== undefined && steps.db !== undefined && !isStepDone(steps.swap);
    });
    const skipped = ctx.options['include-unswapped'] ? [] : pending;
    const sites = requested.filter((s) => !skipped.includes(s) && !forbidden.includes(s));
    const out = ctx.options['json'] ? ctx.io.stderr : ctx.io.stdout;
    for (const s of forbidden)
      out.write(`${s}: skipped, the fleet's policies forbid cleanup for it (policies.forbiddenActions)\n`);
    for (const s of skipped)
      out.write(
        `${s}: skipped, its copy is staged but not swapped (finish with \`wpfleet resume\`, or pass --include-unswapped)\n`,
      );
    if (sites.length === 0) return ExitCode.ok;

    const dryRun = Boolean(ctx.options['dry-run']);
    const { loaded, pool } = openRunFleet(ctx, run);
    const results: Array<{ site: string; removed: boolean } & CleanupFindings> = [];
    try {
      const env = hostStepEnvironment(pool, loaded.fleet);
      // What is there, read-only, before anyone is asked.
      const preflight = (site: string) =>
        readStepOutputs('preflight', run.replay.sites[site]?.steps.preflight?.outputs, {
          site,
          step: 'cleanup',
        });
      const listed = await Promise.all(
        sites.map(async (site) => ({
          site,
          removed: false,
          ...(await listSiteLeftovers(env, run.plan.sites[site]!, ctx.signal, preflight(site))),
        })),
      );
      for (const r of listed) out.write(describe(r, run.plan.sites[r.site]!.target.host));
      const anything = listed.filter(
        (r) => r.stagingTables.length + r.backupTables.length + r.dirs.length + r.staleKeys > 0,
      );
      if (dryRun || anything.length === 0) {
        results.push(...listed);
      } else {
        await confirmProtected(
          ctx,
          loaded.fleet,
          anything.map((r) => r.site),
          'cleanup',
        );
        if (!ctx.options['yes']) {
          if (!ctx.io.isTTY || ctx.options['json']) {
            throw new WpfleetError(
              'WPF_CONFIRM',
              `cleanup would remove the staging copies and backups of ${anything.length} site(s) and needs confirmation`,
              {
                kind: 'user',
                hint: 'add --yes, or look at --dry-run first',
              },
            );
          }
          const { confirm } = await import('@inquirer/prompts');
          const ok = await confirm(
            {
              message: `Remove these from ${anything.length} target(s)? \`wpfleet undo\` cannot restore them afterwards.`,
              default: false,
            },
            { input: ctx.io.stdin, output: rawStream(ctx.io.stderr), signal: ctx.signal },
          );
          if (!ok) return ExitCode.ok;
        }
        // Exactly what was listed and confirmed: nothing that appeared since is removed.
        for (const r of listed) {
          if (anything.includes(r))
            await removeSiteLeftovers(env, run.plan.sites[r.site]!, r, ctx.signal, preflight(r.site));
          results.push({ ...r, removed: anything.includes(r) });
        }
      }
    } finally {
      await pool.close();
    }
    const at = new Date().toISOString();
    for (const r of results.filter((x) => x.removed)) {
      await writeRunFile(
        join(run.runDir, `cleanup-${r.site}.json`),
        JSON.stringify({ at, ...r }, null, 2) + '\n',
      );
      await recordInRunJournal(run, {
        type: 'site-cleaned-up',
        at: Date.parse(at),
        site: r.site,
        tables: r.stagingTables.length + r.backupTables.length,
        dirs: r.dirs.map((d) => d.path),
      });
    }
    if (ctx.options['json'])
      for (const r of results) ctx.io.stdout.write(JSON.stringify({ type: 'cleanup', at, ...r }) + '\n');
    else {
      const removed = results.filter((r) => r.removed);
      out.write(
        dryRun
          ? 'dry run: nothing was removed\n'
          : removed.length
            ? `removed from ${removed.length} target(s)\n`
            : 'nothing to remove\n',
      );
    }
    return ExitCode.ok;
  },
});

function describe(r: { site: string } & CleanupFindings, host: string): string {
  const parts = [
    r.stagingTables.length ? `${r.stagingTables.length} staging table(s)` : '',
    r.backupTables.length ? `${r.backupTables.length} backup table(s)` : '',
    ...r.dirs.map((d) => `${d.path} (${formatBytes(d.bytes)})`),
    r.staleKeys
      ? `${r.staleKeys} temporary key line(s) an interrupted copy left in the source's authorized_keys`
      : '',
  ].filter(Boolean);
  return `${r.site} on ${host}: ${parts.length ? parts.join(', ') : 'nothing left'}\n`;
}
