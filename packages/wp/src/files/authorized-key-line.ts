// Adds and removes the host-to-host copy's temporary key line in the source's `~/.ssh/authorized_keys`. The file is
// the operator's: a last line without a newline must not get the key glued onto it, and removal takes out only the
// exact line wpfleet added, leaving every other byte of every other line as it was.
import type { ExecOptions, Transport } from '../transport/transport.js';
import { shScript } from '../transport/sh-script.js';

// Sites sharing a source host add and remove their keys concurrently: both hold a lock on ~/.ssh (flock on the
// directory, so no lock file is left behind) or one site's rewrite could resurrect or drop another's line.
const ADD_LINE = [
  'umask 077 && mkdir -p "$HOME/.ssh" && exec 9<"$HOME/.ssh" && { flock 9 2>/dev/null || true; } || exit 1',
  'f="$HOME/.ssh/authorized_keys"',
  // od, not "$(tail -c 1)": a command substitution would also drop a final NUL and hide the missing newline.
  'if [ -s "$f" ] && [ "$(tail -c 1 -- "$f" | od -An -tx1 | tr -d " \\n")" != 0a ]; then printf "\\n" >> "$f" || exit 1; fi',
  'printf "%s\\n" "$1" >> "$f"',
].join('\n');

// The line goes through the environment: `awk -v` would rewrite backslash escapes in it. A failed awk leaves the
// file alone rather than replacing it with a partial copy.
const REMOVE_LINE = [
  'f="$HOME/.ssh/authorized_keys"; [ -f "$f" ] || exit 0',
  'exec 9<"$HOME/.ssh"; flock 9 2>/dev/null || true',
  't="$f.wpfleet.$$"',
  'if l="$1" awk \'$0 != ENVIRON["l"]\' "$f" > "$t" && chmod 600 "$t" && mv -- "$t" "$f"; then exit 0; fi',
  'rm -f -- "$t"; exit 1',
].join('\n');

/** Appends `line` to the user's authorized_keys, after a newline of its own when the file does not end in one. */
export async function addAuthorizedKeyLine(
  transport: Transport,
  line: string,
  options: ExecOptions = {},
): Promise<void> {
  await transport.exec(shScript(ADD_LINE, line), options);
}

/** Removes every line that is exactly `line`; every other line is written back byte for byte. */
export async function removeAuthorizedKeyLine(
  transport: Transport,
  line: string,
  options: ExecOptions = {},
): Promise<void> {
  await transport.exec(shScript(REMOVE_LINE, line), options);
}
