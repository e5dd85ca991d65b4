// A controller killed while a host-to-host copy ran (kill -9) cannot remove its temporary key. The next files step
// for the same site removes such leftovers first, and `wpfleet cleanup` lists and removes them too: lines marked
// `wpfleet-temp-` that confine to this site's wp-content. It takes the same ~/.ssh lock as the key add/remove in
// file-sync.
import type { Transport } from '../transport/transport.js';
import { rrsyncKeyOption } from './rsync-argv.js';
import { shScript } from '../transport/sh-script.js';

// A temporary key line: it starts with this wp-content's forced command and ends in a `wpfleet-temp-` comment. Where
// an older wpfleet glued one onto an operator's last line (no final newline), the line starts with the operator's
// key instead: only the glued tail is cut off (p > 1), and the operator's line stays as it was.
const MATCH = '(p = index($0, ENVIRON["d"] ",restrict ")) && $NF ~ /^wpfleet-temp-/';

const REMOVE_STALE = [
  'f="$HOME/.ssh/authorized_keys"; [ -f "$f" ] || exit 0',
  'grep -q -F -- "wpfleet-temp-" "$f" || exit 0',
  'exec 9<"$HOME/.ssh"; flock 9 2>/dev/null || true',
  't="$f.wpfleet.$$"',
  // The needle goes through the environment: `awk -v` would rewrite backslash escapes in it.
  `if d="$1" awk '${MATCH} { n++; if (p > 1) print substr($0, 1, p - 1); next } { print } END { if (n) print n > "/dev/stderr" }' "$f" > "$t" && chmod 600 "$t" && mv -- "$t" "$f"; then exit 0; fi`,
  'rm -f -- "$t"; exit 1',
].join('; ');

// The same match, counted only (cleanup lists before it asks).
const COUNT_STALE = [
  'f="$HOME/.ssh/authorized_keys"; [ -f "$f" ] || { echo 0; exit 0; }',
  `d="$1" awk '${MATCH} { n++ } END { print n + 0 }' "$f"`,
].join('; ');

/** Runs one of the scripts above on the source, with the forced command of this wp-content as its needle. */
function runStaleKeyScript(
  source: Transport,
  script: string,
  contentDir: string,
  signal?: AbortSignal,
): ReturnType<Transport['exec']> {
  // The forced command as the key line holds it, so a path with quotes or backslashes is found as well.
  return source.exec(shScript(script, rrsyncKeyOption(contentDir)), { ...(signal ? { signal } : {}) });
}

/** How many temporary key lines for this wp-content an interrupted copy left in the source's authorized_keys. */
export async function countStaleTemporaryKeys(
  source: Transport,
  contentDir: string,
  signal?: AbortSignal,
): Promise<number> {
  const result = await runStaleKeyScript(source, COUNT_STALE, contentDir, signal);
  return Number(result.stdout.trim()) || 0;
}

/** Returns how many stale lines were removed (0 when there were none; the file is then not rewritten). */
export async function removeStaleTemporaryKeys(
  source: Transport,
  contentDir: string,
  signal?: AbortSignal,
): Promise<number> {
  const result = await runStaleKeyScript(source, REMOVE_STALE, contentDir, signal);
  return Number(result.stderr.trim()) || 0;
}
