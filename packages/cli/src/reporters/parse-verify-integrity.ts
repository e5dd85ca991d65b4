// Reads a site's Integrity for the reports: the verify step's journalled `outputs.integrity` when it succeeded, or
// the `details` of its `integrity-mismatch` error finding when it failed (docs/decisions.md, DM4). The shape is the
// verify step's own schema (@wpfleet/wp's verify-outputs.ts); anything else is reported as unknown rather than
// guessed at.
import type { Finding, JsonObject, JsonValue } from '@wpfleet/core';
import { INTEGRITY_MISMATCH, integritySchema, type Integrity } from '@wpfleet/wp';

/** `outputs`: a verify step that succeeded; `failed-verify`: the finding of one that failed. */
type IntegritySource = 'outputs' | 'failed-verify';

export type ParsedIntegrity =
  | { kind: 'absent' }
  | { kind: 'ok'; integrity: Integrity; source: IntegritySource }
  | { kind: 'unknown'; raw: JsonValue; source: IntegritySource };

/**
 * `outputs` are the verify step's, `findings` the site's. A success's outputs win over the finding of an earlier
 * failed attempt; of several failed attempts, the latest finding is the one that describes the staged copy.
 */
export function parseVerifyIntegrity(
  outputs: JsonObject | undefined,
  findings: readonly Finding[] = [],
): ParsedIntegrity {
  const fromOutputs = outputs?.['integrity'];
  if (fromOutputs !== undefined && fromOutputs !== null) return parse(fromOutputs, 'outputs');
  const mismatch = findings.findLast(
    (f) => f.code === INTEGRITY_MISMATCH && (f.where.step ?? 'verify') === 'verify' && f.details != null,
  );
  return mismatch?.details != null ? parse(mismatch.details, 'failed-verify') : { kind: 'absent' };
}

function parse(raw: JsonValue, source: IntegritySource): ParsedIntegrity {
  const parsed = integritySchema.safeParse(raw);
  return parsed.success ? { kind: 'ok', integrity: parsed.data, source } : { kind: 'unknown', raw, source };
}

/** Only the rows that differ, per list: what a reader of a failed verify looks for first. */
export function integrityDifferences(integrity: Integrity): Required<Integrity> {
  return {
    tables: (integrity.tables ?? []).filter((t) => !t.equal),
    files: (integrity.files ?? []).filter((f) => !f.equal),
    relations: (integrity.relations ?? []).filter((r) => r.source !== r.target),
  };
}
