// Copies the transformed dump into a file on the controller as it passes (only with --keep-dump). The file is the
// tee's own side stream, outside the step's pipeline: its errors are turned into the pipeline's, or a full disk or
// a missing directory would be an 'error' event nobody listens to and end the process (issue 13).
import { Transform, type TransformCallback } from 'node:stream';

export class DumpTee extends Transform {
  constructor(private readonly file: NodeJS.WritableStream) {
    super();
    file.on('error', (error: Error) => this.destroy(error));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (this.file.write(chunk)) callback(null, chunk);
    // The file's error destroys the tee, which ends this wait with it; the drain either comes or never matters.
    else this.file.once('drain', () => callback(null, chunk));
  }

  override _flush(callback: TransformCallback): void {
    this.file.end(() => callback());
  }
}
