// The SqlTransformer's output of one push, copied piece by piece into one growing Buffer: no view object and no
// Buffer.concat per piece. What `take` returns belongs to the caller, memory and all (never a slice of Node's
// shared pool, so a worker can transfer it); the next push writes into a new Buffer.

const EMPTY = Buffer.alloc(0);
const MIN = 1 << 16;

export class OutputBuffer {
  private buf: Buffer;
  private len = 0;

  /** `size`: the bytes the first push is expected to write (it then needs no growing). */
  constructor(size = MIN) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(MIN, size));
  }

  get length(): number {
    return this.len;
  }

  /** The memory written so far is `bytes[0, length)`; valid until the next put or take. */
  get bytes(): Buffer {
    return this.buf;
  }

  /** Drops what was written after the first `length` bytes. */
  truncate(length: number): void {
    if (length < this.len) this.len = length;
  }

  /** Appends `src[start, end)`. */
  put(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    if (n <= 0) return;
    if (this.len + n > this.buf.length) this.grow(n);
    const buf = this.buf;
    if (n < 48) {
      // Short pieces (a replaced URL, a row's tail): a loop beats a native call.
      let at = this.len;
      for (let i = start; i < end; i++) buf[at++] = src[i]!;
    } else {
      buf.set(start === 0 && end === src.length ? src : src.subarray(start, end), this.len);
    }
    this.len += n;
  }

  /**
   * The bytes written since the last take, in a Buffer the caller now owns. `spare`: memory of an earlier take
   * that is free again (a batch a worker has walked), written into next when it is large enough.
   */
  take(spare?: Buffer): Buffer {
    if (this.len === 0) return EMPTY;
    const out = this.buf.subarray(0, this.len);
    // The next push's output is likely about as large (a statement's worth).
    const size = Math.max(MIN, this.len + (this.len >> 3));
    this.buf = spare !== undefined && spare.length >= size ? spare : Buffer.allocUnsafeSlow(size);
    this.len = 0;
    return out;
  }

  private grow(n: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}
