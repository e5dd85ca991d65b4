// A plain text table for people: padded columns, a header, no borders. Cells may carry colour; widths ignore it.
import { STYLE_SEQUENCE } from '../terminal/trusted-escapes.js';

function width(text: string): number {
  return [...text.replace(STYLE_SEQUENCE, '')].length;
}

export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { indent?: string } = {},
): string {
  const indent = options.indent ?? '';
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  const line = (row: readonly string[]): string =>
    indent +
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
