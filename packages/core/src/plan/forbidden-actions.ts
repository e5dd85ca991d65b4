// The actions the fleet policies forbid on a site: by its own name or its target host's.
import type { Fleet, FleetAction, FleetSite } from '../fleet/fleet-schema.js';

export function forbiddenActionsOf(fleet: Fleet, name: string, site: FleetSite): FleetAction[] {
  const rules = fleet.policies.forbiddenActions;
  return [...new Set([...(rules[name] ?? []), ...(rules[site.target.host] ?? [])])].sort();
}
