// The run.json a test puts in a run directory `dir` holding fleet.yml and plan.json: what `migrate` would have
// written when it started the given sites of the plan with this hash.
import { join } from 'node:path';

export function runJson(dir: string, planHash: string, sites: string[]): string {
  return JSON.stringify({
    version: 1,
    fleet: join(dir, 'fleet.yml'),
    plan: join(dir, 'plan.json'),
    planHash,
    sites,
    options: {},
    startedAt: '2026-01-01T00:00:00Z',
  });
}
