// The Digest: a per-table hash of row values that does not depend on how rows are grouped into INSERT
// statements or on how a dumper escaped them. Each row hashes to 64 bits over the canonical bytes of its values
// (strings unescaped, hex and _binary decoded, numbers as written, NULL distinct); the table digest is the row
// count plus the lane-wise sum of the row hashes, so it is order-independent too. Row hashes are also kept in
// stream order, so the reader side can name the first row that differs.
import { escapeSqlBytes, unescapeSqlBytes } from './sql-string-escape.js';

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

/**
 * Control bytes mysqldump would have escaped, found raw in a literal (another dumper wrote it). A raw `"` inside
 * a '...' literal is not looked for (it cannot be told from `\"` without a byte loop); mysqldump and
 * mariadb-dump never write one, and another dumper's raw `"` makes the digests differ loudly, never silently.
 */
function hasRawSpecial(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start < 64) {
    // Short literals: a byte loop is cheaper than four native calls.
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c < 0x20 && (c === 0x0a || c === 0x0d || c === 0x00 || c === 0x1a)) return true;
    }
    return false;
  }
  const view = Buffer.from(buf.buffer, buf.byteOffset + start, end - start);
  return (
    view.indexOf(0x0a) !== -1 ||
    view.indexOf(0x0d) !== -1 ||
    view.indexOf(0x00) !== -1 ||
    view.indexOf(0x1a) !== -1
  );
}

const hexValue = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// The word loops of RowHasher.mix, as functions of their own: inside mix, V8 compiled the shifted loop about
// twice as slow (measured 149 against 67 ms per 100 MB of unaligned literals). Results go out through lane1/lane2.
let lane1 = 0;
let lane2 = 0;

