// The pid marker is removed from stderr byte-exactly whatever the chunk boundaries.
import { describe, expect, it } from 'vitest';
import { PidMarkerStripper } from '../../src/ssh/pid-marker.js';

async function strip(chunks: Buffer[]): Promise<{ out: string; pid: number | undefined }> {
  const s = new PidMarkerStripper();
  const parts: Buffer[] = [];
  s.on('data', (c: Buffer) => parts.push(c));
  for (const c of chunks) s.write(c);
  s.end();
  await new Promise((r) => s.on('end', r));
  return { out: Buffer.concat(parts).toString('utf8'), pid: s.pid };
}

describe('PidMarkerStripper', () => {
  const input = Buffer.from('wpfleet-pid:4242\nWarning: ünïcødé\nError: x\n');
  it('removes the marker line and keeps the rest, split at every boundary', async () => {
    for (let i = 0; i <= input.length; i++) {
      const r = await strip([input.subarray(0, i), input.subarray(i)]);
      expect(r).toEqual({ out: 'Warning: ünïcødé\nError: x\n', pid: 4242 });
    }
  });
  it('passes stderr through untouched when there is no marker', async () => {
    expect(await strip([Buffer.from('no marker here\nmore')])).toEqual({
      out: 'no marker here\nmore',
      pid: undefined,
    });
    expect(await strip([Buffer.from('short')])).toEqual({ out: 'short', pid: undefined });
  });
});
