// One zod schema per step's outputs, and the one way to read them back: a later step, `status`, `undo`, `cleanup`
// and the reports all read a step's journalled outputs through `readStepOutputs` or `priorOutput`, never by hand.
import { WpfleetError, type JsonObject, type StepContext, type StepKind } from '@wpfleet/core';
import type { z } from 'zod';
import { dbOutputsSchema } from './db-outputs.js';
import { filesOutputsSchema } from './files-outputs.js';
import { httpCheckOutputsSchema } from './http-check-outputs.js';
import { preflightOutputsSchema } from './preflight-outputs.js';
import { swapOutputsSchema } from './swap-outputs.js';
import { verifyOutputsSchema } from './verify-outputs.js';

export const STEP_OUTPUT_SCHEMAS = {
  preflight: preflightOutputsSchema,
  db: dbOutputsSchema,
  files: filesOutputsSchema,
  verify: verifyOutputsSchema,
  swap: swapOutputsSchema,
  'http-check': httpCheckOutputsSchema,
} as const satisfies Record<StepKind, z.ZodType>;

export type StepOutputs<K extends StepKind> = z.output<(typeof STEP_OUTPUT_SCHEMAS)[K]>;

/**
 * A step's journalled outputs in their typed shape; undefined when the step has none (it has not completed).
 * Outputs that do not fit the schema were edited or written by another wpfleet: WPF_STEP_OUTPUT_INVALID.
 */
export function readStepOutputs<K extends StepKind>(
  kind: K,
  outputs: JsonObject | undefined,
  where: { site: string; step?: string },
): StepOutputs<K> | undefined {
  if (outputs === undefined) return undefined;
  const parsed = STEP_OUTPUT_SCHEMAS[kind].safeParse(outputs);
  if (parsed.success) return parsed.data as StepOutputs<K>;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? `\`${issue.path.join('.')}\`: ` : '';
  throw new WpfleetError(
    'WPF_STEP_OUTPUT_INVALID',
    `the journalled outputs of the ${kind} step of site ${where.site} are not in the shape this wpfleet reads (${field}${issue?.message ?? 'invalid'})`,
    {
      kind: 'user',
      where: { ...where },
      hint: 'The run directory was edited or comes from another wpfleet version: continue it with the version that started it, or start a new run.',
    },
  );
}

/** The outputs of one of this site's completed steps, typed, as a handler reads them. */
export function priorOutput<K extends StepKind>(
  ctx: Pick<StepContext, 'prior' | 'site' | 'step'>,
  kind: K,
): StepOutputs<K> | undefined {
  return readStepOutputs(kind, ctx.prior[kind], { site: ctx.site.name, step: ctx.step });
}

/** A handler's outputs, checked against its step's schema when it is compiled; journalled as plain JSON. */
export function stepOutputs<K extends StepKind>(
  _kind: K,
  outputs: z.input<(typeof STEP_OUTPUT_SCHEMAS)[K]>,
): JsonObject {
  return outputs as JsonObject;
}
