// What the verify step journals: the site's Integrity (per table, per managed directory, per relation check), the
// one shape the verify handler writes and the reports read (docs/decisions.md, DM4). A failed verify carries the
// same Integrity in the `details` of its `integrity-mismatch` finding.
import { z } from 'zod';

/** The code of the error finding a failed verify step carries its Integrity in (a failed step journals no outputs). */
export const INTEGRITY_MISMATCH = 'integrity-mismatch';

const count = z.number();
const digest = z.string();

/** Lenient where older runs wrote less (no digests, a numeric blog id): the reports still show them. */
export const integritySchema = z.object({
  tables: z
    .array(
      z.object({
        table: z.string(),
        sourceRows: count,
        targetRows: count,
        sourceDigest: digest.optional(),
        targetDigest: digest.optional(),
        equal: z.boolean(),
        firstDifference: z.json().optional(),
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

export type Integrity = z.output<typeof integritySchema>;

export const verifyOutputsSchema = z.object({
  integrity: integritySchema.optional(),
  serialized: z.object({ source: count, target: count, scanned: count }).optional(),
  plugins: count.optional(),
  themes: count.optional(),
  equal: z.boolean().optional(),
});
