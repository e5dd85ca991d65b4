// What the SqlFirewall costs the stream: the in-process transform over the same dump with and without it, run
// alternately (so both see the same load on a shared machine), CPU seconds per run, best and median of each.
// Usage: node bench/sql-stream/firewall-cost.mjs [--size 100MB] [--rounds 5]   (after `pnpm build` and one run.ts)
import { spawn } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { size: { type: 'string', default: '100MB' }, rounds: { type: 'string', default: '5' } },
});
const file = join(here, '../out', `wp-dump-${values.size}.sql`);
const bytes = statSync(file).size;

function once(firewall) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(here, 'child.mjs'),
        'transform',
        'https://old-agency-site.example.com',
        'https://www.new-agency-home.example.org',
        '',
      ],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, WPFLEET_BENCH_FIREWALL: firewall ? '1' : '0' },
      },
    );
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (err += d));
    createReadStream(file, { highWaterMark: 1 << 16 }).pipe(child.stdin);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child exited ${code}: ${err}`));
      resolve(JSON.parse(err.trim().split('\n').pop()).cpuSeconds);
    });
  });
}

const runs = { without: [], with: [] };
for (let i = 0; i < Number(values.rounds); i++) {
  runs.without.push(await once(false));
  runs.with.push(await once(true));
}
const best = (xs) => Math.min(...xs);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = bytes / 1024 / 1024;
for (const [name, xs] of Object.entries(runs)) {
  console.log(
    `${name.padEnd(8)} firewall: best ${best(xs).toFixed(2)} CPU s (${(mb / best(xs)).toFixed(0)} MB/CPU s), median ${median(xs).toFixed(2)}, runs ${xs.map((x) => x.toFixed(2)).join(' ')}`,
  );
}
console.log(
  `cost: ${((best(runs.with) / best(runs.without) - 1) * 100).toFixed(1)}% (best), ${((median(runs.with) / median(runs.without) - 1) * 100).toFixed(1)}% (median) more CPU per byte`,
);
