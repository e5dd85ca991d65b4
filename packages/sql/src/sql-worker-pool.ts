// A small pool of worker threads for SqlStreams, and the Transform that spreads one dump over it: the main
// thread tokenizes and keeps the dump's state, the workers walk INSERT statements (replacement and Digest), and
// the results come back in stream order. Several dumps share the same workers; the output, report and digests
// are byte-identical to the in-process SqlStream's.
import { availableParallelism } from 'node:os';
import { Transform, type TransformCallback } from 'node:stream';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { WpfleetError } from '@wpfleet/core';
import type { WorkerReply, WorkerRequest } from './sql-worker.js';
import { InsertWalker, SqlWalkError } from './insert-walker.js';
import { runSqlBatch, type SqlBatch, type SqlBatchResult } from './sql-batch.js';
import { sqlParseError } from './sql-parse-error.js';
import { SqlTransformer, type SqlStreamOptions, type SqlStreamReport } from './sql-transformer.js';
import type { TableDigest } from './table-digest.js';

// A small young generation: the walk makes short-lived garbage at a high rate, and V8's default semi-spaces
// let it cost ~20 MB of RSS per worker for no speed gain (measured, see docs/benchmarks.md).
const resourceLimits = { maxYoungGenerationSizeMb: 4 };

/**
 * Starts one thread running the SQL worker's entry (sql-worker.ts). The default runs the built `sql-worker.js`
 * beside this module; tests that run from TypeScript sources pass their own (test/support/ts-sql-worker.ts).
 */
export type SqlWorkerStarter = (resourceLimits: ResourceLimits) => Worker;

const startBuiltWorker: SqlWorkerStarter = (limits) =>
  new Worker(new URL('./sql-worker.js', import.meta.url), { resourceLimits: limits });

interface PoolWorker {
  worker: Worker;
  /** Batches sent and not answered yet, over all streams. */
  load: number;
  /** Streams whose options this worker has. */
  opened: Set<number>;
}

interface StreamEntry {
  options: SqlStreamOptions;
  onReply: (reply: WorkerReply) => void;
  onCrash: (error: Error) => void;
}

export class SqlWorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly streams = new Map<number, StreamEntry>();
  private nextStream = 1;
  readonly size: number;

  constructor(
    size = availableParallelism(),
    private readonly startWorker: SqlWorkerStarter = startBuiltWorker,
  ) {
    this.size = Math.max(1, size);
  }

  /** Registers a stream; its batches' replies go to `onReply`, a worker crash to `onCrash`. */
  openStream(
    options: SqlStreamOptions,
    onReply: (reply: WorkerReply) => void,
    onCrash: (error: Error) => void,
  ): number {
    const id = this.nextStream++;
    this.streams.set(id, { options, onReply, onCrash });
    // A worker takes a moment to start (its own isolate and modules): start one now, while the dump's first
    // statements (DDL, small) are still being read.
    if (this.workers.length === 0) this.start();
    return id;
  }

  closeStream(id: number): void {
    if (!this.streams.delete(id)) return;
    for (const w of this.workers) {
      if (!w.opened.delete(id)) continue;
      w.worker.postMessage({ type: 'close', stream: id } satisfies WorkerRequest);
    }
  }

  /**
   * True when every worker is started and has `perWorker` batches in flight: a stream then does better to walk
   * its next batch itself than to queue it.
   */
  busy(perWorker: number): boolean {
    if (perWorker <= 0) return true;
    if (this.workers.length < this.size) return false;
    for (const w of this.workers) if (w.load < perWorker) return false;
    return true;
  }

  /** Sends a batch to the least busy worker (starting another while the pool is not full and all are busy). */
  submit(id: number, seq: number, batch: SqlBatch): void {
    const entry = this.streams.get(id);
    if (!entry) throw new Error(`SqlWorkerPool: stream ${id} is not open`);
    let w: PoolWorker | undefined;
    for (const c of this.workers) if (w === undefined || c.load < w.load) w = c;
    if ((w === undefined || w.load > 0) && this.workers.length < this.size) w = this.start();
    if (!w!.opened.has(id)) {
      w!.opened.add(id);
      w!.worker.postMessage({ type: 'open', stream: id, options: entry.options } satisfies WorkerRequest);
    }
    if (w!.load++ === 0) w!.worker.ref();
    const transfer: ArrayBuffer[] = [batch.bytes.buffer as ArrayBuffer];
    for (const a of [batch.inserts, batch.offsets, batch.literals]) transfer.push(a.buffer as ArrayBuffer);
    w!.worker.postMessage({ type: 'batch', stream: id, seq, batch } satisfies WorkerRequest, transfer);
  }

  private start(): PoolWorker {
    const w: PoolWorker = { worker: this.startWorker(resourceLimits), load: 0, opened: new Set() };
    // Idle workers do not keep the process alive; a worker with batches in flight does (see submit).
    w.worker.unref();
    w.worker.on('message', (reply: WorkerReply) => {
      if (--w.load === 0) w.worker.unref();
      this.streams.get(reply.stream)?.onReply(reply);
    });
    w.worker.once('error', (error: Error) => {
      const at = this.workers.indexOf(w);
      if (at !== -1) this.workers.splice(at, 1);
      void w.worker.terminate();
      for (const id of w.opened) this.streams.get(id)?.onCrash(error);
    });
    this.workers.push(w);
    return w;
  }

  /** Stops the workers; a dump still streaming on the pool fails instead of waiting forever. */
  async close(): Promise<void> {
    const all = this.workers.splice(0);
    const open = [...this.streams.values()];
    this.streams.clear();
    for (const s of open) s.onCrash(new Error('the SQL worker pool was closed while a dump was streaming'));
    await Promise.all(all.map((w) => w.worker.terminate()));
  }
}

