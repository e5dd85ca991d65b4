// In-memory split of the transform's cost: the main thread's share (tokenize, cut batches) against the
// workers' share (walk the INSERTs), on the bench dump, warm, best of N, in CPU time.
// Usage: node bench/sql-stream/split-profile.mjs bench/out/wp-dump-100MB.sql [rounds]
import { readFileSync } from 'node:fs';
const { SqlTransformer } = await import('../../packages/sql/dist/sql-transformer.js');
const { runSqlBatch } = await import('../../packages/sql/dist/sql-batch.js');
const { InsertWalker } = await import('../../packages/sql/dist/insert-walker.js');
const dump = readFileSync(process.argv[2]);
const options = {
  pairs: [{ from: 'https://old-agency-site.example.com', to: 'https://www.new-agency-home.example.org' }],
  prefix: { from: 'wp_', to: 'wp_', staging: 'wpfs_' },
  fixes: { target: { flavour: 'mariadb', version: '10.11.6' } },
};
const CH = 1 << 16;
// CPU time of this thread's process, steadier than wall time on a shared machine.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
const best = { seq: Infinity, main: Infinity, walk: Infinity };
for (let round = 0; round < Number(process.argv[3] ?? 3); round++) {
  let t0 = cpuMs();
  const seq = new SqlTransformer(options);
  for (let i = 0; i < dump.length; i += CH) seq.push(dump.subarray(i, i + CH));
  seq.end();
  const tSeq = cpuMs() - t0;
  t0 = cpuMs();
  const split = new SqlTransformer(options, undefined, true);
  const batches = [];
  for (let i = 0; i < dump.length; i += CH) {
    split.push(dump.subarray(i, i + CH));
    const b = split.takeBatch(1 << 18);
    if (b) batches.push(b);
  }
  split.end();
  const last = split.takeBatch(0);
  if (last) batches.push(last);
  const tMain = cpuMs() - t0;
  t0 = cpuMs();
  const walker = new InsertWalker(options);
  for (const b of batches) split.absorb(runSqlBatch(walker, b));
  const tWalk = cpuMs() - t0;
  best.seq = Math.min(best.seq, tSeq);
  best.main = Math.min(best.main, tMain);
  best.walk = Math.min(best.walk, tWalk);
}
console.log(
  `CPU ms, best of ${process.argv[3] ?? 3}: sequential ${best.seq.toFixed(0)}; split: main ${best.main.toFixed(0)}, walk ${best.walk.toFixed(0)}`,
);
