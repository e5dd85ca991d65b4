// The error for a WP-CLI command that failed: the WP-CLI message itself, where (site, host) and a hint for
// the failures operators meet most (wrong path, not WordPress, DB credentials, root refusal).
import { WpfleetError } from '@wpfleet/core';
import type { ShellResult } from '../transport/transport.js';
import { parseWpCliStderr } from './parse-wp-cli-stderr.js';

function hintFor(message: string): string | undefined {
  if (/does not seem to be a WordPress installation/i.test(message)) {
    return 'Check the site `path` in the fleet file: it must be the directory that holds wp-config.php (or wp-settings.php).';
  }
  if (/Error establishing a database connection|Access denied for user/i.test(message)) {
    return "Check DB_HOST, DB_USER and DB_PASSWORD in the site's wp-config.php, and that the database server is up and reachable from the host.";
  }
  if (/as the root user|--allow-root/i.test(message)) {
    return 'WP-CLI refuses to run as root. wpfleet adds --allow-root when the SSH user is root; connect as the site owner instead if you can.';
  }
  if (/is not a registered wp command/i.test(message)) {
    return 'The WP-CLI on this host lacks this command: update WP-CLI, or give wpfleet a WP-CLI phar to upload.';
  }
  return undefined;
}

export class WpCliError extends WpfleetError {
  readonly exitCode: number | null;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly command: string;

  constructor(result: ShellResult, subcommand: string, where: { host: string; site: string }) {
    const messages = parseWpCliStderr(result.stderr);
    const first = messages.errors[0] ?? messages.other.join('\n').trim();
    const detail =
      first ||
      (result.timedOut ? 'timed out' : result.isCanceled ? 'canceled' : `exit code ${result.exitCode}`);
    super('WPF_WP_CLI', `wp ${subcommand} failed for site ${where.site} on host ${where.host}: ${detail}`, {
      kind: 'environment',
      where,
      hint: hintFor(`${result.stderr}\n${result.stdout}`),
    });
    this.name = 'WpCliError';
    this.exitCode = result.exitCode;
    this.errors = messages.errors;
    this.warnings = messages.warnings;
    this.command = result.command;
  }
}
