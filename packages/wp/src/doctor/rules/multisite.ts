// The fleet's `multisite`, when it says one, matches what the source's probe found.
import { doctorCheck } from '../doctor-check.js';
import type { SiteRule } from './doctor-rule.js';

export const multisite: SiteRule = {
  name: 'multisite',
  async check({ fleet, site, source }) {
    const expected = fleet.sites[site]!.multisite;
    if (!source || expected === undefined || expected === source.wordpress.multisite) return [];
    return [
      doctorCheck(
        'multisite',
        { host: fleet.sites[site]!.source.host, site, side: 'source' },
        'fail',
        `the fleet file says multisite: ${expected}, but the source ${source.wordpress.multisite ? 'is' : 'is not'} a multisite`,
        `fix \`sites.${site}.multisite\` (or remove it to accept what the probe finds)`,
      ),
    ];
  },
};
