// The shape every journal entry must have when it is read back. A journal is a file on disk that anyone (or a
// crash, or a bad merge) may have changed; replay trusts only entries that pass this schema.
import { z } from 'zod';
import { asFinding } from '../run/finding.js';
import { STEP_KINDS } from '../run/step-kind.js';
import type { JournalEntry } from './journal-record.js';

const at = z.number();
const site = z.string().min(1);
const step = z.enum(STEP_KINDS);
const jsonObject = z.record(z.string(), z.json());

const side = z.enum(['source', 'target']);

const findingSchema = z
  .object({
    severity: z.enum(['info', 'warning', 'error']),
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    where: z
      .object({
        host: z.string().optional(),
        site: z.string().optional(),
        side: side.optional(),
        step: z.string().optional(),
        table: z.string().optional(),
        page: z.string().optional(),
      })
      .optional(),
    // Journals written before "One Finding" (docs/decisions.md) held where a finding is beside its code.
    site: z.string().optional(),
    step: z.string().optional(),
    side: side.optional(),
    table: z.string().optional(),
    details: z.json().optional(),
    redacted: z.array(z.string()).optional(),
  })
  .transform((finding) => asFinding(finding));

const journalEntrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run-resumed'), at, runId: z.string() }),
  z.object({
    type: z.literal('step-started'),
    at,
    site,
    step,
    attempt: z.number().int(),
    inDoubt: z.boolean(),
  }),
  z.object({
    type: z.literal('step-finished'),
    at,
    site,
    step,
    status: z.enum(['succeeded', 'skipped']),
    attempt: z.number().int(),
    durationMs: z.number(),
    outputs: jsonObject,
  }),
  z.object({
    type: z.literal('step-failed'),
    at,
    site,
    step,
    attempt: z.number().int(),
    durationMs: z.number(),
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    transient: z.boolean(),
    aborted: z.boolean(),
    willRetry: z.boolean().optional(),
    retryInMs: z.number().optional(),
  }),
  z.object({ type: z.literal('finding'), at, site, step, finding: findingSchema }),
  z.object({
    type: z.literal('wave-finished'),
    at,
    wave: z.number().int(),
    status: z.enum(['passed', 'failed', 'aborted', 'held']),
    succeeded: z.number().int().optional(),
    failed: z.number().int().optional(),
    durationMs: z.number().optional(),
    gateMessage: z.string().optional(),
  }),
  z.object({ type: z.literal('run-finished'), at, status: z.enum(['succeeded', 'failed', 'aborted']) }),
  z.object({
    type: z.literal('site-undone'),
    at,
    site,
    tablesRestored: z.number().int(),
    dirsRestored: z.array(z.string()),
  }),
  z.object({
    type: z.literal('site-cleaned-up'),
    at,
    site,
    tables: z.number().int(),
    dirs: z.array(z.string()),
  }),
  z.object({ type: z.literal('torn-line'), at, line: z.number().int() }),
]);

/** The entry if it has a journal entry's shape, else a short reason naming the first bad field. */
export function readJournalEntry(value: unknown): { entry: JournalEntry } | { problem: string } {
  const parsed = journalEntrySchema.safeParse(value);
  if (parsed.success) return { entry: parsed.data as JournalEntry };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `\`${issue.path.join('.')}\`: ` : '';
  return { problem: `${where}${issue?.message ?? 'not a journal record'}` };
}
