// Help text for the program and for each command, rendered from the command definitions.
import type { Command, OptionSpec } from './command.js';
import { allOptions } from './parse-argv.js';

function optionLabel(spec: OptionSpec): string {
  const value =
    spec.type === 'boolean' ? '' : ` ${spec.valueName ?? (spec.type === 'list' ? 'A,B' : 'VALUE')}`;
  return `${spec.short ? `-${spec.short}, ` : '    '}--${spec.name}${value}`;
}

export function renderCommandHelp(command: Command): string {
  const positionals = (command.positionals ?? [])
    .map((p) => {
      const name = p.name.toUpperCase() + (p.variadic ? '...' : '');
      return p.required ? name : `[${name}]`;
    })
    .join(' ');
  const lines = [
    `Usage: wpfleet ${command.name}${positionals ? ` ${positionals}` : ''} [options]`,
    '',
    command.summary,
  ];
  if (command.description) lines.push('', command.description);
  if (command.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const p of command.positionals) lines.push(`  ${p.name.toUpperCase().padEnd(28)} ${p.description}`);
  }
  lines.push('', 'Options:');
  for (const spec of allOptions(command)) {
    const def =
      spec.default === undefined || spec.default === false ? '' : ` (default: ${String(spec.default)})`;
    lines.push(`  ${optionLabel(spec).padEnd(30)} ${spec.description}${def}`);
  }
  if (command.examples.length) {
    lines.push('', 'Examples:');
    for (const example of command.examples) lines.push(`  $ ${example}`);
  }
  return lines.join('\n') + '\n';
}

export function renderProgramHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `wpfleet ${version}: migrate fleets of WordPress sites to new hosts in parallel, verified, without downtime.`,
    '',
    'Usage: wpfleet <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`),
    '',
    'Global options: --help, --version, --json, --no-color, --quiet, --verbose',
    "Run `wpfleet <command> --help` for a command's options and examples.",
    '',
  ].join('\n');
}
