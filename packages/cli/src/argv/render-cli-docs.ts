// Renders docs/cli.md from the command definitions, the same data that drives --help and argv parsing.
import type { Command, OptionSpec } from './command.js';
import { ExitCode } from './exit-code.js';
import { globalOptions } from './global-options.js';

const EXIT_CODE_MEANINGS: Record<keyof typeof ExitCode, string> = {
  ok: 'Everything asked for succeeded.',
  failedSites: 'The run finished, but at least one site failed (the others completed).',
  usage: 'Bad command line or bad fleet file; nothing ran.',
  preflight: 'Preflight (doctor) checks failed; nothing was changed.',
  policy: 'A policy refused the action (protected target, forbidden action, missing confirmation).',
  environment: 'A host, network or tool problem stopped the command.',
  interrupted: 'Interrupted (Ctrl-C or SIGTERM); the run can be resumed with `wpfleet resume`.',
  bug: 'An unexpected error inside wpfleet.',
};

function optionRow(spec: OptionSpec): string {
  const value =
    spec.type === 'boolean' ? '' : ` ${spec.valueName ?? (spec.type === 'list' ? 'A,B' : 'VALUE')}`;
  const flag = `${spec.short ? `-${spec.short}, ` : ''}--${spec.name}${value}`;
  const def =
    spec.default === undefined || spec.default === false ? '' : ` Default: \`${String(spec.default)}\`.`;
  return `| \`${flag}\` | ${spec.description.replace(/\|/g, '\\|')}${def} |`;
}

export function renderCliDocs(commands: readonly Command[]): string {
  const lines = [
    '# wpfleet command-line reference',
    '',
    '<!-- Generated from the command definitions by `pnpm gen:docs`. Do not edit by hand: a test fails when this file is stale. -->',
    '',
    '## Commands',
    '',
    ...commands.map(
      (c) => `- [\`wpfleet ${c.name}\`](#wpfleet-${c.name.replace(/\s+/g, '-')}): ${c.summary}`,
    ),
    '',
    '## Global options',
    '',
    'Every command accepts these.',
    '',
    '| option | meaning |',
    '|---|---|',
    ...globalOptions.map(optionRow),
    '',
    '`NO_COLOR` in the environment turns colours off like `--no-color`.',
    '',
    '## Exit codes',
    '',
    '| code | name | meaning |',
    '|---|---|---|',
    ...(Object.entries(ExitCode) as [keyof typeof ExitCode, number][]).map(
      ([name, code]) => `| ${code} | \`${name}\` | ${EXIT_CODE_MEANINGS[name]} |`,
    ),
    '',
  ];
  for (const command of commands) {
    const positionals = (command.positionals ?? [])
      .map((p) => {
        const name = p.name.toUpperCase() + (p.variadic ? '...' : '');
        return p.required ? name : `[${name}]`;
      })
      .join(' ');
    lines.push(`## wpfleet ${command.name}`, '', command.summary, '');
    if (command.description) lines.push(command.description, '');
    lines.push('```', `wpfleet ${command.name}${positionals ? ` ${positionals}` : ''} [options]`, '```', '');
    if (command.positionals?.length) {
      lines.push('| argument | meaning |', '|---|---|');
      for (const p of command.positionals) lines.push(`| \`${p.name.toUpperCase()}\` | ${p.description} |`);
      lines.push('');
    }
    if (command.options.length) {
      lines.push('| option | meaning |', '|---|---|', ...command.options.map(optionRow), '');
    }
    if (command.examples.length) {
      lines.push('Examples:', '', '```sh', ...command.examples, '```', '');
    }
  }
  return lines.join('\n');
}
