// Where the recorded real WP-CLI 2.12.0 transcripts live: `shared/wp-cli/` beside this checkout (CI clones the
// repository with shared/ next to it), or the file named by WPFLEET_WP_CLI_TRANSCRIPTS.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTranscripts, type TranscriptRecord } from './compare-transcript.js';

export function transcriptsPath(): string {
  return (
    process.env['WPFLEET_WP_CLI_TRANSCRIPTS'] ??
    fileURLToPath(new URL('../../../../shared/wp-cli/wp-cli-2.12.0-transcripts.jsonl', import.meta.url))
  );
}

export function loadTranscriptRecords(): TranscriptRecord[] {
  return parseTranscripts(readFileSync(transcriptsPath(), 'utf8'));
}
