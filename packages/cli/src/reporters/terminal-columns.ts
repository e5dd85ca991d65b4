// Text measured in terminal columns, not UTF-16 code units: a CJK character or an emoji takes two columns, a
// combining mark none (docs/decisions.md, DR3). Cuts fall between grapheme clusters and colour codes stay whole.
import stringWidth from 'string-width';
import { STYLE_SEQUENCE, untrustEscapes } from '../terminal/trusted-escapes.js';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Columns `text` takes on a terminal; colour codes take none. */
export function terminalColumns(text: string): number {
  return stringWidth(untrustEscapes(text));
}

/** Colour codes and grapheme clusters of `line`, in order, each cluster with its width in columns. */
function* cells(line: string): Generator<{ text: string; columns: number; style?: boolean }> {
  let from = 0;
  for (const m of line.matchAll(STYLE_SEQUENCE)) {
    yield* clusters(line.slice(from, m.index));
    yield { text: m[0], columns: 0, style: true };
    from = m.index + m[0].length;
  }
  yield* clusters(line.slice(from));
}

function* clusters(text: string): Generator<{ text: string; columns: number }> {
  for (const { segment } of graphemes.segment(text)) yield { text: segment, columns: stringWidth(segment) };
}

/**
 * Cuts a line to `width` columns, ending it with `…` when text was dropped. Colour codes are all kept (a dropped
 * part's reset still resets), a grapheme cluster is kept whole or dropped whole, and a two-column character that
 * would straddle the edge is dropped.
 */
export function truncateAnsi(line: string, width: number): string {
  if (terminalColumns(line) <= width) return line;
  const room = Math.max(0, width - 1);
  let used = 0;
  let cut = false;
  let out = '';
  for (const cell of cells(line)) {
    if (cell.style) out += cell.text;
    else if (!cut && used + cell.columns <= room) {
      out += cell.text;
      used += cell.columns;
    } else if (!cut) {
      cut = true;
      if (width > 0) out += '…';
    }
  }
  return out;
}

/** `text` padded with spaces to at least `width` columns. */
export function padColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - terminalColumns(text)));
}

/** `text` cut to `width` columns if longer, then padded to exactly `width` columns. */
export function fitColumns(text: string, width: number): string {
  return padColumns(truncateAnsi(text, width), width);
}
