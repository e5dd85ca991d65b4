// A finding carries data from a site, which may hold something that looks secret (a column named like a token,
// a PHP notice with a PEM block). It is redacted and marked, never refused: one odd site must not stop a run.
import { redactSecretValues } from '../journal/redact-secret-values.js';
import type { JsonObject } from '../plan/json-value.js';
import type { Finding } from './finding.js';

/** The finding with secret-looking values replaced by a marker, and their paths added to `redacted`. */
export function redactFinding(finding: Finding): Finding {
  const { redacted: already, ...rest } = finding;
  const { value, paths } = redactSecretValues(rest as unknown as JsonObject);
  if (paths.length === 0) return finding;
  return { ...(value as unknown as Finding), redacted: [...(already ?? []), ...paths] };
}
