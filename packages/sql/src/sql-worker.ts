// Worker-thread entry of the SqlStream: walks the INSERT statements of batches that a SqlTransformer on the main
// thread cut out (replacement and Digest, the CPU-heavy part), for any number of streams at once, so one dump
// spreads over the cores and several dumps share them. It loads no @wpfleet/core (errors travel as plain data).
import { parentPort } from 'node:worker_threads';
import { InsertWalker, SqlWalkError } from './insert-walker.js';
import { runSqlBatch, type SqlBatch, type SqlBatchResult } from './sql-batch.js';
import type { SqlStreamOptions } from './sql-transformer.js';

export type WorkerRequest =
  | { type: 'open'; stream: number; options: SqlStreamOptions }
  | { type: 'batch'; stream: number; seq: number; batch: SqlBatch }
  | { type: 'close'; stream: number };

export type WorkerReply =
  /** `input`: the batch's bytes, handed back so the stream can write its next batch into them. */
  | { type: 'done'; stream: number; seq: number; result: SqlBatchResult; input: Uint8Array }
  /** A damaged INSERT (offset and problem for sqlParseError), or a bug (message only). */
  | {
      type: 'error';
      stream: number;
      seq: number;
      message: string;
      parse?: { offset: number; problem: string };
    };

const walkers = new Map<number, InsertWalker>();
const port = parentPort;

function transferable(b: Buffer): Buffer {
  // Batch output owns its whole ArrayBuffer (OutputBuffer.take), so it travels without a copy; the empty
  // result is a shared buffer, so it gets one of its own.
  return b.length > 0 ? b : Buffer.from(new ArrayBuffer(0));
}

port?.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'open') {
    walkers.set(msg.stream, new InsertWalker(msg.options));
    return;
  }
  if (msg.type === 'close') {
    walkers.delete(msg.stream);
    return;
  }
  try {
    const walker = walkers.get(msg.stream);
    if (!walker)
      throw new Error(`SqlStream worker got a batch for stream ${msg.stream} before it was opened`);
    const batch = msg.batch;
    // Buffers arrive as plain Uint8Arrays; the walk needs Buffer's byte searches.
    batch.bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.length);
    const result = runSqlBatch(walker, batch);
    result.bytes = transferable(result.bytes);
    const transfer: ArrayBuffer[] = [result.bytes.buffer as ArrayBuffer, batch.bytes.buffer as ArrayBuffer];
    for (const d of result.digests) if (d.hashes !== null) transfer.push(d.hashes.buffer as ArrayBuffer);
    port.postMessage(
      { type: 'done', stream: msg.stream, seq: msg.seq, result, input: batch.bytes } satisfies WorkerReply,
      transfer,
    );
  } catch (error) {
    port.postMessage({
      type: 'error',
      stream: msg.stream,
      seq: msg.seq,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof SqlWalkError ? { parse: { offset: error.offset, problem: error.problem } } : {}),
    } satisfies WorkerReply);
  }
});
