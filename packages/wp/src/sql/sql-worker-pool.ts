// A small pool of worker threads for SqlStreams, and the Transform that pipes a dump through one of them.
// Several sites streaming at once then use every core; the output is byte-identical to the in-process stream.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WpfleetError, type ErrorKind } from '@wpfleet/core';
import type { WorkerReply, WorkerRequest } from './sql-worker.js';
import type { SqlStreamOptions, SqlStreamReport } from './sql-transformer.js';
import { TableDigest } from './table-digest.js';

// A small young generation: the transform makes short-lived garbage at a high rate, and V8's default
// semi-spaces let it cost ~20 MB of RSS per stream for no speed gain (measured, see docs/benchmarks.md).
const resourceLimits = { maxYoungGenerationSizeMb: 4 };

function startWorker(): Worker {
  const js = new URL('./sql-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { resourceLimits });
  // Running from TypeScript sources (tests, tsx): a bootstrap registers tsx in the worker, then loads the .ts entry.
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./sql-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, resourceLimits });
}

export class SqlWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private created = 0;
  readonly size: number;

  constructor(size = availableParallelism()) {
    this.size = Math.max(1, size);
  }

  acquire(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    if (this.created < this.size) {
      this.created++;
      const worker = startWorker();
      worker.unref();
      return Promise.resolve(worker);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(worker: Worker, broken = false): void {
    if (broken) {
      this.created--;
      void worker.terminate();
      return;
    }
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  async close(): Promise<void> {
    const all = this.idle.splice(0);
    this.created -= all.length;
    await Promise.all(all.map((w) => w.terminate()));
  }
}

const WINDOW = 4;

/** The SqlStream, run in a pooled worker thread. Same options, output, report and digests as SqlStream. */
export class SqlWorkerStream extends Transform {
  private worker: Worker | null = null;
  private inFlight = 0;
  private pendingCallback: TransformCallback | null = null;
  private flushCallback: TransformCallback | null = null;
  private result: { report: SqlStreamReport; digests: Map<string, TableDigest> } | null = null;

  constructor(
    private readonly pool: SqlWorkerPool,
    private readonly options: SqlStreamOptions = {},
  ) {
    super();
  }

  override _construct(callback: (error?: Error | null) => void): void {
    this.pool.acquire().then((worker) => {
      this.worker = worker;
      worker.on('message', this.onMessage);
      worker.once('error', this.onWorkerError);
      worker.postMessage({ type: 'start', options: this.options } satisfies WorkerRequest);
      callback();
    }, callback);
  }

  private readonly onWorkerError = (error: Error): void => {
    this.detach(true);
    this.destroy(error);
  };

  private detach(broken: boolean): void {
    const w = this.worker;
    if (!w) return;
    w.off('message', this.onMessage);
    w.off('error', this.onWorkerError);
    this.worker = null;
    this.pool.release(w, broken);
  }

  private readonly onMessage = (msg: WorkerReply): void => {
    if (msg.type === 'error') {
      this.detach(false);
      const error = new WpfleetError(msg.code, msg.message, {
        kind: msg.kind as ErrorKind,
        ...(msg.hint ? { hint: msg.hint } : {}),
      });
      const cb = this.pendingCallback ?? this.flushCallback;
      this.pendingCallback = this.flushCallback = null;
      if (cb) cb(error);
      else this.destroy(error);
      return;
    }
    if (msg.data.length > 0) this.push(Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.length));
    if (msg.type === 'out') {
      this.inFlight--;
      const cb = this.pendingCallback;
      this.pendingCallback = null;
      cb?.();
      return;
    }
    this.result = {
      report: msg.report,
      digests: new Map(msg.digests.map(([k, d]) => [k, TableDigest.fromTransfer(d)])),
    };
    this.detach(false);
    const cb = this.flushCallback;
    this.flushCallback = null;
    cb?.();
  };

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    const data = new Uint8Array(chunk.length);
    data.set(chunk);
    this.inFlight++;
    this.worker!.postMessage({ type: 'chunk', data } satisfies WorkerRequest, [data.buffer]);
    if (this.inFlight < WINDOW) callback();
    else this.pendingCallback = callback;
  }

  override _flush(callback: TransformCallback): void {
    this.flushCallback = callback;
    this.worker!.postMessage({ type: 'end' } satisfies WorkerRequest);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A stream torn down mid-dump leaves its worker with a half-read transform: do not reuse it.
    if (this.worker) this.detach(true);
    callback(error);
  }

  report(): SqlStreamReport {
    if (!this.result) throw new Error('SqlWorkerStream.report() called before the stream finished');
    return this.result.report;
  }

  get digests(): Map<string, TableDigest> {
    if (!this.result) throw new Error('SqlWorkerStream.digests read before the stream finished');
    return this.result.digests;
  }
}
