import { describe, expect, it } from 'vitest';
import {
  compareEnvironments,
  compareParity,
  compareVersions,
  majorMinor,
  stackSimilarity,
  unknownCollations,
} from '@wpfleet/core';
import { siteFacts, targetFacts } from '../plan/site-facts-fixture.js';

describe('compareVersions', () => {
  it('orders versions numerically and ignores distribution suffixes', () => {
    expect(compareVersions('10.11.6-MariaDB-0+deb12u1', '10.6.0')).toBe(1);
    expect(compareVersions('8.2', '8.2.0')).toBe(0);
    expect(compareVersions('6.1.9', '6.10')).toBe(-1);
    expect(majorMinor('8.2.7')).toBe('8.2');
  });
});

describe('compareParity', () => {
  it('lists missing, extra and version-different plugins by name', () => {
    const parity = compareParity(
      [
        { name: 'akismet', version: '5.0', status: 'active' },
        { name: 'seo', version: '1', status: 'active' },
      ],
      [
        { name: 'akismet', version: '5.1', status: 'inactive' },
        { name: 'cache', version: '2', status: 'active' },
      ],
    );
    expect(parity.missing.map((p) => p.name)).toEqual(['seo']);
    expect(parity.extra.map((p) => p.name)).toEqual(['cache']);
    expect(parity.versionDiffers).toEqual([{ name: 'akismet', source: '5.0', target: '5.1' }]);
    expect(parity.statusDiffers).toEqual([{ name: 'akismet', source: 'active', target: 'inactive' }]);
  });

  it('measures plugin-stack similarity as Jaccard', () => {
    expect(stackSimilarity(['a', 'b'], ['b', 'c'])).toBeCloseTo(1 / 3);
    expect(stackSimilarity([], [])).toBe(1);
    expect(stackSimilarity(['a'], [])).toBe(0);
  });
});

describe('compareEnvironments', () => {
  it('finds nothing between identical environments', () => {
    expect(compareEnvironments(siteFacts(), targetFacts())).toEqual([]);
  });

  it('reports a MySQL 8 collation as a blocker on MariaDB, unless it is mapped', () => {
    const source = siteFacts();
    source.database.tables[0]!.collation = 'utf8mb4_0900_ai_ci';
    expect(unknownCollations(['utf8mb4_0900_ai_ci', 'utf8mb4_unicode_ci'], ['UTF8MB4_UNICODE_CI'])).toEqual([
      'utf8mb4_0900_ai_ci',
    ]);
    const drift = compareEnvironments(source, targetFacts());
    expect(drift.map((d) => [d.code, d.severity])).toEqual([['collation-unknown-to-target', 'error']]);
    expect(
      compareEnvironments(source, targetFacts(), {
        collationMap: { utf8mb4_0900_ai_ci: 'utf8mb4_unicode_ci' },
      }),
    ).toEqual([]);
  });

  it('warns when the DB engine differs and when the target WordPress is older', () => {
    const drift = compareEnvironments(
      siteFacts(),
      targetFacts({
        database: { flavour: 'mysql', version: '8.0.36', supportedCollations: ['utf8mb4_unicode_ci'] },
        wordpress: { version: '6.0.1', multisite: false, tablePrefix: 'wp_' },
      }),
    );
    expect(drift.map((d) => d.code)).toEqual(['db-engine-differs', 'wp-core-older-on-target']);
  });

  it('treats a missing uncommon extension as info, a missing common one as a warning', () => {
    const source = siteFacts();
    source.php.extensions.push('tidy');
    const drift = compareEnvironments(
      source,
      targetFacts({ php: { version: '8.3.1', extensions: ['mysqli', 'curl', 'xml'] } }),
    );
    expect(drift.map((d) => [d.code, d.source, d.severity])).toEqual([
      ['php-minor-differs', '8.2.7', 'info'],
      ['extension-missing', 'mbstring', 'warning'],
      ['extension-missing', 'tidy', 'info'],
    ]);
  });
});
