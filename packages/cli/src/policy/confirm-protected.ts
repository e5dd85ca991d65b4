// Enforces the Guardian's verdicts at the command line: forbidden actions are refused; a protected target needs
// its domain typed at a prompt, or `--yes --i-understand-protected` in batch mode. Nothing runs before this.
import { WpfleetError, guardActions, type Fleet, type FleetAction } from '@wpfleet/core';
import type { CommandContext } from '../argv/command.js';
import { rawStream } from '../terminal/terminal-stream.js';

export async function confirmProtected(
  ctx: CommandContext,
  fleet: Fleet,
  sites: readonly string[],
  action: FleetAction,
): Promise<void> {
  const verdicts = guardActions(fleet, sites, action);
  const forbidden = verdicts.filter((v) => v.rule === 'forbidden');
  if (forbidden.length) {
    throw new WpfleetError(
      'WPF_POLICY_FORBIDDEN',
      `the fleet's policies forbid \`${action}\` for ${forbidden.map((v) => `${v.site} (policy on ${v.matched})`).join(', ')}`,
      {
        kind: 'policy',
        hint: `Leave these sites out (--sites), or change policies.forbiddenActions in the fleet file. Nothing was changed.`,
      },
    );
  }
  const guarded = verdicts.filter((v) => v.rule === 'protected');
  if (guarded.length === 0) return;
  // `blog (targets protected new-a)`: which site, and which protected entry it matched.
  const named = guarded.map((v) => `${v.site} (targets protected ${v.matched})`).join(', ');
  if (ctx.options.yes) {
    if (ctx.options['i-understand-protected']) return;
    throw new WpfleetError('WPF_PROTECTED_TARGET', `\`${action}\` needs confirmation for ${named}`, {
      kind: 'policy',
      hint: 'In batch mode, add --i-understand-protected next to --yes to confirm; in a terminal, run without --yes and type each domain. Nothing was changed.',
    });
  }
  if (!ctx.io.isTTY) {
    throw new WpfleetError(
      'WPF_PROTECTED_TARGET',
      `\`${action}\` needs confirmation for ${named}, and there is no terminal to confirm`,
      {
        kind: 'policy',
        hint: 'Pass --yes --i-understand-protected to confirm in batch mode. Nothing was changed.',
      },
    );
  }
  const { input } = await import('@inquirer/prompts');
  for (const verdict of guarded) {
    const typed = await input(
      {
        message: `${verdict.site} targets protected ${verdict.matched}. Type ${verdict.domain} to go on with \`${action}\`:`,
      },
      { input: ctx.io.stdin, output: rawStream(ctx.io.stderr), signal: ctx.signal },
    );
    if (typed.trim() !== verdict.domain) {
      throw new WpfleetError(
        'WPF_PROTECTED_TARGET',
        `confirmation for ${verdict.site} did not match ${verdict.domain}`,
        {
          kind: 'policy',
          hint: 'Nothing was changed.',
        },
      );
    }
  }
}

/** `--yes` of a destructive command that honours protected targets (see iUnderstandProtectedOption). */
export const yesProtectedOption = {
  name: 'yes',
  short: 'y',
  type: 'boolean' as const,
  description: 'No prompts (a protected target then also needs --i-understand-protected).',
};

/** The flag that goes with --yes for protected targets; add it to destructive commands' options. */
export const iUnderstandProtectedOption = {
  name: 'i-understand-protected',
  type: 'boolean' as const,
  description: 'With --yes: confirm actions on protected targets without typing their domains.',
};
