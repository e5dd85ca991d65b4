// What one controller process remembers between a site's steps beyond the journalled outputs: the stream's
// per-row hashes, so verify can name the first differing row. Lost on a restart; verify then compares digests only.
import type { TableDigest } from '../sql/table-digest.js';

export class RunMemory {
  private readonly digests = new Map<string, Map<string, TableDigest>>();

  rememberDigests(site: string, digests: Map<string, TableDigest>): void {
    this.digests.set(site, digests);
  }

  digestsOf(site: string): Map<string, TableDigest> | undefined {
    return this.digests.get(site);
  }
}
