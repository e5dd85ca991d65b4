// Equivalence check for the bench: runs one stream kind over a dump and writes its output bytes plus a JSON of
// the report and every digest (with row hashes), so two commits' or two paths' results can be compared byte for byte.
// Usage: node bench/sql-stream/snapshot.mjs <transform|worker> <dump> <outPrefix> [rows]
import { createReadStream, createWriteStream, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';

const [mode, dump, outPrefix, rows] = process.argv.slice(2);
const options = {
  pairs: [{ from: 'https://old-agency-site.example.com', to: 'https://www.new-agency-home.example.org' }],
  prefix: { from: 'wp_', to: 'wp_', staging: 'wpfs_' },
  fixes: { target: { flavour: 'mariadb', version: '10.11.6' } },
  keepRowHashes: rows === 'rows',
};
let stream;
let pool;
if (mode === 'worker') {
  const { SqlWorkerPool, SqlWorkerStream } = await import('../../packages/sql/dist/sql-worker-pool.js');
  pool = new SqlWorkerPool(2);
  stream = new SqlWorkerStream(pool, options);
} else {
  const { SqlStream } = await import('../../packages/sql/dist/sql-stream.js');
  stream = new SqlStream(options);
}
await pipeline(
  createReadStream(dump, { highWaterMark: 1 << 16 }),
  stream,
  createWriteStream(`${outPrefix}.sql`),
);
const digests = {};
for (const [k, d] of stream.digests) {
  const hashes = [];
  for (let i = 0; i < d.rows && d.keepRowHashes; i++) hashes.push(d.rowHash(i));
  digests[k] = { json: d.toJSON(), hashes };
}
writeFileSync(`${outPrefix}.json`, JSON.stringify({ report: stream.report(), digests }, null, 1));
await pool?.close();
