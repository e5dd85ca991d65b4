// A batch of the SqlStream's work for another thread: output bytes already final, and whole INSERT statements
// (with the table, columns and literal positions the owning SqlTransformer found) still to be walked. Batches
// are plain data with transferable buffers; their results merge back in stream order.
import type { InsertJob, InsertWalker, UnparseableNote } from './insert-walker.js';
import { OutputBuffer } from './output-buffer.js';
import { TableDigest, type TableDigestPart } from './table-digest.js';

/** Fields per INSERT in `SqlBatch.inserts`. */
const FIELDS = 7;

export interface SqlBatch {
  /** Final output bytes and raw INSERT statements, in stream order. */
  bytes: Buffer;
  /** Per INSERT: start, end, headLength, leadLength, first literal, literal end, table. */
  inserts: Int32Array;
  /** Per INSERT: offset of its first byte in the whole input. */
  offsets: Float64Array;
  /** The statements' literal triples, relative to each statement's first byte. */
  literals: Int32Array;
  /** Names as InsertJob has them (decoded on the SqlTransformer's thread; strings cross as they are). */
  tables: { table: string; columns: string[]; key: string }[];
}

export interface SqlBatchResult {
  bytes: Buffer;
  /** Replacement counts as [digest key, column, count], in first-seen order. */
  counts: [string, string, number][];
  unparseable: UnparseableNote[];
  digests: TableDigestPart[];
}

/** Collects a batch on the SqlTransformer's thread. */
export class BatchBuilder {
  private inserts = new Int32Array(FIELDS * 16);
  private offsets = new Float64Array(16);
  private count = 0;
  private literals = new Int32Array(3 * 1024);
  private litLength = 0;
  private tables: SqlBatch['tables'] = [];
  private tableIndex = new Map<string, number>();

  /** Appends the statement's bytes to `output` and notes where the INSERT is. */
  add(job: InsertJob, output: OutputBuffer): void {
    const start = output.length;
    output.put(job.stmt);
    if ((this.count + 1) * FIELDS > this.inserts.length) {
      const next = new Int32Array(this.inserts.length * 2);
      next.set(this.inserts);
      this.inserts = next;
      const offsets = new Float64Array(this.offsets.length * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    if (this.litLength + job.literals.length > this.literals.length) {
      const next = new Int32Array(Math.max(this.literals.length * 2, this.litLength + job.literals.length));
      next.set(this.literals.subarray(0, this.litLength));
      this.literals = next;
    }
    this.literals.set(job.literals, this.litLength);
    // Same table and the very same column list (a schema's, or one per statement): one entry per batch.
    const id = `${job.table}\0${job.columns.join('\0')}`;
    let table = this.tableIndex.get(id);
    if (table === undefined) {
      table = this.tables.length;
      this.tables.push({ table: job.table, columns: job.columns, key: job.key });
      this.tableIndex.set(id, table);
    }
    const at = this.count * FIELDS;
    const f = this.inserts;
    f[at] = start;
    f[at + 1] = output.length;
    f[at + 2] = job.headLength;
    f[at + 3] = job.leadLength;
    f[at + 4] = this.litLength;
    f[at + 5] = this.litLength + job.literals.length;
    f[at + 6] = table;
    this.offsets[this.count] = job.offset;
    this.litLength += job.literals.length;
    this.count++;
  }

  /** The batch so far, around `bytes` (the output taken since the last batch); starts a new one. */
  take(bytes: Buffer): SqlBatch {
    const batch: SqlBatch = {
      bytes,
      inserts: this.inserts.slice(0, this.count * FIELDS),
      offsets: this.offsets.slice(0, this.count),
      literals: this.literals.slice(0, this.litLength),
      tables: this.tables,
    };
    this.count = 0;
    this.litLength = 0;
    this.tables = [];
    this.tableIndex.clear();
    return batch;
  }
}

/**
 * Walks a batch's INSERTs with `walker` (made from the same options as the SqlTransformer that cut the batch):
 * the output bytes, plus the counts and digest parts to merge. The walker's own tallies are reset.
 */
export function runSqlBatch(walker: InsertWalker, batch: SqlBatch): SqlBatchResult {
  // Replacements make it a little longer than the batch; sized once, it is never grown and copied.
  const output = new OutputBuffer(batch.bytes.length + (batch.bytes.length >> 4));
  const digesting = walker.options.digest !== false;
  const keep = walker.options.keepRowHashes ?? false;
  const digests = new Map<string, TableDigest>();
  const { bytes, inserts, offsets, literals, tables } = batch;
  let copied = 0;
  for (let k = 0; k * FIELDS < inserts.length; k++) {
    const at = k * FIELDS;
    const start = inserts[at]!;
    const end = inserts[at + 1]!;
    const t = tables[inserts[at + 6]!]!;
    output.put(bytes, copied, start);
    let digest: TableDigest | undefined;
    if (digesting) {
      digest = digests.get(t.key);
      if (!digest) digests.set(t.key, (digest = new TableDigest(keep)));
    }
    walker.walk(
      {
        stmt: bytes.subarray(start, end),
        offset: offsets[k]!,
        literals: literals.subarray(inserts[at + 4]!, inserts[at + 5]!),
        headLength: inserts[at + 2]!,
        leadLength: inserts[at + 3]!,
        table: t.table,
        columns: t.columns,
        key: t.key,
      },
      output,
      digest,
    );
    copied = end;
  }
  output.put(bytes, copied, bytes.length);
  const counts: [string, string, number][] = [];
  for (const [table, cols] of walker.counts) for (const [col, n] of cols) counts.push([table, col, n]);
  const unparseable = [...walker.unparseable.values()];
  walker.counts.clear();
  walker.unparseable.clear();
  walker.totalReplacements = 0;
  return {
    bytes: output.take(),
    counts,
    unparseable,
    digests: [...digests].map(([key, d]) => d.part(key)),
  };
}
