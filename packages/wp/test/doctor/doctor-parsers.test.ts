import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requiredTargetBytes } from '@wpfleet/core';
import { checkGrants, dfArgv, MIGRATION_PRIVILEGES, parseDfFreeBytes } from '@wpfleet/wp';

describe('target DB rights', () => {
  it('accepts ALL PRIVILEGES on the database', () => {
    const grants =
      "GRANT USAGE ON *.* TO `wpapp`@`%` IDENTIFIED BY PASSWORD '*ABC'\nGRANT ALL PRIVILEGES ON `site_db`.* TO `wpapp`@`%`\n";
    expect(checkGrants(grants, 'site_db').missing).toEqual([]);
  });

  it('names the privileges a swap needs that the user lacks', () => {
    const grants = 'GRANT SELECT, INSERT, UPDATE, DELETE ON `site_db`.* TO `wp`@`localhost`';
    expect(checkGrants(grants, 'site_db').missing).toEqual([
      'CREATE',
      'DROP',
      'ALTER',
      'INDEX',
      'LOCK TABLES',
    ]);
  });

  it('asks for TRIGGER and CREATE VIEW too when the source has triggers or views to load', () => {
    const grants =
      'GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, LOCK TABLES ON `site_db`.* TO `wp`@`localhost`';
    expect(checkGrants(grants, 'site_db').missing).toEqual([]);
    expect(
      checkGrants(grants, 'site_db', [...MIGRATION_PRIVILEGES, 'TRIGGER', 'CREATE VIEW']).missing,
    ).toEqual(['TRIGGER', 'CREATE VIEW']);
    expect(
      checkGrants('GRANT ALL PRIVILEGES ON `site_db`.* TO `wp`@`%`', 'site_db', [
        ...MIGRATION_PRIVILEGES,
        'TRIGGER',
      ]).missing,
    ).toEqual([]);
  });

  it('honours wildcard database patterns, and an escaped underscore as a literal', () => {
    expect(checkGrants('GRANT ALL PRIVILEGES ON `wp\\_%`.* TO `u`@`%`', 'wp_shop').missing).toEqual([]);
    expect(checkGrants('GRANT ALL PRIVILEGES ON `wp\\_%`.* TO `u`@`%`', 'wpxshop').missing).toHaveLength(9);
    expect(
      checkGrants('GRANT ALL ON *.* TO `root`@`localhost` WITH GRANT OPTION', 'anything').missing,
    ).toEqual([]);
  });

  it('ignores grants on single tables, which never cover new staging tables', () => {
    expect(
      checkGrants('GRANT ALL PRIVILEGES ON `site_db`.`wp_posts` TO `u`@`%`', 'site_db').missing,
    ).toHaveLength(9);
  });

  it('reads the tab-separated output of `wp db query "SHOW GRANTS"` with its header', () => {
    const tsv =
      'Grants for wpapp@%\nGRANT USAGE ON *.* TO `wpapp`@`%`\nGRANT ALL PRIVILEGES ON `db1`.* TO `wpapp`@`%`\n\n';
    expect(checkGrants(tsv, 'db1').missing).toEqual([]);
  });
});

describe('free disk', () => {
  it('reads the available bytes from a real `df -Pk`', () => {
    const [cmd, ...args] = dfArgv('/tmp');
    const free = parseDfFreeBytes(execFileSync(cmd!, args, { encoding: 'utf8' }));
    expect(free).toBeGreaterThan(0);
  });

  it('reads a filesystem name with spaces, and refuses garbage', () => {
    expect(
      parseDfFreeBytes(
        'Filesystem 1024-blocks Used Available Capacity Mounted on\nmy disk 100 40 60 40% /mnt\n',
      ),
    ).toBe(60 * 1024);
    expect(parseDfFreeBytes('df: /nope: No such file or directory\n')).toBeNull();
  });

  it('asks for room for staging tables beside the live ones plus the files, with a margin', () => {
    expect(requiredTargetBytes(1_000_000_000, 2_000_000_000)).toBeGreaterThan(3_500_000_000);
  });
});
