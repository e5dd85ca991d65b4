import { describe, expect, it } from 'vitest';
import { contentDirOf, targetWorkDirs } from '../../src/step-environment/site-sides.js';
import { likePrefix, sqlString } from '../../src/db/sql-string.js';

describe('where the target keeps staged files', () => {
  it('puts staging, backup and the temporary key next to the docroot, never inside it', () => {
    const dirs = targetWorkDirs({ name: 'blog', target: { path: '/var/www/blog/public/' } } as never);
    expect(dirs).toEqual({
      stagingDir: '/var/www/blog/.wpfleet/blog/staging',
      backupDir: '/var/www/blog/.wpfleet/blog/backup',
      keyDir: '/var/www/blog/.wpfleet/blog/key',
    });
    for (const dir of Object.values(dirs)) expect(dir.startsWith('/var/www/blog/public')).toBe(false);
  });
});

describe('SQL literals wpfleet writes itself', () => {
  it('escapes quotes and backslashes so a URL cannot end the literal', () => {
    expect(sqlString("https://x.test/it's\\")).toBe("'https://x.test/it''s\\\\'");
  });

  it('doubles a quote instead of escaping it, so no sql_mode (NO_BACKSLASH_ESCAPES) reads the literal as ended', () => {
    const literal = sqlString("x\\' OR 1=1 -- ");
    // Under NO_BACKSLASH_ESCAPES a backslash is an ordinary character: the quotes must still pair up.
    const body = literal.slice(1, -1);
    expect(body.replace(/''/g, '')).not.toContain("'");
  });

  it("makes a LIKE pattern in which a prefix's _ and % stand for themselves", () => {
    expect(likePrefix('wp_a%')).toBe("'wp\\\\_a\\\\%%'");
  });
});

describe("a side's wp-content directory", () => {
  it('is WP_CONTENT_DIR when wp-config.php defines it as an absolute path', () => {
    expect(contentDirOf('/srv/www/acme/web/wp', { WP_CONTENT_DIR: '/srv/www/acme/web/app' })).toBe(
      '/srv/www/acme/web/app',
    );
    expect(contentDirOf('/srv/www/acme', { WP_CONTENT_DIR: '/srv/www/acme/content/' })).toBe(
      '/srv/www/acme/content',
    );
  });

  it('is <path>/wp-content otherwise', () => {
    expect(contentDirOf('/srv/www/acme/', {})).toBe('/srv/www/acme/wp-content');
    expect(contentDirOf('/srv/www/acme', { WP_CONTENT_DIR: 'content' })).toBe('/srv/www/acme/wp-content');
    expect(contentDirOf('/srv/www/acme', { WP_CONTENT_DIR: 42 })).toBe('/srv/www/acme/wp-content');
  });
});
