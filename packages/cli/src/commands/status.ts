// `wpfleet status`: what a migrate run did so far, read from its journal alone (no host is contacted).
import { STEP_KINDS, type StepKind } from '@wpfleet/core';
import { defineCommand } from '../argv/command.js';
import { ExitCode } from '../argv/exit-code.js';
import { renderTable } from '../output/render-table.js';
import { terminalStyle } from '../terminal/terminal-style.js';
import { findRunDir, readRun } from '@wpfleet/wp';
import { runDirOption } from '../fleet/load-fleet.js';

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'Show where a migrate run stands, from its journal.',
  description:
    "Reads the journal of a run (the newest under .wpfleet/runs unless --run-dir is given) and shows each site's " +
    'steps: done, failed (with the error), stopped (Ctrl-C or SIGTERM cancelled it), in doubt (started, never finished: ' +
    'the controller stopped) or pending, ' +
    'and whether `wpfleet undo` swapped a site back or `wpfleet cleanup` removed its copies. ' +
    'Contacts no host. Exit code 1 when a site has a failed step.',
  options: [
    {
      name: 'run-dir',
      type: 'string',
      valueName: 'DIR',
      description: 'The run to show (default: the newest under .wpfleet/runs).',
    },
  ],
  examples: ['wpfleet status', 'wpfleet status --run-dir .wpfleet/runs/2026-11-24T15-00-00-000Z --json'],
  async run(ctx) {
    const run = readRun(await findRunDir(ctx.cwd, runDirOption(ctx)));
    const sites = run.record.sites.map((name) => {
      const replay = run.replay.sites[name];
      const steps = Object.fromEntries(
        STEP_KINDS.map((kind) => [kind, replay?.steps[kind]?.state ?? 'pending']),
      ) as Record<StepKind, string>;
      // A step that "failed" because Ctrl-C/SIGTERM cancelled its command did not fail: resume runs it again.
      for (const kind of STEP_KINDS)
        if (steps[kind] === 'failed' && replay?.steps[kind]?.lastError?.aborted) steps[kind] = 'stopped';
      const failed = STEP_KINDS.find((k) => steps[k] === 'failed');
      const stopped = STEP_KINDS.find((k) => steps[k] === 'stopped');
      const error = failed ? replay?.steps[failed]?.lastError : undefined;
      const state =
        replay?.undoneAt !== undefined
          ? 'undone'
          : failed
            ? 'failed'
            : STEP_KINDS.every((k) => steps[k] === 'succeeded' || steps[k] === 'skipped')
              ? 'done'
              : stopped
                ? 'interrupted'
                : STEP_KINDS.some((k) => steps[k] === 'in-doubt')
                  ? 'in doubt'
                  : steps.preflight === 'pending'
                    ? 'pending'
                    : 'partial';
      const after = {
        ...(replay?.undoneAt !== undefined ? { undoneAt: new Date(replay.undoneAt).toISOString() } : {}),
        ...(replay?.cleanedUpAt !== undefined
          ? { cleanedUpAt: new Date(replay.cleanedUpAt).toISOString() }
          : {}),
      };
      return {
        name,
        wave: run.plan.sites[name]?.wave ?? 0,
        state,
        steps,
        findings: replay?.findings.length ?? 0,
        ...after,
        ...(error ? { error: { step: failed, ...error } } : {}),
      };
    });
    const finished = run.replay.finished ?? 'running or stopped';
    if (ctx.options['json']) {
      ctx.io.stdout.write(
        JSON.stringify(
          {
            type: 'status',
            runDir: run.runDir,
            planHash: run.plan.hash,
            runs: run.replay.runs,
            finished,
            sites,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      const c = terminalStyle(ctx.io.color);
      const mark = (s: string) =>
        s === 'succeeded'
          ? c.green('done')
          : s === 'skipped'
            ? c.green('done*')
            : s === 'failed'
              ? c.red('FAILED')
              : s === 'in-doubt'
                ? c.yellow('in doubt')
                : s === 'stopped'
                  ? c.yellow('stopped')
                  : c.dim('-');
      let out = `run ${run.runDir}\nplan ${run.plan.hash.slice(0, 12)}, ${run.replay.runs} run(s), last: ${finished}\n\n`;
      out += renderTable(
        ['SITE', 'WAVE', 'STATE', ...STEP_KINDS.map((k) => k.toUpperCase()), 'FINDINGS'],
        sites.map((s) => [
          s.name,
          String(s.wave),
          s.state,
          ...STEP_KINDS.map((k) => mark(s.steps[k])),
          String(s.findings),
        ]),
      );
      for (const s of sites.filter((x) => x.error))
        out += `\n${c.red(s.name)} ${s.error!.step}: ${s.error!.code} ${s.error!.message.split('\n')[0]}`;
      for (const s of sites.filter((x) => x.undoneAt || x.cleanedUpAt)) {
        out += `\n${s.name}: ${[s.undoneAt ? `swapped back by \`wpfleet undo\` at ${s.undoneAt}` : '', s.cleanedUpAt ? `cleaned up at ${s.cleanedUpAt}` : ''].filter(Boolean).join('; ')}`;
      }
      // One blank line before the advice, whether the table or a site's note came last.
      if (!out.endsWith('\n')) out += '\n';
      if (sites.some((s) => s.state !== 'done' && s.state !== 'undone'))
        out += `\ncontinue with: wpfleet resume --run-dir ${run.runDir}\n`;
      ctx.io.stdout.write(out);
    }
    return sites.some((s) => s.state === 'failed') ? ExitCode.failedSites : ExitCode.ok;
  },
});
