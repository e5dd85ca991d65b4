// The StepContext a test hands one step handler directly: a first attempt that nobody aborts, its events and
// findings dropped.
import type { JsonObject, Plan, PlannedSite, StepContext, StepKind } from '@wpfleet/core';

export function stepContext(
  site: PlannedSite,
  step: StepKind,
  prior: Partial<Record<StepKind, JsonObject>>,
  { plan = {} as Plan, inDoubt = false }: { plan?: Plan; inDoubt?: boolean } = {},
): StepContext {
  return {
    site,
    plan,
    step,
    signal: new AbortController().signal,
    attempt: 1,
    inDoubt,
    prior,
    emit: () => {},
    finding: () => {},
  };
}
