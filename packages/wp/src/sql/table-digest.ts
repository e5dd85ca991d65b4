// The Digest: a per-table hash of row values that does not depend on how rows are grouped into INSERT
// statements or on how a dumper escaped them. Each row hashes to 64 bits over the canonical bytes of its values
// (strings unescaped, hex and _binary decoded, numbers as written, NULL distinct); the table digest is the row
// count plus the lane-wise sum of the row hashes, so it is order-independent too. Row hashes are also kept in
// stream order, so the reader side can name the first row that differs.
import { unescapedByte } from './sql-string-escape.js';

const enum Tag {
  Bytes = 1,
  Raw = 2,
  Null = 3,
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hexValue = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);

export class RowHasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;
  private values = 0;

  begin(): void {
    this.h1 = 0x811c9dc5;
    this.h2 = 0x01000193;
    this.values = 0;
  }

  private close(tag: Tag, length: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ tag, 0x01000193);
    h2 = Math.imul(h2 ^ tag, 0x5bd1e995);
    h1 = Math.imul(h1 ^ length, 0x01000193);
    h2 = Math.imul(h2 ^ (length >>> 0), 0x5bd1e995);
    this.h1 = fmix(h1);
    this.h2 = fmix(h2 ^ this.h1);
    this.values++;
  }

  /** A quoted literal's bytes between the quotes, still escaped: hashed as the bytes the server stores. */
  escapedString(buf: Uint8Array, start: number, end: number, quote: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    let n = 0;
    for (let i = start; i < end; i++) {
      let c = buf[i]!;
      if (c === 0x5c && i + 1 < end) {
        c = buf[++i]!;
        if (c === 0x25 || c === 0x5f) {
          h1 = Math.imul(h1 ^ 0x5c, 0x01000193);
          h2 = Math.imul(h2 ^ 0x5c, 0x5bd1e995);
          n++;
        } else {
          c = unescapedByte(c);
        }
      } else if (c === quote) {
        i++; // '' stands for one quote
      }
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      n++;
    }
    this.h1 = h1;
    this.h2 = h2;
    this.close(Tag.Bytes, n);
  }

  /** Hex digits (0x... or X'...'), hashed as the bytes they stand for. */
  hex(buf: Uint8Array, start: number, end: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    let i = start;
    let n = 0;
    if ((end - start) % 2 === 1) {
      const c = hexValue(buf[i++]!);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      n++;
    }
    for (; i < end; i += 2) {
      const c = (hexValue(buf[i]!) << 4) | hexValue(buf[i + 1]!);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      n++;
    }
    this.h1 = h1;
    this.h2 = h2;
    this.close(Tag.Bytes, n);
  }

  /** A bare token (number, keyword) as written. */
  raw(buf: Uint8Array, start: number, end: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    this.h1 = h1;
    this.h2 = h2;
    this.close(Tag.Raw, end - start);
  }

  nullValue(): void {
    this.close(Tag.Null, 0);
  }

  /** The row's two 32-bit lanes. */
  finish(): [number, number] {
    const a = fmix(this.h1 ^ Math.imul(this.values, 0x9e3779b1));
    const b = fmix(this.h2 + a);
    return [a, b];
  }
}

const CHUNK = 1 << 14;

/** Digest of one table as JSON: rows and a 16-hex-digit order-independent hash. */
export interface TableDigestJson {
  rows: number;
  digest: string;
}

export interface TableDigestTransfer {
  rows: number;
  sum1: number;
  sum2: number;
  keep: boolean;
  chunks: Uint32Array[];
}

export class TableDigest {
  rows = 0;
  private sum1 = 0;
  private sum2 = 0;
  private readonly chunks: Uint32Array[] = [];

  constructor(readonly keepRowHashes = true) {}

  add([a, b]: [number, number]): void {
    this.sum1 = (this.sum1 + a) >>> 0;
    this.sum2 = (this.sum2 + b) >>> 0;
    if (this.keepRowHashes) {
      const slot = this.rows % CHUNK;
      if (slot === 0) this.chunks.push(new Uint32Array(CHUNK));
      this.chunks[this.chunks.length - 1]![slot] = a;
    }
    this.rows++;
  }

  /** The first lane of row `index`'s hash in stream order, when row hashes are kept. */
  rowHash(index: number): number | undefined {
    if (!this.keepRowHashes || index >= this.rows) return undefined;
    return this.chunks[Math.floor(index / CHUNK)]![index % CHUNK];
  }

  /** Plain data for postMessage (worker threads); row hashes travel as transferable arrays. */
  toTransfer(): TableDigestTransfer {
    return { rows: this.rows, sum1: this.sum1, sum2: this.sum2, keep: this.keepRowHashes, chunks: this.chunks };
  }

  static fromTransfer(t: TableDigestTransfer): TableDigest {
    const d = new TableDigest(t.keep);
    d.rows = t.rows;
    d.sum1 = t.sum1;
    d.sum2 = t.sum2;
    d.chunks.push(...t.chunks);
    return d;
  }

  get digest(): string {
    return this.sum1.toString(16).padStart(8, '0') + this.sum2.toString(16).padStart(8, '0');
  }

  toJSON(): TableDigestJson {
    return { rows: this.rows, digest: this.digest };
  }
}
