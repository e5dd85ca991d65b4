// Hides the userinfo of every URL in a text (`https://user:pw@host` -> `https://***@host`) before it is printed or
// stored: a credential in a URL from a fleet file, a host or a dump must not reach a terminal, a report or a journal.
import { REDACTED } from './redact-secrets.js';

// A scheme, `://`, then userinfo up to the last `@` of the authority. Backslash escapes (`\"` in JSON) are stepped
// over whole; quotes, brackets and whitespace end the match, so JSON, HTML and prose around a URL stay intact.
// The scheme's length is bounded: unbounded, a long `a-a-a-…` (hostile text) took quadratic time.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)(?:\\.|[^\s/?#"'<>\\`{}|[\]^])*@/gi;

export function redactUrlUserinfo(text: string): string {
  return text.replace(URL_USERINFO, `$1${REDACTED}@`);
}
