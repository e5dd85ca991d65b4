// Puts one WordPress install on a lab Host: a copy of Debian's WordPress 6.1.9, a normal wp-config.php,
// its own database, `wp_install()` through fixtures/lab/install.php, and (for sources) the seeded content.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../lab-paths.js';
import type { LabDb } from '../lab-state.js';
import { sqlAsRoot } from '../host/mariadb.js';
import { run } from '../host/run.js';
import type { SeedPlan } from '../seed/seed-plan.js';

const WORDPRESS_SOURCE = '/usr/share/wordpress/';

export interface SiteInstall {
  name: string;
  hostName: string;
  hostUser: string;
  path: string;
  url: string;
  domain: string;
  prefix: string;
  multisite: boolean;
  db: LabDb;
  dbSocket: string;
  /** Where spec/plan JSON files go. */
  workDir: string;
  plan?: SeedPlan;
}

function wpConfig(s: SiteInstall, withMultisite: boolean): string {
  const salt = () => randomBytes(24).toString('base64');
  const keys = [
    'AUTH_KEY',
    'SECURE_AUTH_KEY',
    'LOGGED_IN_KEY',
    'NONCE_KEY',
    'AUTH_SALT',
    'SECURE_AUTH_SALT',
    'LOGGED_IN_SALT',
    'NONCE_SALT',
  ];
  const php = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return [
    '<?php',
    `// wp-config.php for lab Site ${s.name} on Host ${s.hostName}, written by \`lab up\`.`,
    `define('DB_NAME', ${php(s.db.name)});`,
    `define('DB_USER', ${php(s.db.user)});`,
    `define('DB_PASSWORD', ${php(s.db.password)});`,
    `define('DB_HOST', ${php(`${s.db.host}:${s.db.port}`)});`,
    `define('DB_CHARSET', 'utf8mb4');`,
    `define('DB_COLLATE', '');`,
    ...keys.map((k) => `define('${k}', ${php(salt())});`),
    `$table_prefix = ${php(s.prefix)};`,
    `define('WP_DEBUG', false);`,
    `define('FS_METHOD', 'direct');`,
    `define('DISABLE_WP_CRON', true);`,
    `define('WP_AUTO_UPDATE_CORE', false);`,
    ...(withMultisite
      ? [
          `define('WP_ALLOW_MULTISITE', true);`,
          `define('MULTISITE', true);`,
          `define('SUBDOMAIN_INSTALL', false);`,
          `define('DOMAIN_CURRENT_SITE', ${php(s.domain)});`,
          `define('PATH_CURRENT_SITE', '/');`,
          `define('SITE_ID_CURRENT_SITE', 1);`,
          `define('BLOG_ID_CURRENT_SITE', 1);`,
        ]
      : []),
    `if (!defined('ABSPATH')) {`,
    `    define('ABSPATH', __DIR__ . '/');`,
    `}`,
    `require_once ABSPATH . 'wp-settings.php';`,
    '',
  ].join('\n');
}

/** The site's database and its user; `grants` are the target-style rights a migration needs. */
async function createDatabase(s: SiteInstall): Promise<void> {
  const id = (v: string) => `\`${v.replace(/`/g, '``')}\``;
  const str = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  await sqlAsRoot(
    s.dbSocket,
    [
      `CREATE DATABASE IF NOT EXISTS ${id(s.db.name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
      `CREATE USER IF NOT EXISTS ${str(s.db.user)}@'%' IDENTIFIED BY ${str(s.db.password)};`,
      `GRANT ALL PRIVILEGES ON ${id(s.db.name)}.* TO ${str(s.db.user)}@'%';`,
      '',
    ].join('\n'),
  );
}

export async function installSite(s: SiteInstall): Promise<void> {
  mkdirSync(s.path, { recursive: true });
  // -L: Debian's tree symlinks a few files into /usr/share; a Site must be a self-contained copy.
  await run('rsync', [
    '-rL',
    '--exclude=/wp-config.php',
    '--exclude=/wp-content/languages/',
    WORDPRESS_SOURCE,
    `${s.path}/`,
  ]);
  for (const kind of ['plugins', 'themes']) {
    cpSync(join(fixturesDir, kind), join(s.path, 'wp-content', kind), { recursive: true });
  }
  mkdirSync(join(s.path, 'wp-content', 'uploads'), { recursive: true });
  writeFileSync(join(s.path, 'wp-config.php'), wpConfig(s, false));
  await createDatabase(s);

  const spec = join(s.workDir, `${s.hostName}-${s.name}-install.json`);
  writeFileSync(
    spec,
    JSON.stringify({
      path: s.path,
      url: s.url,
      domain: s.domain,
      title: `${s.name} ${s.plan ? '(source)' : '(target)'}`,
      adminUser: 'admin',
      adminEmail: `admin@${s.domain}`,
      adminPassword: randomBytes(12).toString('hex'),
      multisite: s.multisite,
    }),
  );
  await run('php', [join(fixturesDir, 'install.php'), spec]);
  if (s.multisite) writeFileSync(join(s.path, 'wp-config.php'), wpConfig(s, true));
  // An empty target is booted once, like a site that has had visitors: its first-boot writes happen now.
  if (!s.plan) await run('php', [join(fixturesDir, 'boot.php'), s.path, s.domain]);
  if (s.plan) {
    const planFile = join(s.workDir, `${s.hostName}-${s.name}-plan.json`);
    writeFileSync(planFile, JSON.stringify(s.plan));
    await run('php', [join(fixturesDir, 'seed.php'), s.path, planFile, s.domain]);
  }
  await run('chown', ['-R', `${s.hostUser}:${s.hostUser}`, s.path]);
}
