// The Guardian: which sites an action may not touch freely, from the fleet's policies. Forbidden actions are
// refused outright; protected targets need an explicit confirmation (typing the domain, or --yes with
// --i-understand-protected), which the CLI asks for.
import type { Fleet, FleetAction } from '../fleet/fleet-schema.js';

export interface GuardVerdict {
  site: string;
  /** `forbidden`: refused whatever the flags; `protected`: allowed after confirmation. */
  rule: 'forbidden' | 'protected';
  /** The policy entry that applies: a host or site name. */
  matched: string;
  /** What a person types to confirm a protected target: the target URL's hostname. */
  domain: string;
}

/** Actions that change a target (or its DNS) and therefore need the protected-target confirmation. */
const DESTRUCTIVE_ACTIONS: readonly FleetAction[] = [
  'migrate',
  'swap',
  'undo',
  'files-delete',
  'cutover',
  'dns-switch',
  'rollback',
];

export function guardActions(fleet: Fleet, sites: readonly string[], action: FleetAction): GuardVerdict[] {
  const verdicts: GuardVerdict[] = [];
  const protectedNames = new Set(fleet.policies.protectedTargets);
  for (const name of sites) {
    const site = Object.hasOwn(fleet.sites, name) ? fleet.sites[name] : undefined;
    if (!site) continue;
    const domain = new URL(site.target.url).hostname;
    const rules = fleet.policies.forbiddenActions;
    const forbidden = [name, site.target.host].find(
      (key) => Object.hasOwn(rules, key) && rules[key]?.includes(action),
    );
    if (forbidden !== undefined) {
      verdicts.push({ site: name, rule: 'forbidden', matched: forbidden, domain });
      continue;
    }
    if (!DESTRUCTIVE_ACTIONS.includes(action)) continue;
    const matched = [name, site.target.host].find((key) => protectedNames.has(key));
    if (matched !== undefined) verdicts.push({ site: name, rule: 'protected', matched, domain });
  }
  return verdicts;
}
