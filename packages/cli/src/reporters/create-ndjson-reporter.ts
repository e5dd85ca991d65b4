// --json: each RunEvent as one JSON object on its own line, written as it happens and nothing else on the stream,
// so `wpfleet migrate --json | jq` sees the run live. RunEvents are plain JSON by contract; no reshaping here.
import { toRunReporter, type RunReporter } from './run-reporter.js';

export function createNdjsonReporter(stream: NodeJS.WritableStream): RunReporter {
  // One write per event: a reader never sees half a line, and nothing waits in a buffer of ours.
  return toRunReporter((event) => {
    stream.write(JSON.stringify(event) + '\n');
  });
}
