// Bench child: reads stdin, writes stdout, reports its own max RSS. Mode `passthrough` is the floor (a bare
// Node stream pipe); `transform` runs the SqlStream from the built @wpfleet/wp in-process; `split:N` runs the
// SqlWorkerStream on a pool of N worker threads (this thread tokenizes, the workers and this thread walk the rows).
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';

// A `+limited` suffix starts the way `wpfleet` does: V8's young generation held at its initial size (DS9),
// set before the stream's modules load.
const [modeSpec, limited] = process.argv[2].split('+');
const [mode, workers] = modeSpec.split(':');
if (limited === 'limited') {
  const { limitYoungGeneration } = await import('../../packages/cli/dist/limit-young-generation.js');
  limitYoungGeneration();
}
const t0 = process.hrtime.bigint();
let stream;
let pool;
const options = {
  pairs: [{ from: process.argv[3], to: process.argv[4] }],
  prefix: { from: 'wp_', to: 'wp_', staging: 'wpfs_' },
  fixes: { target: { flavour: 'mariadb', version: '10.11.6' } },
  keepRowHashes: process.argv[5] === 'rows',
  // As the db step runs it: every statement judged by the SqlFirewall (WPFLEET_BENCH_FIREWALL=0: without, for
  // firewall-cost.mjs's comparison).
  ...(process.env.WPFLEET_BENCH_FIREWALL === '0'
    ? {}
    : { firewall: { tablePrefix: 'wpfs_', requireDumpHeader: true } }),
};
if (mode === 'transform') {
  const { SqlStream } = await import('../../packages/sql/dist/sql-stream.js');
  stream = new SqlStream(options);
} else if (mode === 'split') {
  const { SqlWorkerPool, SqlWorkerStream } = await import('../../packages/sql/dist/sql-worker-pool.js');
  pool = new SqlWorkerPool(Number(workers));
  stream = new SqlWorkerStream(pool, options);
} else {
  stream = new PassThrough();
}
await pipeline(process.stdin, stream, process.stdout);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const report = mode === 'passthrough' ? null : stream.report();
await pool?.close();
process.stderr.write(
  JSON.stringify({
    seconds,
    cpuSeconds: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6,
    maxRssKb: process.resourceUsage().maxRSS,
    replacements: report?.replacements.total ?? 0,
  }) + '\n',
);
