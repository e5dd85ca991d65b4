// What a run remembers between a site's steps beyond the journalled outputs: the stream's per-row hashes, so
// verify can name the first differing row. Kept in memory, and in the run directory when there is one
// (row-hash-store.ts), so a resumed process still names the row; without either, verify compares digests only.
import type { TableDigest, TableDigestJson } from '@wpfleet/sql';
import { loadRowHashes, saveRowHashes } from './row-hash-store.js';

export class RunMemory {
  private readonly digests = new Map<string, Map<string, TableDigest>>();

  /** `stateDir`: the run directory on the controller, or undefined to remember in memory only. */
  constructor(private readonly stateDir?: string) {}

  async rememberDigests(site: string, digests: Map<string, TableDigest>): Promise<void> {
    this.digests.set(site, digests);
    if (this.stateDir) await saveRowHashes(this.stateDir, site, digests);
  }

  /** The stream's digests with row hashes, if they are the ones the db step journalled (`expected`). */
  async digestsOf(
    site: string,
    expected: Readonly<Record<string, TableDigestJson>>,
  ): Promise<Map<string, TableDigest> | undefined> {
    const held = this.digests.get(site);
    if (held) return held;
    return this.stateDir ? loadRowHashes(this.stateDir, site, expected) : undefined;
  }
}
