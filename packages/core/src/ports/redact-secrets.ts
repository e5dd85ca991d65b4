// Replaces every secret in a text with `***` before it reaches a message, a log or a journal.
// Pure so every transport, error and reporter redacts the same way.

export const REDACTED = '***';

/** Replace every occurrence of each secret (longest first, so overlapping secrets leave no fragment). */
export function redactSecrets(text: string, secrets: readonly string[] | undefined): string {
  if (!secrets || secrets.length === 0) return text;
  const sorted = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of sorted) out = out.split(secret).join(REDACTED);
  return out;
}
