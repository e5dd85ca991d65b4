// The actions the fleet policies forbid on a site: by its own name or its target host's.
import type { Fleet, FleetAction, FleetSite } from '../fleet/fleet-schema.js';

export function forbiddenActionsOf(fleet: Fleet, name: string, site: FleetSite): FleetAction[] {
  const rules = fleet.policies.forbiddenActions;
  // Own keys only: a fleet built by hand (not by parseFleet) may be a plain object, and `constructor` is a name.
  const of = (key: string): FleetAction[] => (Object.hasOwn(rules, key) ? (rules[key] ?? []) : []);
  return [...new Set([...of(name), ...of(site.target.host)])].sort();
}