export interface SqlWorkerStreamTuning {
  /** Output of at least this many bytes goes to a worker as one batch (a statement is never split). */
  batchBytes?: number;
  /** Batches queued per worker before this thread walks the next one itself (0: it walks them all). */
  queuedPerWorker?: number;
}

/**
 * The SqlStream, spread over a SqlWorkerPool: this thread tokenizes and handles everything stateful, the pool's
 * workers walk the INSERT statements. Same options, output, report and digests as SqlStream (the reader side's
 * `expect` is SqlStream's alone).
 */
export class SqlWorkerStream extends Transform {
  private readonly transformer: SqlTransformer;
  private id = 0;
  private sent = 0;
  private delivered = 0;
  private readonly results = new Map<number, SqlBatchResult>();
  /** Batches in flight or waiting for an earlier one; input stops being taken above this. */
  private readonly window: number;
  private pendingCallback: TransformCallback | null = null;
  private flushCallback: TransformCallback | null = null;
  private finished = false;
  /** Walks batches on this thread while every worker is busy (its tallies merge like a worker's). */
  private local: InsertWalker | null = null;

  private readonly batchBytes: number;
  private readonly queuedPerWorker: number;

  constructor(
    private readonly pool: SqlWorkerPool,
    private readonly options: SqlStreamOptions = {},
    tuning: SqlWorkerStreamTuning = {},
  ) {
    super();
    this.batchBytes = tuning.batchBytes ?? 1 << 18;
    this.queuedPerWorker = tuning.queuedPerWorker ?? 2;
    this.transformer = new SqlTransformer(options, undefined, true);
    this.window = 2 * pool.size + 1;
    this.id = pool.openStream(options, this.onReply, this.onCrash);
  }

  private readonly onCrash = (error: Error): void => {
    this.fail(error);
  };

  private fail(error: Error): void {
    this.pool.closeStream(this.id);
    const cb = this.pendingCallback ?? this.flushCallback;
    this.pendingCallback = this.flushCallback = null;
    if (cb) cb(error);
    else this.destroy(error);
  }

  private readonly onReply = (msg: WorkerReply): void => {
    if (msg.type === 'error') {
      this.fail(
        msg.parse
          ? sqlParseError(msg.parse.offset, msg.parse.problem)
          : new WpfleetError('WPF_BUG', `SqlStream worker failed: ${msg.message}`, { kind: 'bug' }),
      );
      return;
    }
    this.transformer.recycle(msg.input);
    const r = msg.result;
    // Buffers arrive as plain Uint8Arrays.
    r.bytes = Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.length);
    this.results.set(msg.seq, r);
    this.deliver();
  };

  /** Pushes the results that are next in stream order; releases input and the end once they are out. */
  private deliver(): void {
    for (let next = this.results.get(this.delivered); next; next = this.results.get(this.delivered)) {
      this.results.delete(this.delivered++);
      this.transformer.absorb(next);
      if (next.bytes.length > 0) this.push(next.bytes);
    }
    if (this.pendingCallback && this.sent - this.delivered < this.window) {
      const cb = this.pendingCallback;
      this.pendingCallback = null;
      cb();
    }
    this.maybeFinish();
  }

  private send(minBytes: number): void {
    const batch = this.transformer.takeBatch(minBytes);
    if (batch === null) return;
    const seq = this.sent++;
    // This thread only tokenizes, which is a fraction of the work: when the workers have enough queued it
    // walks the batch itself, so one worker and this thread keep two cores busy.
    if (!this.pool.busy(this.queuedPerWorker)) {
      this.pool.submit(this.id, seq, batch);
      return;
    }
    this.local ??= new InsertWalker(this.options);
    try {
      this.results.set(seq, runSqlBatch(this.local, batch));
      this.transformer.recycle(batch.bytes);
    } catch (error) {
      throw error instanceof SqlWalkError ? sqlParseError(error.offset, error.problem) : error;
    }
    this.deliver();
  }

  private maybeFinish(): void {
    if (this.flushCallback === null || this.delivered < this.sent) return;
    this.finished = true;
    this.pool.closeStream(this.id);
    const cb = this.flushCallback;
    this.flushCallback = null;
    cb();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    try {
      this.transformer.push(chunk);
      this.send(this.batchBytes);
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (this.sent - this.delivered < this.window) callback();
    else this.pendingCallback = callback;
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.transformer.end();
      this.send(0);
    } catch (error) {
      callback(error as Error);
      return;
    }
    this.flushCallback = callback;
    this.maybeFinish();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.pool.closeStream(this.id);
    callback(error);
  }

  report(): SqlStreamReport {
    if (!this.finished) throw new Error('SqlWorkerStream.report() called before the stream finished');
    return this.transformer.report();
  }

  get digests(): Map<string, TableDigest> {
    if (!this.finished) throw new Error('SqlWorkerStream.digests read before the stream finished');
    return this.transformer.digests;
  }
}
