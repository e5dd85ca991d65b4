// A controller killed while a host-to-host copy ran (kill -9) cannot remove its temporary key. The next files step
// for the same site removes such leftovers first, and `wpfleet cleanup` lists and removes them too: lines marked
// `wpfleet-temp-` that confine to this site's wp-content. It takes the same ~/.ssh lock as the key add/remove in
// file-sync.
import type { Transport } from '@wpfleet/core';
import { rrsyncKeyOption } from '../files/rsync-argv.js';
import { shScript } from '../transport/sh-script.js';

const REMOVE_STALE = [
  'f="$HOME/.ssh/authorized_keys"; [ -f "$f" ] || exit 0',
  'grep -q -F -- "wpfleet-temp-" "$f" || exit 0',
  'exec 9<"$HOME/.ssh"; flock 9 2>/dev/null || true',
  't="$f.wpfleet.$$"',
  // The needle goes through the environment: `awk -v` would rewrite backslash escapes in it.
  'd="$1" awk \'index($0, "wpfleet-temp-") && index($0, ENVIRON["d"]) { n++; next } { print } END { if (n) print n > "/dev/stderr" }\' "$f" > "$t"',
  'chmod 600 "$t" && mv "$t" "$f"',
].join('; ');

// The same match, counted only (cleanup lists before it asks).
const COUNT_STALE = [
  'f="$HOME/.ssh/authorized_keys"; [ -f "$f" ] || { echo 0; exit 0; }',
  'd="$1" awk \'index($0, "wpfleet-temp-") && index($0, ENVIRON["d"]) { n++ } END { print n + 0 }\' "$f"',
].join('; ');

/** How many temporary key lines for this wp-content an interrupted copy left in the source's authorized_keys. */
export async function countStaleTemporaryKeys(source: Transport, contentDir: string, signal?: AbortSignal): Promise<number> {
  const result = await source.exec(shScript(COUNT_STALE, rrsyncKeyOption(contentDir)), { ...(signal ? { signal } : {}) });
  return Number(result.stdout.trim()) || 0;
}

/** Returns how many stale lines were removed (0 when there were none; the file is then not rewritten). */
export async function removeStaleTemporaryKeys(source: Transport, contentDir: string, signal?: AbortSignal): Promise<number> {
  // The forced command as the key line holds it, so a path with quotes or backslashes is found as well.
  const result = await source.exec(shScript(REMOVE_STALE, rrsyncKeyOption(contentDir)), { ...(signal ? { signal } : {}) });
  return Number(result.stderr.trim()) || 0;
}
