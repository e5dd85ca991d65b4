// Worker-thread entry of the SqlStream: runs one SqlTransformer per job, so CPU-heavy transforms of several
// sites spread over the cores while the main thread only moves bytes.
import { parentPort } from 'node:worker_threads';
import { WpfleetError } from '@wpfleet/core';
import { SqlTransformer, type SqlStreamOptions } from './sql-transformer.js';
import type { TableDigestTransfer } from './table-digest.js';

export type WorkerRequest =
  { type: 'start'; options: SqlStreamOptions } | { type: 'chunk'; data: Uint8Array } | { type: 'end' };

export type WorkerReply =
  | { type: 'out'; data: Uint8Array }
  | {
      type: 'done';
      data: Uint8Array;
      report: ReturnType<SqlTransformer['report']>;
      digests: [string, TableDigestTransfer][];
    }
  | { type: 'error'; code: string; message: string; hint?: string; kind: string };

let transformer: SqlTransformer | null = null;
const port = parentPort;

function toTransferable(b: Buffer): Uint8Array {
  // Non-empty transformer output owns its whole ArrayBuffer (OutputBuffer.take), so it travels without a copy.
  if (b.length > 0) return b;
  // Otherwise a fresh ArrayBuffer owned by this message, so it can be transferred instead of copied.
  const copy = new Uint8Array(b.length);
  copy.set(b);
  return copy;
}

port?.on('message', (msg: WorkerRequest) => {
  try {
    if (msg.type === 'start') {
      transformer = new SqlTransformer(msg.options);
      return;
    }
    if (!transformer) throw new Error('SqlStream worker got data before start');
    if (msg.type === 'chunk') {
      const out = toTransferable(transformer.push(msg.data));
      port.postMessage({ type: 'out', data: out } satisfies WorkerReply, [out.buffer as ArrayBuffer]);
      return;
    }
    const out = toTransferable(transformer.end());
    const digests = [...transformer.digests].map(
      ([k, d]) => [k, d.toTransfer()] as [string, TableDigestTransfer],
    );
    const reply: WorkerReply = { type: 'done', data: out, report: transformer.report(), digests };
    port.postMessage(reply, [out.buffer as ArrayBuffer]);
    transformer = null;
  } catch (error) {
    transformer = null;
    const e = error instanceof WpfleetError ? error : null;
    port.postMessage({
      type: 'error',
      code: e?.code ?? 'WPF_BUG',
      message: error instanceof Error ? error.message : String(error),
      ...(e?.hint ? { hint: e.hint } : {}),
      kind: e?.kind ?? 'bug',
    } satisfies WorkerReply);
  }
});
