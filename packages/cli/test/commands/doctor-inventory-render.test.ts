// What a person reads from doctor and inventory: every check in a table, hints for the ones that are not ok,
// a site's probe error with its hint, and plugin differences between source and target in words.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  doctorCheck,
  siteInventory,
  type DoctorCheck,
  type Inventory,
  type SideInventory,
} from '@wpfleet/wp';
import { renderDoctor } from '../../src/commands/doctor.js';
import { renderInventory } from '../../src/commands/inventory.js';

const io = {
  stdout: new PassThrough(),
  stderr: new PassThrough(),
  stdin: new PassThrough(),
  isTTY: false,
  color: false,
};

describe('doctor output', () => {
  const checks: DoctorCheck[] = [
    doctorCheck('ssh', { host: 'old-1' }, 'ok', 'connected to deploy@old-1'),
    doctorCheck('rrsync', { host: 'old-1' }, 'warn', 'rrsync is not on PATH', 'install rsync 3.2+'),
    doctorCheck(
      'db-grants',
      { host: 'new-1', site: 'acme', side: 'target' },
      'fail',
      'the target DB user lacks DROP on acme',
      'GRANT DROP ON `acme`.* TO the user',
    ),
  ];

  it('lists every check with its status and says what to do for the others', () => {
    const out = renderDoctor(checks, { io, options: {} });
    expect(out).toMatch(/^HOST\s+SITE\s+CHECK\s+STATUS\s+RESULT$/m);
    expect(out).toMatch(
      /^new-1\s+acme \(target\)\s+db-grants\s+FAIL\s+the target DB user lacks DROP on acme$/m,
    );
    expect(out).toContain('What to do:\n');
    expect(out).toContain('FAIL acme target on new-1 db-grants: GRANT DROP ON `acme`.* TO the user');
    expect(out).toContain('warn old-1 rrsync: install rsync 3.2+');
    expect(out).toContain('1 ok, 1 warning, 1 failed');
  });

  it('leaves passed checks out with --quiet', () => {
    const out = renderDoctor(checks, { io, options: { quiet: true } });
    expect(out).not.toContain('connected to deploy@old-1');
    expect(out).toContain('lacks DROP');
  });
});

function side(host: string, plugins: Array<[string, string, 'active' | 'inactive']>): SideInventory {
  return {
    host,
    path: '/srv/www/acme',
    url: 'https://acme.test',
    durationMs: 900,
    facts: {
      probeVersion: 1,
      wordpress: {
        version: '6.1.9',
        dbVersion: 53496,
        siteurl: 'https://acme.test',
        home: 'https://acme.test',
        multisite: false,
        subdomainInstall: false,
        locale: 'en_US',
        abspath: '/srv/www/acme/',
        contentDir: '/srv/www/acme/wp-content',
        tablePrefix: 'wp_',
      },
      php: {
        version: host === 'old-1' ? '7.4.33' : '8.2.7',
        sapi: 'cli',
        extensions: ['mysqli', 'imagick'],
        memoryLimit: '256M',
      },
      database: {
        flavour: 'mariadb',
        version: '10.11.6',
        versionString: '10.11.6-MariaDB',
        name: 'acme',
        charset: 'utf8mb4',
        collation: 'utf8mb4_unicode_ci',
        wpCharset: 'utf8mb4',
        wpCollate: '',
        tables: [
          { name: 'wp_posts', engine: 'InnoDB', collation: 'utf8mb4_unicode_ci', rows: 1234, bytes: 65536 },
        ],
        collations: ['utf8mb4_unicode_ci'],
        supportedCollations: ['utf8mb4_unicode_ci'],
      },
      sites: [],
      plugins: plugins.map(([name, version, status]) => ({
        name,
        version,
        status,
        file: `${name}/${name}.php`,
        title: name,
      })),
      muPlugins: [],
      dropins: [],
      themes: [],
      uploads: { dir: '/srv/www/acme/wp-content/uploads', files: 10, bytes: 2048 },
      cron: { events: 3, overdue: 0, disabled: false },
      disk: { freeBytes: 10_000_000_000, path: '/srv/www/acme' },
      objectCache: { external: false },
      probeMs: 120,
    },
  };
}

describe('inventory output', () => {
  it('shows facts per side, the drift, plugin differences and a failed side with its hint', () => {
    const source = side('old-1', [
      ['woocommerce', '8.1.0', 'active'],
      ['akismet', '5.0', 'active'],
    ]);
    const target = side('new-1', [
      ['woocommerce', '8.3.1', 'active'],
      ['akismet', '5.0', 'inactive'],
      ['hello', '1.7', 'inactive'],
    ]);
    const broken: SideInventory = {
      host: 'new-2',
      path: '/srv/www/shop',
      url: 'https://shop.test',
      durationMs: 50,
      error: {
        code: 'WPF_HOST_KEY_UNKNOWN',
        message: 'The host key of 10.0.0.2:22 is not in known_hosts',
        hint: 'ssh-keyscan -p 22 10.0.0.2 >> ~/.ssh/known_hosts',
      },
    };
    const inventory: Inventory = {
      formatVersion: 1,
      fleetHash: 'x',
      collectedAt: '2026-01-01T00:00:00.000Z',
      wallMs: 1000,
      sites: { acme: siteInventory('acme', source, target), shop: siteInventory('shop', source, broken) },
    };
    const out = renderInventory(inventory, { io });
    expect(out).toMatch(
      /^acme\s+source\s+old-1\s+6\.1\.9\s+7\.4\.33\s+mariadb 10\.11\.6\s+1\s+1234\s+64\.0 KiB/m,
    );
    expect(out).toMatch(/^shop\s+target\s+new-2\s+-.*error: WPF_HOST_KEY_UNKNOWN$/m);
    expect(out).toContain('warning PHP 7.4 on the source, 8.2 on the target (another major version)');
    expect(out).toContain('plugin woocommerce: 8.1.0 on the source, 8.3.1 on the target');
    expect(out).toContain('plugin akismet: active on the source, inactive on the target');
    expect(out).toContain('plugin hello 1.7 is only on the target');
    expect(out).toContain(
      'error target on new-2: The host key of 10.0.0.2:22 is not in known_hosts\n    hint: ssh-keyscan -p 22 10.0.0.2 >> ~/.ssh/known_hosts',
    );
    expect(inventory.sites['shop']!.parity).toBeNull();
  });
});
