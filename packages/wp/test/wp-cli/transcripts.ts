// Loads the real WP-CLI 2.12.0 records (/work/shared/wp-cli) that the parsers and the replaying `wp` use.
import { readFileSync } from 'node:fs';

export interface Transcript {
  name: string;
  argv: string[];
  stdin: string | null;
  exit: number;
  stdout: string;
  stderr: string;
}

export const TRANSCRIPTS_PATH =
  process.env.WPFLEET_WP_CLI_TRANSCRIPTS ?? '/work/shared/wp-cli/wp-cli-2.12.0-transcripts.jsonl';

export function loadTranscripts(): Map<string, Transcript> {
  const lines = readFileSync(TRANSCRIPTS_PATH, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return new Map(lines.map((l) => JSON.parse(l) as Transcript).map((t) => [t.name, t]));
}

export function transcript(records: Map<string, Transcript>, name: string): Transcript {
  const t = records.get(name);
  if (!t) throw new Error(`no WP-CLI record named ${name} in ${TRANSCRIPTS_PATH}`);
  return t;
}
