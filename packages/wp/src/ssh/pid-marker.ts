// Remote commands announce their process id on the first stderr line, so a timeout or abort can kill the
// whole remote process group: sshd refuses `signal` requests for root sessions (no privilege separation).
import { Transform, type TransformCallback } from 'node:stream';
import { shScript } from '../transport/sh-script.js';

const MARKER = 'wpfleet-pid:';

/** Wrap argv so the remote shell prints `wpfleet-pid:<pid>` to stderr, then becomes the command (same pid). */
export function withPidMarker(argv: readonly string[]): string[] {
  return shScript(`printf '${MARKER}%s\\n' "$$" >&2; exec "$@"`, ...argv);
}

/** A remote script that kills a process group (TERM, then KILL after a grace period). `kill -SIG -PGID`: dash's builtin
 * kill takes neither `--` nor `-s SIG -PGID`. */
export function killGroupArgv(pid: number): string[] {
  return [
    'sh',
    '-c',
    'pg=$(ps -o pgid= -p "$1" | tr -d " "); [ -n "$pg" ] || exit 0; kill -TERM "-$pg" 2>/dev/null; sleep 2; kill -KILL "-$pg" 2>/dev/null; exit 0',
    'wpfleet-kill',
    String(pid),
  ];
}

/** Strips the marker line from stderr and reports the pid; every other byte passes through unchanged. */
export class PidMarkerStripper extends Transform {
  pid: number | undefined;
  private head: Buffer | undefined = Buffer.alloc(0);

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.head === undefined) return done(null, chunk);
    const joined = Buffer.concat([this.head, chunk]);
    const newline = joined.indexOf(0x0a);
    if (newline === -1 && joined.length < 64) {
      this.head = joined;
      return done();
    }
    this.head = undefined;
    const line = newline === -1 ? '' : joined.subarray(0, newline).toString('latin1');
    if (line.startsWith(MARKER)) {
      const pid = Number(line.slice(MARKER.length));
      if (Number.isInteger(pid) && pid > 1) this.pid = pid;
      this.emit('pid', this.pid);
      return done(null, joined.subarray(newline + 1));
    }
    done(null, joined);
  }

  override _flush(done: TransformCallback): void {
    done(null, this.head && this.head.length > 0 ? this.head : undefined);
  }
}
