// Guards `migrate` and `resume`: a plan file runs only if it is intact (its hash matches its content) and was
// built from the fleet file as it is now.
import { WpfleetError } from '../errors/wpfleet-error.js';
import type { Fleet } from '../fleet/fleet-schema.js';
import { canonicalHash } from './canonical-json.js';
import { planHash } from './build-plan.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanBody } from './plan.js';
import { planSiteProblem } from './plan-site-problem.js';

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
  const loaded = checkPlanContent(plan as Plan, fileName);
  if (fleet !== undefined && canonicalHash(fleet) !== plan.fleetHash) {
    throw new WpfleetError('WPF_PLAN_STALE', `${fileName} was made from another version of the fleet file`, {
      kind: 'user',
      hint: 'run `wpfleet plan` again so the plan matches the fleet file; nothing has been changed yet',
    });
  }
  return loaded;
}

/**
 * Every site name, prefix, host, path and URL checked again as if it came from a fleet file, and `sites` given no
 * prototype, so a plan written by something other than `wpfleet plan` is refused before any command acts on it.
 */
function checkPlanContent(plan: Plan, fileName: string): Plan {
  const invalid = (what: string): WpfleetError =>
    new WpfleetError('WPF_PLAN_INVALID', `${fileName} cannot be run: ${what}`, {
      kind: 'user',
      hint: 'a plan is made by `wpfleet plan` from a checked fleet file; this one was not. Make a new one with `wpfleet plan --json > plan.json`. Nothing was changed',
    });
  if (typeof plan.sites !== 'object' || plan.sites === null || Array.isArray(plan.sites))
    throw invalid('its `sites` is not a mapping');
  const sites = Object.create(null) as Plan['sites'];
  for (const [key, site] of Object.entries(plan.sites)) {
    const problem = planSiteProblem(key, site);
    // The name is shown as JSON so a newline or an escape in it cannot reach the terminal as such.
    if (problem) throw invalid(`site ${JSON.stringify(key)}: ${problem}`);
    sites[key] = site;
  }
  const named = (list: unknown): boolean =>
    Array.isArray(list) && list.every((n) => typeof n === 'string' && Object.hasOwn(sites, n));
  if (!plan.waves.every((w) => named((w as { sites?: unknown } | null)?.sites)) || !named(plan.blocked))
    throw invalid('a wave or the blocked list names a site the plan does not describe');
  const collations = plan.collationMap as unknown;
  if (typeof collations !== 'object' || collations === null)
    throw invalid('its `collationMap` is not a mapping');
  const collationMap = Object.create(null) as Plan['collationMap'];
  for (const [from, to] of Object.entries(collations)) {
    // Both names are written into the SQL stream, so they must be names and nothing else.
    if (!COLLATION_NAME.test(from) || typeof to !== 'string' || !COLLATION_NAME.test(to))
      throw invalid(`its collation map has an entry that is not a collation name (${JSON.stringify(from)})`);
    collationMap[from] = to;
  }
  return { ...plan, sites, collationMap };
}

const COLLATION_NAME = /^[A-Za-z0-9_]+$/;
