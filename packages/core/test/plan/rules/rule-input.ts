// A PlanRuleInput for one site of a small fleet, with facts that break no rule unless a test changes them.
import { loadFleet, type PlanRuleInput } from '@wpfleet/core';
import { siteFacts, targetFacts } from '../site-facts-fixture.js';

const FLEET = `
version: 1
hosts:
  old: { address: 127.0.0.1 }
  new: { address: 127.0.0.2 }
sites:
  blog:
    source: { host: old, path: /srv/www/blog, url: "http://blog.test" }
    target: { host: new, path: /srv/www/blog, url: "http://blog.test" }
`;

export function ruleInput(overrides: Partial<PlanRuleInput> = {}, fleetYaml = FLEET): PlanRuleInput {
  const fleet = loadFleet(fleetYaml);
  return {
    name: 'blog',
    site: fleet.sites['blog']!,
    fleet,
    facts: { source: siteFacts({ url: 'http://blog.test' }), target: targetFacts() },
    hosts: {},
    collationMap: {},
    probeErrors: {},
    dbBytes: 1_000_000,
    fileBytes: 500_000,
    ...overrides,
  };
}

/** The fleet above with extra YAML appended (policies, a phar). */
export function fleetWith(extra: string): string {
  return `${FLEET}${extra}`;
}
