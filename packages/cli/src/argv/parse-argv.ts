// Turns argv into a command's typed options using node:util parseArgs, driven by the OptionSpec data.
import { parseArgs } from 'node:util';
import { WpfleetError } from '@wpfleet/core';
import type { Command, CommandContext, OptionSpec } from './command.js';
import { globalOptions } from './global-options.js';

export interface ParsedArgv {
  args: string[];
  options: CommandContext['options'];
}

export function allOptions(command: Command): OptionSpec[] {
  return [...command.options, ...globalOptions];
}

export function parseCommandArgv(command: Command, argv: string[]): ParsedArgv {
  const specs = allOptions(command);
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const spec of specs) {
    config[spec.name] = {
      type: spec.type === 'boolean' ? 'boolean' : 'string',
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.type === 'list' ? { multiple: true } : {}),
    };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw new WpfleetError(
      'WPF_USAGE',
      `${(error as Error).message.replace(/\. To specify a positional.*$/s, '')}`,
      {
        kind: 'user',
        hint: `Run \`wpfleet ${command.name} --help\` for the accepted options.`,
      },
    );
  }
  // `--help` answers whatever else the command would require: `wpfleet undo --help` needs no SITE.
  if ((parsed.values as Record<string, unknown>)['help'] === true)
    return { args: parsed.positionals, options: { help: true } };
  const options: CommandContext['options'] = {};
  for (const spec of specs) {
    const raw = (parsed.values as Record<string, unknown>)[spec.name];
    if (raw === undefined) {
      if (spec.default !== undefined) options[spec.name] = spec.default;
      continue;
    }
    if (spec.type === 'number') {
      const value = Number(raw);
      if (!Number.isFinite(value)) {
        throw new WpfleetError('WPF_USAGE', `--${spec.name} takes a number, got ${JSON.stringify(raw)}`, {
          kind: 'user',
          hint: `Run \`wpfleet ${command.name} --help\`.`,
        });
      }
      if (spec.min !== undefined && (!Number.isInteger(value) || value < spec.min)) {
        throw new WpfleetError(
          'WPF_USAGE',
          `--${spec.name} takes a whole number of at least ${spec.min}, got ${JSON.stringify(raw)}`,
          {
            kind: 'user',
            hint: `Run \`wpfleet ${command.name} --help\`.`,
          },
        );
      }
      options[spec.name] = value;
    } else if (spec.type === 'list') {
      // Lists accept repeated flags and comma-separated values: --sites a,b --sites c.
      const values = raw as string[];
      const list =
        spec.splitCommas === false
          ? values
          : values
              .flatMap((v) => v.split(','))
              .map((v) => v.trim())
              .filter(Boolean);
      // `--sites ''` (an empty shell variable) must not silently mean "every site".
      if (list.length === 0) {
        throw new WpfleetError('WPF_USAGE', `--${spec.name} was given without a value`, {
          kind: 'user',
          hint: `name at least one, e.g. --${spec.name} ${spec.valueName ?? 'A,B'}; leave the option out to mean all`,
        });
      }
      options[spec.name] = list;
    } else {
      options[spec.name] = raw as string | boolean;
    }
  }
  const required = (command.positionals ?? []).filter((p) => p.required);
  if (parsed.positionals.length < required.length) {
    const missing = required.slice(parsed.positionals.length).map((p) => p.name.toUpperCase());
    throw new WpfleetError('WPF_USAGE', `missing argument ${missing.join(' ')}`, {
      kind: 'user',
      hint: `Run \`wpfleet ${command.name} --help\`.`,
    });
  }
  const declared = command.positionals ?? [];
  if (!declared.some((p) => p.variadic) && parsed.positionals.length > declared.length) {
    const extra = parsed.positionals.slice(declared.length);
    // Silently ignored, `wpfleet plan fleet.yml` would run on ./fleet.yml whatever the argument named.
    throw new WpfleetError(
      'WPF_USAGE',
      `unexpected argument${extra.length === 1 ? '' : 's'} ${extra.map((a) => JSON.stringify(a)).join(' ')}`,
      {
        kind: 'user',
        hint: `\`wpfleet ${command.name}\` takes ${declared.length === 0 ? 'no arguments' : declared.map((p) => p.name.toUpperCase()).join(' ')}; options start with \`--\` (a file goes with its option, e.g. \`--fleet FILE\`). Run \`wpfleet ${command.name} --help\`.`,
      },
    );
  }
  return { args: parsed.positionals, options };
}
