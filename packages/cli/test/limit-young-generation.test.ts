// The young-generation cap is a V8 flag set at run time: prove in fresh processes that it holds the new space at
// its initial size under a fast allocator, also after a worker thread started (V8 resets the flag when it sets up
// a new isolate), and that without it V8 grows the new space (so the test can fail).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const moduleUrl = new URL('../src/limit-young-generation.ts', import.meta.url).href;
const allocate = (limit: boolean, worker: boolean) => `
${limit ? `const { limitYoungGeneration } = await import(${JSON.stringify(moduleUrl)}); limitYoungGeneration();` : ''}
const v8 = await import('node:v8');
${
  worker
    ? `const { Worker } = await import('node:worker_threads');
const w = new Worker('setTimeout(() => {}, 200)', { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
await new Promise((resolve) => w.once('online', resolve));
await new Promise((resolve) => setImmediate(resolve));`
    : ''
}
const keep = [];
let peak = 0;
for (let i = 0; i < 2e6; i++) {
  const o = { a: i, b: 'x' + i, c: [i, i + 1] };
  if (i % 1000 === 0) keep.push(o);
  if (i % 5000 === 0) peak = Math.max(peak, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
}
console.log(peak);
process.exit(0);
`;

function newSpacePeak(limit: boolean, worker = false): number {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', allocate(limit, worker)],
    { encoding: 'utf8' },
  );
  return Number(out.trim());
}

describe('limitYoungGeneration', () => {
  it('keeps the new space at its initial size while a process allocates fast', () => {
    const limited = newSpacePeak(true);
    const free = newSpacePeak(false);
    expect(limited).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(free).toBeGreaterThan(limited * 2);
  });

  it('still holds after a worker thread has started', () => {
    expect(newSpacePeak(true, true)).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(newSpacePeak(false, true)).toBeGreaterThan(4 * 1024 * 1024);
  });
});
