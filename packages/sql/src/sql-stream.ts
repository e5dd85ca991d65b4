// The SqlStream as a Node Transform (in-process), plus the reader side of the Digest: digest a dump of the
// target's tables and compare it with what the stream sent.
import { Transform, type TransformCallback } from 'node:stream';
import { nameFromDump } from './prefix-rewriter.js';
import {
  SqlTransformer,
  type RowLocation,
  type SqlStreamOptions,
  type SqlStreamReport,
} from './sql-transformer.js';
import type { TableDigest, TableDigestJson } from './table-digest.js';

export class SqlStream extends Transform {
  readonly transformer: SqlTransformer;

  constructor(options: SqlStreamOptions = {}) {
    super();
    this.transformer = new SqlTransformer(options);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    try {
      const out = this.transformer.push(chunk);
      if (out.length > 0) this.push(out);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      const out = this.transformer.end();
      if (out.length > 0) this.push(out);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  report(): SqlStreamReport {
    return this.transformer.report();
  }

  /** Per-table digests keyed by final table name (with row hashes when `keepRowHashes` was set). */
  get digests(): Map<string, TableDigest> {
    return this.transformer.digests;
  }
}

export interface DumpDigest {
  digests: Map<string, TableDigest>;
  /** First row per table whose hash differs from the expected digests' row hashes. */
  mismatches: Map<string, RowLocation>;
}

/**
 * Reader side: digests a dump (e.g. `mariadb-dump` of the target's staging tables). `digestPrefix` maps the
 * dump's table names to the keys the stream used (staging prefix -> live prefix).
 */
export async function digestDump(
  input: AsyncIterable<Uint8Array | string>,
  options: { digestPrefix?: { from: string; to: string }; expect?: Map<string, TableDigest> } = {},
): Promise<DumpDigest> {
  const t = new SqlTransformer({ digestPrefix: options.digestPrefix, keepRowHashes: false }, options.expect);
  for await (const chunk of input) t.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  t.end();
  return { digests: t.digests, mismatches: t.mismatches };
}

export interface DigestDifference {
  table: string;
  problem: 'missing-on-target' | 'extra-on-target' | 'rows-differ';
  sourceRows: number;
  targetRows: number;
  /** The first row that differs, by position in primary-key order and its primary key on the target. */
  firstDifferingRow?: RowLocation;
  message: string;
}

type DigestLike = Pick<TableDigest, 'rows' | 'digest'> | TableDigestJson;

/**
 * Source digests journalled before table names were read as UTF-8 (DS3) keyed a non-ASCII name by its bytes, one
 * char per byte (`wp_Ã¼` for `wp_ü`). A resumed run compares such a key with today's: a source key the target lacks
 * whose UTF-8 reading is a target key no source key has takes that name. Keys that already match stay as they are.
 */
export function upgradeDigestKeys<T>(
  source: Map<string, T>,
  target: ReadonlyMap<string, unknown>,
): Map<string, T> {
  const renamed = (key: string): string => {
    // Only a string of byte-sized chars can be an old key; nameFromDump reads those chars as bytes.
    if (target.has(key) || /[\u0100-\uffff]/.test(key)) return key;
    const name = nameFromDump(key);
    return name !== key && target.has(name) && !source.has(name) ? name : key;
  };
  if ([...source.keys()].every((key) => renamed(key) === key)) return source;
  return new Map([...source].map(([key, value]) => [renamed(key), value]));
}

/** Compares source-stream digests with target digests; empty when every table arrived intact. */
export function compareDigests(
  source: Map<string, DigestLike>,
  target: Map<string, DigestLike>,
  mismatches: Map<string, RowLocation> = new Map(),
): DigestDifference[] {
  const out: DigestDifference[] = [];
  for (const [table, s] of source) {
    const t = target.get(table);
    if (!t) {
      out.push({
        table,
        problem: 'missing-on-target',
        sourceRows: s.rows,
        targetRows: 0,
        message: `table ${table} is missing on the target`,
      });
      continue;
    }
    if (t.rows === s.rows && t.digest === s.digest) continue;
    const where = mismatches.get(table);
    const pk = where?.primaryKey
      ? ` first differing row: #${where.index + 1} (${Object.entries(where.primaryKey)
          .map(([k, v]) => `${k}=${v ?? 'NULL'}`)
          .join(', ')})`
      : where
        ? ` first differing row: #${where.index + 1}`
        : '';
    out.push({
      table,
      problem: 'rows-differ',
      sourceRows: s.rows,
      targetRows: t.rows,
      ...(where ? { firstDifferingRow: where } : {}),
      message: `table ${table} differs: ${s.rows} rows sent, ${t.rows} rows on the target;${pk}`,
    });
  }
  for (const [table, t] of target) {
    if (!source.has(table)) {
      out.push({
        table,
        problem: 'extra-on-target',
        sourceRows: 0,
        targetRows: t.rows,
        message: `table ${table} exists only on the target`,
      });
    }
  }
  return out;
}
