#!/usr/bin/env node
// The wpfleet executable. The only file that calls process.exit.
import { limitYoungGeneration } from './limit-young-generation.js';

// A migrate streams several dumps at once through this process: keep V8's young generation small (DS9). Set
// before the rest of wpfleet loads, since loading it would already grow the young generation.
limitYoungGeneration();
const { main } = await import('./main.js');

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error('interrupted'));
});
process.on('SIGTERM', () => controller.abort(new Error('terminated')));

const code = await main({
  argv: process.argv.slice(2),
  io: {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
    color: !process.env.NO_COLOR && Boolean(process.stderr.isTTY),
  },
  cwd: process.cwd(),
  env: process.env,
  signal: controller.signal,
});
process.exitCode = code;
// Give streams a moment to flush, then leave even if a stray handle (an idle SSH socket) is still open.
setTimeout(() => process.exit(code), 50).unref();