/** Mixes `n` aligned words from `words[wi]`. */
function alignedWords(
  words: Int32Array<ArrayBufferLike>,
  wi: number,
  n: number,
  h1: number,
  h2: number,
): void {
  const end = wi + n;
  for (; wi < end; wi++) {
    const w = words[wi]!;
    let k = Math.imul(w, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h1 ^= Math.imul(k, 0x1b873593);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = Math.imul(h2 ^ w, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  lane1 = h1;
  lane2 = h2;
}

/** Mixes `n` words that start `shift` bits into `words[wi]`, each put together from two aligned loads. */
function shiftedWords(
  words: Int32Array<ArrayBufferLike>,
  wi: number,
  n: number,
  shift: number,
  h1: number,
  h2: number,
): void {
  const up = 32 - shift;
  let lo = words[wi]! >>> shift;
  const end = wi + n;
  while (wi < end) {
    const hi = words[++wi]!;
    const w = lo | (hi << up);
    lo = hi >>> shift;
    let k = Math.imul(w, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h1 ^= Math.imul(k, 0x1b873593);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = Math.imul(h2 ^ w, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  lane1 = h1;
  lane2 = h2;
}

export class RowHasher {
  private wordsMemory: ArrayBufferLike | null = null;
  private words: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private otherMemory: ArrayBufferLike | null = null;
  private otherWords: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;
  private values = 0;
  private scratch = Buffer.allocUnsafe(1 << 16);
  private scratch2 = Buffer.allocUnsafe(1 << 17);

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

  /**
   * An Int32Array over all of `buf`'s memory, kept while the same memory comes back. Two are kept: a statement's
   * literals alternate between the input (the tokenizer's buffer) and the output (rewritten literals).
   */
  private wordsOf(buf: Uint8Array): Int32Array<ArrayBufferLike> {
    const memory = buf.buffer;
    if (memory === this.wordsMemory) return this.words;
    if (memory === this.otherMemory) {
      const words = this.otherWords;
      this.otherMemory = this.wordsMemory;
      this.otherWords = this.words;
      this.wordsMemory = memory;
      this.words = words;
      return words;
    }
    this.otherMemory = this.wordsMemory;
    this.otherWords = this.words;
    this.wordsMemory = memory;
    this.words = new Int32Array(memory, 0, memory.byteLength >> 2);
    return this.words;
  }

  /** Mixes bytes four at a time (murmur3 body on one lane, a multiply-xorshift on the other). */
  private mix(buf: Uint8Array, start: number, end: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    let i = start;
    const stop = end - 3;
    if (LITTLE_ENDIAN && stop - i >= 64) {
      // The same little-endian words as the byte loop below, read one aligned load at a time (two loads
      // shifted together when the literal does not start on a 4-byte boundary), so digests do not change.
      const words = this.wordsOf(buf);
      const limit = words.length;
      const abs = buf.byteOffset + i;
      const shift = (abs & 3) * 8;
      const wi = abs >> 2;
      const want = (stop - i + 3) >> 2;
      const n = shift === 0 ? Math.min(want, limit - wi) : Math.min(want, limit - 1 - wi);
      if (n > 0) {
        if (shift === 0) alignedWords(words, wi, n, h1, h2);
        else shiftedWords(words, wi, n, shift, h1, h2);
        h1 = lane1;
        h2 = lane2;
        i += n * 4;
      }
    }
    for (; i < stop; i += 4) {
      const w = buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24);
      let k = Math.imul(w, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      h1 ^= Math.imul(k, 0x1b873593);
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      h2 = Math.imul(h2 ^ w, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    for (; i < end; i++) {
      const c = buf[i]!;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  private room(n: number): Buffer {
    if (this.scratch.length < n) this.scratch = Buffer.allocUnsafe(Math.max(n, this.scratch.length * 2));
    return this.scratch;
  }

  /**
   * A quoted literal's bytes between the quotes, still escaped. The canonical form is mysqldump's escaping of
   * the stored bytes, so the common literal hashes in place; one with other escapes (`''`, `\t`, raw newlines)
   * is decoded and re-escaped first. `canonical` true promises every escape inside is one mysqldump writes;
   * `clean` true also promises no byte mysqldump escapes stands raw (the SqlTokenizer checks that as it scans).
   */
  escapedString(
    buf: Uint8Array,
    start: number,
    end: number,
    quote: number,
    canonical = false,
    clean = false,
  ): void {
    if (canonical && (clean || !hasRawSpecial(buf, start, end))) {
      this.mix(buf, start, end);
      this.close(Tag.Bytes, end - start);
      return;
    }
    const out = this.room(end - start);
    this.canonicalBytes(out, unescapeSqlBytes(buf, start, end, quote, out));
  }

  /** Stored bytes (decoded already): hashed as mysqldump would escape them. */
  private canonicalBytes(bytes: Uint8Array, n: number): void {
    const out = (this.scratch2 = this.scratch2.length < n * 2 ? Buffer.allocUnsafe(n * 2) : this.scratch2);
    const m = escapeSqlBytes(bytes, n, out);
    this.mix(out, 0, m);
    this.close(Tag.Bytes, m);
  }

  /** Hex digits (0x... or X'...'), hashed as the bytes they stand for. */
  hex(buf: Uint8Array, start: number, end: number): void {
    const out = this.room((end - start + 1) >> 1);
    let i = start;
    let n = 0;
    if ((end - start) % 2 === 1) out[n++] = hexValue(buf[i++]!);
    for (; i < end; i += 2) out[n++] = (hexValue(buf[i]!) << 4) | hexValue(buf[i + 1]!);
    this.canonicalBytes(out, n);
  }

  /** A bare token (number, keyword) as written. */
  raw(buf: Uint8Array, start: number, end: number): void {
    this.mix(buf, start, end);
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

/** The rows one batch added to a table's digest (see SqlTransformer split mode). */
export interface TableDigestPart {
  key: string;
  rows: number;
  sum1: number;
  sum2: number;
  /** First lanes of the row hashes in stream order, when kept. */
  hashes: Uint32Array | null;
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
    return {
      rows: this.rows,
      sum1: this.sum1,
      sum2: this.sum2,
      keep: this.keepRowHashes,
      chunks: this.chunks,
    };
  }

  /** This digest as a part to merge into another (a batch's rows, counted on another thread). */
  part(key: string): TableDigestPart {
    let hashes: Uint32Array | null = null;
    if (this.keepRowHashes) {
      hashes = new Uint32Array(this.rows);
      for (let i = 0; i < this.chunks.length; i++)
        hashes.set(this.chunks[i]!.subarray(0, Math.min(CHUNK, this.rows - i * CHUNK)), i * CHUNK);
    }
    return { key, rows: this.rows, sum1: this.sum1, sum2: this.sum2, hashes };
  }

  /** Adds the rows of a part that follows this digest's rows in stream order. */
  absorb(part: TableDigestPart): void {
    this.sum1 = (this.sum1 + part.sum1) >>> 0;
    this.sum2 = (this.sum2 + part.sum2) >>> 0;
    if (this.keepRowHashes && part.hashes !== null) {
      const hashes = part.hashes;
      let i = 0;
      while (i < hashes.length) {
        const slot = this.rows % CHUNK;
        if (slot === 0) this.chunks.push(new Uint32Array(CHUNK));
        const n = Math.min(CHUNK - slot, hashes.length - i);
        this.chunks[this.chunks.length - 1]!.set(hashes.subarray(i, i + n), slot);
        i += n;
        this.rows += n;
      }
      return;
    }
    this.rows += part.rows;
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
