import { describe, expect, it } from 'vitest';
import { multisite } from '../../../src/doctor/rules/multisite.js';
import { fleetWith, probeFacts, siteContext } from './rule-context.js';

describe('Doctor rule multisite', () => {
  it("fails on the source when the fleet's multisite is not what the probe found, and says nothing when the fleet is silent", async () => {
    expect(await multisite.check(siteContext())).toEqual([]);
    const fleet = fleetWith((t) =>
      t.replace('    target: { host: new-1', '    multisite: true\n    target: { host: new-1'),
    );
    expect(await multisite.check(siteContext(undefined, { fleet }))).toEqual([
      expect.objectContaining({
        severity: 'error',
        where: { host: 'old-1', site: 'acme', side: 'source' },
        message: 'the fleet file says multisite: true, but the source is not a multisite',
      }),
    ]);
    expect(
      await multisite.check(siteContext(undefined, { fleet, source: probeFacts({ multisite: true }) })),
    ).toEqual([]);
  });
});
