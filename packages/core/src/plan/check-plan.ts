// Guards `migrate` and `resume`: a plan file runs only if it is intact (its hash matches its content) and was
// built from the fleet file as it is now.
import { WpfleetError } from '../errors/wpfleet-error.js';
import type { Fleet } from '../fleet/fleet-schema.js';
import { canonicalHash } from './canonical-json.js';
import { planHash } from './build-plan.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanBody } from './plan.js';

export function checkPlan(value: unknown, fleet?: Fleet, fileName = 'the plan'): Plan {
  const plan = value as Partial<Plan> | null;
  if (
    typeof plan !== 'object' ||
    plan === null ||
    typeof plan.hash !== 'string' ||
    typeof plan.sites !== 'object' ||
    !Array.isArray(plan.waves)
  ) {
    throw new WpfleetError(
      'WPF_PLAN_INVALID',
      `${fileName} is not a wpfleet plan (no hash, sites or waves)`,
      {
        kind: 'user',
        hint: 'create one with `wpfleet plan --json > plan.json`',
      },
    );
  }
  if (plan.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new WpfleetError(
      'WPF_PLAN_INVALID',
      `${fileName} has format version ${String(plan.formatVersion)}; this wpfleet reads version ${PLAN_FORMAT_VERSION}`,
      {
        kind: 'user',
        hint: 'run `wpfleet plan` again with this version of wpfleet',
      },
    );
  }
  const actual = planHash(plan as PlanBody);
  if (actual !== plan.hash) {
    throw new WpfleetError(
      'WPF_PLAN_STALE',
      `${fileName} was changed after it was made: its hash is ${plan.hash.slice(0, 12)}…, its content hashes to ${actual.slice(0, 12)}…`,
      {
        kind: 'user',
        hint: 'a plan is run exactly as printed; change the fleet file and run `wpfleet plan` again instead of editing the plan',
      },
    );
  }
  if (fleet !== undefined && canonicalHash(fleet) !== plan.fleetHash) {
    throw new WpfleetError('WPF_PLAN_STALE', `${fileName} was made from another version of the fleet file`, {
      kind: 'user',
      hint: 'run `wpfleet plan` again so the plan matches the fleet file; nothing has been changed yet',
    });
  }
  return plan as Plan;
}
