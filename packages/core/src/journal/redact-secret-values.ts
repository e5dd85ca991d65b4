// Data from a site (a finding's message, a column name, a PHP notice in an error) may hold something that looks
// secret. It is data, not a wpfleet bug: the secret part is replaced with a marker and the rest is kept.
import type { JsonValue } from '../plan/json-value.js';
import { SECRET_VALUE } from './assert-no-secrets.js';

/** What replaces a secret-looking part of a value; it says that something was taken out. */
export const REDACTED_SECRET = '[redacted: looked like a secret]';

export interface RedactedValue<T> {
  value: T;
  /** Paths (like `details.columns[2]`) of the values that were redacted; empty when nothing was. */
  paths: string[];
}

/** Redact secret-looking strings and keys anywhere in `value`. */
export function redactSecretValues<T extends JsonValue>(value: T, path = ''): RedactedValue<T> {
  const paths: string[] = [];
  const walk = (item: JsonValue, here: string): JsonValue => {
    if (typeof item === 'string') {
      const redacted = redactText(item);
      if (redacted !== item) paths.push(here);
      return redacted;
    }
    if (Array.isArray(item)) return item.map((x, index) => walk(x, `${here}[${index}]`));
    if (typeof item === 'object' && item !== null) {
      // Null prototype: keys are data here, and `__proto__` must stay a plain key.
      const out = Object.create(null) as Record<string, JsonValue>;
      for (const [key, inner] of Object.entries(item)) {
        let safeKey = redactText(key);
        if (safeKey !== key) {
          safeKey = `${REDACTED_SECRET} #${paths.length + 1}`;
          paths.push(here ? `${here}.${safeKey}` : safeKey);
        }
        // No key-name rule here: in data a key like `wp_oauth_token` is a table name, not a field holding a token.
        out[safeKey] = walk(inner, here ? `${here}.${safeKey}` : safeKey);
      }
      return out;
    }
    return item;
  };
  return { value: walk(value, path) as T, paths };
}

/** The text with each secret-looking part replaced by the marker. */
export function redactText(text: string): string {
  return text.replace(SECRET_VALUE, REDACTED_SECRET);
}
