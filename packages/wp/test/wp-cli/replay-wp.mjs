#!/usr/bin/env node
// A `wp` that replays the real WP-CLI records: it answers an argv exactly as recorded (after dropping
// --allow-root, which the records leave out) and fails loudly on any argv that was never recorded.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// shared/ sits beside the checkout; this file is packages/wp/test/wp-cli/ inside it.
const path =
  process.env.WPFLEET_WP_CLI_TRANSCRIPTS ??
  fileURLToPath(new URL('../../../../../shared/wp-cli/wp-cli-2.12.0-transcripts.jsonl', import.meta.url));
const records = readFileSync(path, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
// `--skip-update-check` on `plugin list`/`theme list` changes only what WP-CLI does first (no transient deleted,
// no call to wordpress.org), not the output's shape; the records were made without it.
const given = process.argv.slice(2).filter((a) => a !== '--allow-root');
const listing = given.some((a, i) => (a === 'plugin' || a === 'theme') && given[i + 1] === 'list');
const argv = ['wp', ...given.filter((a) => !(listing && a === '--skip-update-check'))];
const key = JSON.stringify(argv);
const stdinChunks = [];
for await (const chunk of process.stdin) stdinChunks.push(chunk);
const stdin = Buffer.concat(stdinChunks).toString('utf8');
const record = records.find((r) => JSON.stringify(r.argv) === key && (r.stdin === null || r.stdin === stdin));
if (!record) {
  process.stderr.write(`replay-wp: no record for ${key}\n`);
  process.exit(99);
}
process.stdout.write(record.stdout);
process.stderr.write(record.stderr);
process.exitCode = record.exit;
