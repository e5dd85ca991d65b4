// The stream's per-row hashes on the controller's disk (the run directory), so that verify in a resumed process
// still names the first differing row. One file per site: a JSON header line (each table's name, rows and digest)
// and then each table's row hashes as little-endian uint32, in header order. Written whole and renamed into place
// (never through a symlink planted at its name); read back only when its digests are the ones the journal recorded
// for the db step, so a file from another attempt is never used.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeRunFile } from '../run-dir/write-run-file.js';
import { TableDigest, type TableDigestJson } from '@wpfleet/sql';

const MAGIC = 'wpfleet-row-hashes 1';

interface Header {
  format: typeof MAGIC;
  tables: Array<{ name: string; rows: number; digest: string }>;
}

function fileOf(dir: string, site: string): string {
  return join(dir, `row-hashes-${encodeURIComponent(site)}.bin`);
}

export async function saveRowHashes(
  dir: string,
  site: string,
  digests: ReadonlyMap<string, TableDigest>,
): Promise<void> {
  const header: Header = { format: MAGIC, tables: [] };
  const bodies: Buffer[] = [];
  for (const [name, digest] of digests) {
    const hashes = digest.part(name).hashes;
    if (hashes === null) return; // row hashes were not kept: nothing to save
    header.tables.push({ name, rows: digest.rows, digest: digest.digest });
    const body = Buffer.alloc(hashes.length * 4);
    for (let i = 0; i < hashes.length; i++) body.writeUInt32LE(hashes[i]!, i * 4);
    bodies.push(body);
  }
  const file = fileOf(dir, site);
  await writeRunFile(file, Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), ...bodies]));
}

/**
 * The saved row hashes as digests to compare a re-dump against, or undefined when there is no file, it is not
 * readable, or its digests are not exactly `expected` (the db step's journalled tables).
 */
export async function loadRowHashes(
  dir: string,
  site: string,
  expected: Readonly<Record<string, TableDigestJson>>,
): Promise<Map<string, TableDigest> | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(fileOf(dir, site));
  } catch {
    return undefined;
  }
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as Header;
  } catch {
    return undefined;
  }
  if (header.format !== MAGIC || !Array.isArray(header.tables)) return undefined;
  const names = Object.keys(expected);
  if (names.length !== header.tables.length) return undefined;
  const total = header.tables.reduce((sum, t) => sum + t.rows, 0);
  if (bytes.length !== newline + 1 + total * 4) return undefined;
  const digests = new Map<string, TableDigest>();
  let offset = newline + 1;
  for (const table of header.tables) {
    const recorded = expected[table.name];
    if (!recorded || recorded.rows !== table.rows || recorded.digest !== table.digest) return undefined;
    const hashes = new Uint32Array(table.rows);
    for (let i = 0; i < table.rows; i++) hashes[i] = bytes.readUInt32LE(offset + i * 4);
    offset += table.rows * 4;
    const digest = new TableDigest(true);
    const sums = {
      sum1: parseInt(table.digest.slice(0, 8), 16) >>> 0,
      sum2: parseInt(table.digest.slice(8, 16), 16) >>> 0,
    };
    digest.absorb({ key: table.name, rows: table.rows, ...sums, hashes });
    digests.set(table.name, digest);
  }
  return digests;
}
