// A Finding: something a step noticed and reports (a corrupt serialized value, a rewritten collation, an orphan
// row). It travels in RunEvents and the Journal, so it holds plain JSON only.
import type { JsonValue } from '../plan/json-value.js';

export type FindingSeverity = 'info' | 'warning' | 'error';

export interface Finding {
  severity: FindingSeverity;
  /** Stable machine name, e.g. `serialized-corrupt`, `orphan-postmeta`, `collation-rewritten`. */
  code: string;
  message: string;
  site?: string;
  step?: string;
  /** Side the finding is about, when it is about one. */
  side?: 'source' | 'target';
  table?: string;
  details?: JsonValue;
  /**
   * Paths (`message`, `details.columns[0]`) of values wpfleet replaced with a marker because they looked like a
   * private key or an access token. The finding is kept; the secret is not.
   */
  redacted?: string[];
}
