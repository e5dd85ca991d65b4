// In-memory split of the transform's cost: the main thread's share (tokenize, cut batches) against the
// workers' share (walk the INSERTs), on the bench dump, warm, best of N.
import { readFileSync } from 'node:fs';
const { SqlTransformer } = await import('../../packages/wp/dist/sql/sql-transformer.js');
const { runSqlBatch } = await import('../../packages/wp/dist/sql/sql-batch.js');
const { InsertWalker } = await import('../../packages/wp/dist/sql/insert-walker.js');
const dump = readFileSync(process.argv[2]);
const options = {
  pairs: [{ from: 'https://old-agency-site.example.com', to: 'https://www.new-agency-home.example.org' }],
  prefix: { from: 'wp_', to: 'wp_', staging: 'wpfs_' },
  fixes: { target: { flavour: 'mariadb', version: '10.11.6' } },
};
const CH = 1 << 16;
for (let round = 0; round < Number(process.argv[3] ?? 3); round++) {
  let t0 = performance.now();
  const seq = new SqlTransformer(options);
  for (let i = 0; i < dump.length; i += CH) seq.push(dump.subarray(i, i + CH));
  seq.end();
  const tSeq = performance.now() - t0;
  t0 = performance.now();
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
  const tMain = performance.now() - t0;
  t0 = performance.now();
  const walker = new InsertWalker(options);
  for (const b of batches) split.absorb(runSqlBatch(walker, b));
  const tWalk = performance.now() - t0;
  console.log(
    `sequential ${tSeq.toFixed(0)} ms; split: main ${tMain.toFixed(0)} ms, walk ${tWalk.toFixed(0)} ms`,
  );
}
