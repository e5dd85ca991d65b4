// Test helper: starts the SQL worker from its TypeScript source (vitest runs the sources, and a worker thread
// does not go through vite), by registering tsx in the worker first. Production starts the built .js.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SqlWorkerPool, type SqlWorkerStarter } from '../src/sql-worker-pool.js';

const startTsSqlWorker: SqlWorkerStarter = (resourceLimits) => {
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('../src/sql-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, resourceLimits });
};

/** A SqlWorkerPool whose workers run the TypeScript sources. */
export function tsSqlWorkerPool(size: number): SqlWorkerPool {
  return new SqlWorkerPool(size, startTsSqlWorker);
}
