// Test helper: the SQL cases kept as files, as wp-cli keeps its feature files. Each case in fixtures/dumps is
// `<case>.sql` (the dump), `<case>.expected.sql` (what the SqlStream must write, byte for byte) and `<case>.json`
// (its name, the stream's options, and the report's figures). The .sql files are exact bytes (.gitattributes).
import { readdirSync, readFileSync } from 'node:fs';
import type { SqlStreamOptions } from '@wpfleet/sql';

const dir = new URL('../../../fixtures/dumps/', import.meta.url);

export interface DumpFixture {
  /** The file name's stem. */
  id: string;
  name: string;
  options: SqlStreamOptions;
  /** Rows per table, keyed by the live (digest) name. */
  rows: Record<string, number>;
  /** URL replacements the stream makes. */
  replacements: number;
  /** The wp_options rows are the standard ones (their Digest must equal every other such case's). */
  standardOptions?: boolean;
  input: string;
  expected: string;
}

export function dumpFixtures(): DumpFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const id = f.slice(0, -'.json'.length);
      const meta = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Omit<
        DumpFixture,
        'id' | 'input' | 'expected'
      >;
      return {
        ...meta,
        id,
        input: readFileSync(new URL(`${id}.sql`, dir), 'utf8'),
        expected: readFileSync(new URL(`${id}.expected.sql`, dir), 'utf8'),
      };
    });
}
