// A writable stream that keeps what was written, with optional terminal dimensions, for reporter tests.
import { Writable } from 'node:stream';

export interface CapturedStream extends Writable {
  writes: string[];
  text(): string;
  columns?: number;
  rows?: number;
  isTTY?: boolean;
}

export function captureStream(tty?: { columns: number; rows: number }): CapturedStream {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      writes.push(String(chunk));
      callback();
    },
  }) as CapturedStream;
  stream.writes = writes;
  stream.text = () => writes.join('');
  if (tty) Object.assign(stream, { ...tty, isTTY: true });
  return stream;
}
