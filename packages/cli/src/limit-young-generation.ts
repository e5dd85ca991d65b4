// The process-wide half of the SqlStream's memory budget. V8 grows a busy isolate's young generation from 1 MB to
// 16 MB per semi-space (up to 48 MB of new space) when it allocates fast, which a stream moving hundreds of MB does;
// the stream's own working set is a few MB. `--max-semi-space-size` can only be given at start-up, but V8 reads
// `--semi-space-growth-factor` each time it would grow the new space, so setting it to 1 from inside the process
// keeps the young generation at its initial size. V8 puts the factor back to 2 whenever it configures a new
// isolate's heap (a worker thread starting), so it is set again once each worker is online. The SQL worker
// threads get their own cap through their resourceLimits. The executable sets it before it loads anything else:
// loading wpfleet's modules already grows the young generation, so the stream cannot set it itself when it is
// built (measured: 16 MB semi-spaces by then). See docs/decisions.md DS9 and DS10.
import process from 'node:process';
import { setFlagsFromString } from 'node:v8';
import type { Worker } from 'node:worker_threads';

let limited = false;

const apply = () => setFlagsFromString('--semi-space-growth-factor=1');

/**
 * Keeps this isolate's young generation at its initial size from now on. Call once, at process start, before
 * loading much: what has grown already stays grown.
 */
export function limitYoungGeneration(): void {
  apply();
  if (limited) return;
  limited = true;
  process.on('worker', (worker: Worker) => worker.once('online', apply));
}
