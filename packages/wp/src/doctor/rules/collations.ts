// The target DB knows every collation the source uses, or the dump maps it (`--map-collation`). Table defaults
// count too: a table created with a collation no column uses still fails to import.
import { unknownCollations } from '@wpfleet/core';
import { doctorCheck } from '../doctor-check.js';
import type { SiteRule } from './doctor-rule.js';

export const collations: SiteRule = {
  name: 'collations',
  async check({ site, targetHost, source, target, targetCli, collationMap }) {
    if (!source || !target || !targetCli) return [];
    const where = { host: targetHost, site, side: 'target' as const };
    const used = [
      ...new Set(
        [...source.database.collations, ...source.database.tables.map((t) => t.collation)].filter(
          (c) => c !== '',
        ),
      ),
    ].sort();
    const unknown = unknownCollations(used, target.database.supportedCollations, collationMap);
    const mapped = used.filter((c) => collationMap[c] !== undefined).map((c) => `${c} → ${collationMap[c]}`);
    if (unknown.length === 0) {
      return [
        doctorCheck(
          'collations',
          where,
          'ok',
          `the target DB knows every collation the source uses (${used.join(', ')})${mapped.length ? `; the dump maps ${mapped.join(', ')}` : ''}`,
        ),
      ];
    }
    return [
      doctorCheck(
        'collations',
        where,
        'fail',
        `the target ${target.database.flavour} ${target.database.version} does not know ${unknown.join(', ')}, used on the source`,
        `map each to one the target knows, e.g. \`--map-collation ${unknown[0]}=utf8mb4_unicode_ci\` (the dump is rewritten on the fly; nothing on the target changes until then)`,
      ),
    ];
  },
};
