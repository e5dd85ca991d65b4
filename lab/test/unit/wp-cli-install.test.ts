// Which `wp` a lab Host gets: the stand-in by default, a real WP-CLI when WPFLEET_LAB_WP_CLI names one.
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installWpCli, wpCliWrapper } from '../../src/host/wp-cli-install.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'wpflab-wp-'));

describe('lab wp on a Host', () => {
  it('runs the stand-in under php when no real WP-CLI is given', () => {
    expect(wpCliWrapper({})).toMatch(/^exec php '.*\/lab\/wp-cli-standin\/wp' "\$@"$/);
  });

  it('runs a given .phar under php and a given executable directly', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'wp-cli.phar'), '');
    writeFileSync(join(dir, 'wp'), '');
    expect(wpCliWrapper({ WPFLEET_LAB_WP_CLI: join(dir, 'wp-cli.phar') })).toBe(
      `exec php '${dir}/wp-cli.phar' "$@"`,
    );
    expect(wpCliWrapper({ WPFLEET_LAB_WP_CLI: join(dir, 'wp') })).toBe(`exec '${dir}/wp' "$@"`);
  });

  it('falls back to the stand-in when WPFLEET_LAB_WP_CLI names a missing file', () => {
    expect(wpCliWrapper({ WPFLEET_LAB_WP_CLI: '/nonexistent/wp' })).toContain('wp-cli-standin');
  });

  it('leaves a Host without wp when its topology says wpCli: false', () => {
    const bin = scratch();
    installWpCli(bin, true, {});
    expect(readFileSync(join(bin, 'wp'), 'utf8')).toMatch(/^#!\/bin\/sh\n/);
    installWpCli(bin, false, {});
    expect(existsSync(join(bin, 'wp'))).toBe(false);
  });
});
