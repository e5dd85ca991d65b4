// Puts a `wp` on a Host's PATH: the lab's stand-in, or a real WP-CLI named by WPFLEET_LAB_WP_CLI.
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { standinWp } from '../lab-paths.js';

/** What the wrapper executes: a `.phar` runs under php, anything else is exec'd directly. */
export function wpCliWrapper(env: NodeJS.ProcessEnv = process.env): string {
  const given = env['WPFLEET_LAB_WP_CLI'];
  if (given && existsSync(given)) {
    return given.endsWith('.phar') ? `exec php ${quote(given)} "$@"` : `exec ${quote(given)} "$@"`;
  }
  // The stand-in may not exist yet on a fresh branch; the wrapper points where it will be.
  return `exec php ${quote(standinWp)} "$@"`;
}

export function installWpCli(binDir: string, enabled: boolean, env: NodeJS.ProcessEnv = process.env): void {
  const target = join(binDir, 'wp');
  if (!enabled) {
    rmSync(target, { force: true });
    return;
  }
  writeFileSync(target, `#!/bin/sh\n# wp for this lab Host, written by \`lab up\`.\n${wpCliWrapper(env)}\n`);
  chmodSync(target, 0o755);
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
