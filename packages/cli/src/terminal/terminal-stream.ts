// The one boundary where text meets the terminal. Every string written to a command's stdout or stderr has URL
// credentials hidden and control characters made visible (`\u001b`), except the escapes wpfleet marked as its own
// (trusted-escapes.ts). Buffers are data (a dump piped to stdout) and pass byte for byte.
import { redactUrlUserinfo } from '@wpfleet/core';
import type { CommandIo } from '../argv/command.js';
import { untrustEscapes } from './trusted-escapes.js';

// C0 controls but newline and tab, DEL, and C1 controls (0x9b is a one-character CSI on some terminals).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Control characters as visible `\u00XX` escapes. That spelling is also a JSON escape for the same character, so
 * JSON output (where DEL and C1 characters stay raw) still parses to the same values.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What the terminal receives for `text`. */
export function terminalText(text: string): string {
  return untrustEscapes(escapeControlCharacters(redactUrlUserinfo(text)));
}

const raw = new WeakMap<object, NodeJS.WritableStream>();

/** `stream` with every string written to it passed through terminalText. Wrapping twice changes nothing. */
export function terminalStream<T extends NodeJS.WritableStream>(stream: T): T {
  if (raw.has(stream)) return stream;
  const write = (chunk: unknown, ...rest: unknown[]): boolean =>
    (stream.write as (...a: unknown[]) => boolean)(
      typeof chunk === 'string' ? terminalText(chunk) : chunk,
      ...rest,
    );
  // A proxy rather than a new Writable: `pipeline` and reporters keep the real stream's state, size and errors.
  const wrapped = new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  raw.set(wrapped, stream);
  return wrapped;
}

/** The stream under a terminalStream, for a prompt library that draws with its own escape sequences. */
export function rawStream(stream: NodeJS.WritableStream): NodeJS.WritableStream {
  return raw.get(stream) ?? stream;
}

/** `io` whose stdout and stderr are terminal streams. */
export function terminalIo(io: CommandIo): CommandIo {
  return { ...io, stdout: terminalStream(io.stdout), stderr: terminalStream(io.stderr) };
}
