// `wp db export -` shares stdout with PHP: where php.ini has display_errors on, a notice from wp-config.php (or a
// deprecation from a drop-in) is printed before WP-CLI sends PHP's messages to stderr, so it lands in front of the
// dump and the import fails on it. This filter drops such lines, and blank lines and byte-order marks, from the
// very start of the stream only; from the first other line on, every byte passes through untouched.
import { Transform, type TransformCallback } from 'node:stream';
import { isPhpDiagnostic } from './parse-wp-cli-output.js';

/** Bytes held while looking for the dump's first line; beyond this the stream passes through as it is. */
const MAX_LEAD = 64 * 1024;

export class LeadingPhpMessageFilter extends Transform {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private decided = false;
  /** The PHP messages dropped from the start, in order. */
  readonly removed: string[] = [];

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.decided) {
      done(null, chunk);
      return;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    this.scan(false);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.decided) this.scan(true);
    done();
  }

  private scan(ended: boolean): void {
    const lead = Buffer.concat(this.held, this.heldBytes);
    const removed: string[] = [];
    let at = 0;
    for (;;) {
      const newline = lead.indexOf(0x0a, at);
      if (newline < 0) {
        // A line still incomplete: wait for more, unless the input ended or too much is held.
        if (!ended && lead.length <= MAX_LEAD) return;
        break;
      }
      const line = lead
        .toString('utf8', at, newline)
        .replace(/^\uFEFF+/, '')
        .replace(/\r$/, '');
      if (line.trim() !== '') {
        if (!isPhpDiagnostic(line)) break;
        removed.push(line);
      }
      at = newline + 1;
    }
    this.decided = true;
    this.held = [];
    this.heldBytes = 0;
    this.removed.push(...removed);
    // Nothing dropped: blank lines before the dump are its own bytes and stay.
    this.push(removed.length === 0 ? lead : lead.subarray(at));
  }
}
