// Plain SiteFacts for tests: a small WordPress 6.1 site on PHP 8.2 / MariaDB 10.11, overridable per field.
import type { SiteFacts, TargetFacts } from '@wpfleet/core';

export function siteFacts(
  overrides: Partial<SiteFacts> & { url?: string; bytes?: number; plugins?: string[] } = {},
): SiteFacts {
  const url = overrides.url ?? 'http://example.test';
  const { bytes = 1_000_000, plugins = ['akismet', 'hello-dolly'] } = overrides;
  return {
    wordpress: { version: '6.1.9', siteurl: url, home: url, multisite: false, tablePrefix: 'wp_' },
    php: { version: '8.2.7', extensions: ['mysqli', 'mbstring', 'curl', 'xml'] },
    database: {
      flavour: 'mariadb',
      version: '10.11.6-MariaDB-0+deb12u1',
      charset: 'utf8mb4',
      collation: 'utf8mb4_unicode_ci',
      tables: [
        {
          name: 'wp_posts',
          engine: 'InnoDB',
          collation: 'utf8mb4_unicode_ci',
          rows: 100,
          bytes: Math.round(bytes * 0.6),
        },
        {
          name: 'wp_options',
          engine: 'InnoDB',
          collation: 'utf8mb4_unicode_ci',
          rows: 150,
          bytes: Math.round(bytes * 0.4),
        },
      ],
      collations: ['utf8mb4_unicode_ci'],
      supportedCollations: ['utf8mb4_unicode_ci', 'utf8mb4_general_ci'],
    },
    sites: [{ blogId: 1, url }],
    plugins: plugins.map((name) => ({ name, version: '1.0', status: 'active' })),
    themes: [{ name: 'twentytwentythree', version: '1.0', status: 'active' }],
    muPlugins: [],
    dropins: [],
    uploads: { files: 10, bytes: 500_000 },
    disk: { freeBytes: 10_000_000_000 },
    ...overrides,
  };
}

export function targetFacts(overrides: Partial<TargetFacts> = {}): TargetFacts {
  return {
    wordpress: { version: '6.1.9', multisite: false, tablePrefix: 'wp_' },
    php: { version: '8.2.7', extensions: ['mysqli', 'mbstring', 'curl', 'xml'] },
    database: {
      flavour: 'mariadb',
      version: '10.11.6-MariaDB',
      supportedCollations: ['utf8mb4_unicode_ci', 'utf8mb4_general_ci'],
    },
    disk: { freeBytes: 10_000_000_000 },
    ...overrides,
  };
}
