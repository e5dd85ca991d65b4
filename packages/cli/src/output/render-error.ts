// Renders any error for a person (or as one JSON line with --json). The only place errors meet the terminal.
import { WpfleetError } from '@wpfleet/core';
import type { CommandIo } from '../argv/command.js';
import { terminalStyle } from '../terminal/terminal-style.js';

export function renderError(error: unknown, io: CommandIo, json: boolean): void {
  const known = error instanceof WpfleetError;
  const code = known ? error.code : 'WPF_BUG';
  const message = error instanceof Error ? error.message : String(error);
  if (json) {
    io.stderr.write(
      JSON.stringify({
        type: 'error',
        code,
        kind: known ? error.kind : 'bug',
        message,
        hint: known ? error.hint : undefined,
        where: known ? error.where : undefined,
      }) + '\n',
    );
    return;
  }
  const c = terminalStyle(io.color);
  const where = known && error.where ? Object.entries(error.where).filter(([, v]) => v) : [];
  const lines = [`${c.red.bold('error')} ${c.dim(code)} ${message}`];
  if (where.length)
    lines.push(`  ${c.dim('where:')} ${where.map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
  if (known && error.hint) lines.push(`  ${c.cyan('hint:')} ${error.hint}`);
  if (!known) {
    lines.push(`  ${c.dim('This is a bug in wpfleet. Please report it with the output of `--verbose`.')}`);
    if (error instanceof Error && error.stack) lines.push(c.dim(error.stack));
  }
  io.stderr.write(lines.join('\n') + '\n');
}
