// Test helper: pipes chunks through a SqlStream or SqlWorkerStream as Node streams and collects the output.
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function through(stream: Transform, chunks: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    stream,
    new Writable({
      write(c: Buffer, _e, cb) {
        out.push(c);
        cb();
      },
    }),
  );
  return Buffer.concat(out);
}
