// Reads a site's Integrity for the reports: the verify step's journalled `outputs.integrity` when it succeeded, or
// the `details` of its `integrity-mismatch` error finding when it failed (docs/decisions.md, DM4). The shape is the
// verify handler's contract (see docs/architecture.md, "Reporters"); anything else is reported as unknown rather
// than guessed at.
import { z } from 'zod';
import type { Finding, JsonObject, JsonValue } from '@wpfleet/core';

/** The code of the error finding a failed verify step carries its integrity in. */
export const INTEGRITY_MISMATCH = 'integrity-mismatch';

const count = z.number();
const digest = z.string();

const integritySchema = z.object({
  tables: z
    .array(
      z.object({
        table: z.string(),
        sourceRows: count,
        targetRows: count,
        sourceDigest: digest.optional(),
        targetDigest: digest.optional(),
        equal: z.boolean(),
        firstDifference: z.unknown().optional(),
      }),
    )
    .optional(),
  files: z
    .array(
      z.object({
        dir: z.string(),
        sourceFiles: count,
        targetFiles: count,
        sourceBytes: count,
        targetBytes: count,
        equal: z.boolean(),
      }),
    )
    .optional(),
  relations: z
    .array(
      z.object({
        check: z.string(),
        blog: z.union([z.number(), z.string()]).optional(),
        source: count,
        target: count,
      }),
    )
    .optional(),
});

export type VerifyIntegrity = z.infer<typeof integritySchema>;

/** `outputs`: a verify step that succeeded; `failed-verify`: the finding of one that failed. */
type IntegritySource = 'outputs' | 'failed-verify';

export type ParsedIntegrity =
  | { kind: 'absent' }
  | { kind: 'ok'; integrity: VerifyIntegrity; source: IntegritySource }
  | { kind: 'unknown'; raw: JsonValue; source: IntegritySource };

/**
 * `outputs` are the verify step's, `findings` the site's. A success's outputs win over the finding of an earlier
 * failed attempt; of several failed attempts, the latest finding is the one that describes the staged copy.
 */
export function parseVerifyIntegrity(outputs: JsonObject | undefined, findings: readonly Finding[] = []): ParsedIntegrity {
  const fromOutputs = outputs?.['integrity'];
  if (fromOutputs !== undefined && fromOutputs !== null) return parse(fromOutputs, 'outputs');
  const mismatch = findings.findLast((f) => f.code === INTEGRITY_MISMATCH && (f.where.step ?? 'verify') === 'verify' && f.details != null);
  return mismatch?.details != null ? parse(mismatch.details, 'failed-verify') : { kind: 'absent' };
}

function parse(raw: JsonValue, source: IntegritySource): ParsedIntegrity {
  const parsed = integritySchema.safeParse(raw);
  return parsed.success ? { kind: 'ok', integrity: parsed.data, source } : { kind: 'unknown', raw, source };
}

/** Only the rows that differ, per list: what a reader of a failed verify looks for first. */
export function integrityDifferences(integrity: VerifyIntegrity): Required<VerifyIntegrity> {
  return {
    tables: (integrity.tables ?? []).filter((t) => !t.equal),
    files: (integrity.files ?? []).filter((f) => !f.equal),
    relations: (integrity.relations ?? []).filter((r) => r.source !== r.target),
  };
}
