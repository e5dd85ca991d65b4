// SQL stream bench: generates a WordPress dump, then times the transform (replace + rename + fixes + digest)
// against the floor (the same bytes through a bare Node stream pipe, and through `cat`), all as child
// processes fed and drained through pipes by this process, and reads each child's peak RSS.
// Usage: pnpm exec tsx bench/sql-stream/run.ts --size 100MB [--rows]
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDump, OLD_URL } from './generate-dump.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { size: { type: 'string', default: '100MB' }, rows: { type: 'boolean', default: false } },
});
const m = /^(\d+(?:\.\d+)?)\s*(MB|GB)$/i.exec(values.size!);
if (!m) throw new Error('--size takes e.g. 10MB, 100MB, 1GB');
const bytes = Math.round(Number(m[1]) * (m[2]!.toUpperCase() === 'GB' ? 1024 : 1) * 1024 * 1024);

interface Measure {
  name: string;
  seconds: number;
  bytesOut: number;
  maxRssKb: number | null;
  cpuSeconds: number | null;
}

function measure(name: string, cmd: string, args: string[], file: string): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let bytesOut = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => (bytesOut += d.length));
    child.stderr.on('data', (d: Buffer) => (err += d));
    createReadStream(file, { highWaterMark: 1 << 16 }).pipe(child.stdin);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${name} exited ${code}: ${err}`));
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const line = err.trim().split('\n').pop() ?? '';
      const stats = line.startsWith('{')
        ? (JSON.parse(line) as { maxRssKb: number; cpuSeconds: number })
        : null;
      resolve({
        name,
        seconds,
        bytesOut,
        maxRssKb: stats?.maxRssKb ?? null,
        cpuSeconds: stats?.cpuSeconds ?? null,
      });
    });
  });
}

const outDir = join(here, '../out');
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `wp-dump-${values.size}.sql`);
if (!existsSync(file) || Math.abs(statSync(file).size - bytes) > bytes * 0.05) {
  process.stderr.write(`generating ${values.size} dump at ${file}...\n`);
  await generateDump(file, bytes);
}
const size = statSync(file).size;
const mb = size / 1024 / 1024;
const child = join(here, 'child.mjs');
const results: Measure[] = [];
const transformArgs = [OLD_URL, 'https://www.new-agency-home.example.org', values.rows ? 'rows' : ''];
results.push(await measure('cat', 'cat', [], file));
results.push(await measure('node pass-through', process.execPath, [child, 'passthrough'], file));
results.push(await measure('transform', process.execPath, [child, 'transform', ...transformArgs], file));
// The same transform started as `wpfleet` starts (bin.ts calls limitYoungGeneration before loading anything:
// V8's young generation stays at its initial 1 MB semi-spaces, DS9): the memory figure to hold against the goal.
results.push(
  await measure('transform (as CLI)', process.execPath, [child, 'transform+limited', ...transformArgs], file),
);
// One dump over both cores: this thread tokenizes and keeps the dump's state, worker threads walk the INSERT
// statements (and so does this thread while they are busy). Same output bytes, report and digests.
results.push(await measure('split, 1 worker', process.execPath, [child, 'split:1', ...transformArgs], file));
results.push(await measure('split, 2 workers', process.execPath, [child, 'split:2', ...transformArgs], file));
// As `wpfleet migrate` runs it on this 2-core machine: one worker (sqlWorkerCount) and the young generation held.
results.push(
  await measure(
    'split 1w (as migrate)',
    process.execPath,
    [child, 'split:1+limited', ...transformArgs],
    file,
  ),
);
const floor = results[1]!;
// Wall-clock MB/s is what a user sees; on a shared machine the child's own CPU time is the steadier figure.
process.stdout.write(
  `SQL stream bench: ${mb.toFixed(0)} MB dump (${file}), load average ${loadavg()[0]!.toFixed(1)}\n`,
);
process.stdout.write(
  `${'stage'.padEnd(20)} ${'wall MB/s'.padStart(10)} ${'x node floor'.padStart(13)} ${'CPU s'.padStart(8)} ${'MB/CPU s'.padStart(9)} ${'peak RSS MB'.padStart(12)} ${'bytes out'.padStart(12)}\n`,
);
for (const r of results) {
  process.stdout.write(
    `${r.name.padEnd(20)} ${(mb / r.seconds).toFixed(0).padStart(10)} ${(floor.seconds / r.seconds).toFixed(2).padStart(13)} ` +
      `${(r.cpuSeconds === null ? '-' : r.cpuSeconds.toFixed(2)).padStart(8)} ${(r.cpuSeconds === null ? '-' : (mb / r.cpuSeconds).toFixed(0)).padStart(9)} ` +
      `${(r.maxRssKb === null ? '-' : (r.maxRssKb / 1024).toFixed(0)).padStart(12)} ${String(r.bytesOut).padStart(12)}\n`,
  );
}
