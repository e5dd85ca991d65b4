// `expect(got).toEqualBytes(want)`: byte-exact comparison for streams and dumps that, when it fails, says where:
// the first differing offset, both lengths and the bytes around it, instead of "expected false to be true".
// Registered for every test project in vitest.config.ts (setupFiles).
import { expect } from 'vitest';

interface EqualBytesMatchers<R = unknown> {
  toEqualBytes(expected: Uint8Array): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends EqualBytesMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends EqualBytesMatchers {}
}

const CONTEXT = 24;

/** The offset of the first byte that differs, or the shorter length when one is a prefix of the other; -1 if equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function around(bytes: Uint8Array, at: number): string {
  const from = Math.max(0, at - CONTEXT);
  const slice = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(from, at + CONTEXT);
  return `${from > 0 ? '…' : ''}${JSON.stringify(slice.toString('latin1'))}${at + CONTEXT < bytes.length ? '…' : ''}`;
}

expect.extend({
  toEqualBytes(received: unknown, expected: Uint8Array) {
    if (!(received instanceof Uint8Array))
      return { pass: false, message: () => `expected a Buffer or Uint8Array, got ${typeof received}` };
    const at = firstDifference(received, expected);
    return {
      pass: at === -1,
      message: () =>
        at === -1
          ? `expected the bytes to differ, but all ${received.length} are equal`
          : `bytes differ first at offset ${at} (received ${received.length} bytes, expected ${expected.length})\n` +
            `  received from ${Math.max(0, at - CONTEXT)}: ${around(received, at)}\n` +
            `  expected from ${Math.max(0, at - CONTEXT)}: ${around(expected, at)}`,
    };
  },
});
