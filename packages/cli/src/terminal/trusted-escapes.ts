// wpfleet's own escape sequences (colours, the live view's cursor moves) travel to the terminal stream under a
// per-process marker instead of a raw ESC. terminalStream escapes every raw control character, which can only have
// come from data, and then turns the markers back into ESC: a site name or a host's message cannot forge one.
import { randomBytes } from 'node:crypto';

/** Stands for ESC in text wpfleet styled itself. Unguessable, so data cannot carry one. */
export const TRUSTED_ESC = `\uf8ff${randomBytes(8).toString('hex')}\uf8ff`;

/** A colour code, trusted or raw: it takes no columns on the screen. */
export const STYLE_SEQUENCE = new RegExp(`(?:\\u001b|${TRUSTED_ESC})\\[[0-9;]*m`, 'g');

/** `text`, produced by wpfleet itself (chalk's output, a cursor move), with its ESCs marked as trusted. */
export function trustEscapes(text: string): string {
  return text.replaceAll('\u001b', TRUSTED_ESC);
}

/** `text` with trusted ESCs back to raw ones: the last step before the terminal, or a width measurement. */
export function untrustEscapes(text: string): string {
  return text.replaceAll(TRUSTED_ESC, '\u001b');
}
