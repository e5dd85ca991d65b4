// The real WP-CLI 2.12.0 records (shared/wp-cli beside the checkout) that the parsers and the replaying `wp` use.
import { loadTranscriptRecords, transcriptsPath, type TranscriptRecord } from '@wpfleet/lab';

export type Transcript = TranscriptRecord;

const TRANSCRIPTS_PATH = transcriptsPath();

export function loadTranscripts(): Map<string, Transcript> {
  return new Map(loadTranscriptRecords().map((t) => [t.name, t]));
}
export function transcript(records: Map<string, Transcript>, name: string): Transcript {
  const t = records.get(name);
  if (!t) throw new Error(`no WP-CLI record named ${name} in ${TRANSCRIPTS_PATH}`);
  return t;
}
