// The journal's last line of defence against secrets: a record whose keys look like secrets, or whose values
// look like private keys, is refused before it is written. Env var *names* (`passwordEnv`) are fine.
// Only wpfleet's own records (step outputs) are held to this; data from a site goes through redactSecretValues.
import { WpfleetError } from '../errors/wpfleet-error.js';

const SECRET_KEY =
  /(pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|credential|authorization|cookie)$/i;
const NAME_OF_SECRET = /(Env|From|Name|Source)$/;
/** A PEM private key block (to its END line, or to the end of the text when torn) or a well-known token. */
export const SECRET_VALUE =
  /-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----|[\s\S]*$)|(?<![A-Za-z0-9])(ghp|gho|github_pat|sk|xox[abp])_[A-Za-z0-9_]{16,}/g;

/** True when a key names a secret (and is not just the name of where the secret lives) and holds something. */
function holdsNamedSecret(key: string, item: unknown): boolean {
  return (
    SECRET_KEY.test(key) &&
    !NAME_OF_SECRET.test(key) &&
    item !== null &&
    item !== '' &&
    item !== undefined &&
    typeof item !== 'boolean'
  );
}

/** True when a text holds something that looks like a private key or an access token. */
function looksSecret(text: string): boolean {
  SECRET_VALUE.lastIndex = 0;
  const found = SECRET_VALUE.test(text);
  SECRET_VALUE.lastIndex = 0;
  return found;
}

/** Throws WPF_SECRET_IN_JOURNAL naming the key path (never the value) when something looks secret. */
export function assertNoSecrets(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    if (looksSecret(value)) refuse(path, 'a value that looks like a private key or access token');
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoSecrets(item, `${path}[${index}]`));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (holdsNamedSecret(key, item)) refuse(here, 'a key that names a secret');
      assertNoSecrets(item, here);
    }
  }
}

function refuse(path: string, what: string): never {
  throw new WpfleetError('WPF_SECRET_IN_JOURNAL', `refused to journal ${what} at \`${path}\``, {
    kind: 'bug',
    hint: 'a step returned a secret in its outputs; journals and reports must never hold secrets. Report this as a wpfleet bug',
  });
}
