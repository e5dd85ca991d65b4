// Reads the verify step's journalled `outputs.integrity` for the reports. The shape is the verify handler's
// contract (see docs/architecture.md, "Reporters"); anything else is reported as unknown rather than guessed at.
import { z } from 'zod';
import type { JsonObject, JsonValue } from '@wpfleet/core';

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

export type ParsedIntegrity =
  | { kind: 'absent' }
  | { kind: 'ok'; integrity: VerifyIntegrity }
  | { kind: 'unknown'; raw: JsonValue };

export function parseVerifyIntegrity(outputs: JsonObject | undefined): ParsedIntegrity {
  const raw = outputs?.['integrity'];
  if (raw === undefined || raw === null) return { kind: 'absent' };
  const parsed = integritySchema.safeParse(raw);
  return parsed.success ? { kind: 'ok', integrity: parsed.data } : { kind: 'unknown', raw };
}
