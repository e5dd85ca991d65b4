// What the db step journals: the tables it copied into staging, the stream's digest per table (verify compares
// them with a re-dump), its byte and replacement counts, and the source's half of verify's checks.
import { z } from 'zod';
import type { RelationCheckResult } from '../checks/relation-checks.js';

const count = z.number();

const tableDigest = z.object({ rows: count, digest: z.string() });

/** The source's relation checks and serialized-value scan, read while the dump ran (source-checks.ts). */
const sideChecksSchema = z.object({
  relations: z.array(
    z.object({
      // The names are relation-checks.ts's; one this wpfleet does not know is still a count to compare.
      check: z.custom<RelationCheckResult['check']>((value) => typeof value === 'string'),
      blog: z.string(),
      orphans: count,
    }),
  ),
  serialized: z.object({
    tables: z.array(z.object({ suffix: z.string(), count })),
    total: count,
    scanned: count,
  }),
});

export const dbOutputsSchema = z.object({
  sourcePrefix: z.string().optional(),
  targetPrefix: z.string().optional(),
  /** Table suffixes now under the staging prefix: what the swap renames. */
  copied: z.array(z.string()).default([]),
  /**
   * The stream's digests, a list because a table name is data, not a field name; a journal from an older wpfleet
   * keyed them by name, which is still read.
   */
  tables: z
    .union([z.array(tableDigest.extend({ name: z.string() })), z.record(z.string(), tableDigest)])
    .optional(),
  bytesIn: count.optional(),
  bytesOut: count.optional(),
  replacements: count.optional(),
  unparseableSerialized: count.optional(),
  target: z.object({ flavour: z.string(), version: z.string().nullable() }).optional(),
  /** Only a head start for verify: when missing or not in this shape, verify reads the source itself. */
  sourceChecks: sideChecksSchema.optional().catch(undefined),
});

export type DbOutputs = z.output<typeof dbOutputsSchema>;
