// Applies one of the Doctor's safe fixes on its host. The DB admin password reaches the `mariadb` client through
// an option file in a private directory (mode 0700/0600), removed afterwards; never argv, never a log line.
import { createReadStream } from 'node:fs';
import { WpfleetError, redactSecrets } from '@wpfleet/core';
import type { Transport } from '../transport/transport.js';
import type { DoctorFix } from './doctor-check.js';
import { shScript } from '../transport/sh-script.js';

export interface ApplyDoctorFixOptions {
  transport: Transport;
  /** For `db-grants`: an account allowed to GRANT (default user `root`); the password comes from the caller's environment. */
  dbAdmin?: { user: string; password?: string };
  /** For `wp-cli-phar`: the WP-CLI phar on this machine. */
  pharPath?: string;
  signal?: AbortSignal;
}

/**
 * A double-quoted option-file value. A raw newline would end the line and make the rest of a password an option of
 * its own, which the client then names in its error ("unknown option '--rest'"): it is written as `\n`, an escape
 * option files know, like `\r`, `\\` and `\"`.
 */
export function optionValue(value: string): string {
  const escaped = value.replace(
    /[\\"\n\r]/g,
    (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r' })[c]!,
  );
  return `"${escaped}"`;
}

/** `[client]` lines for a WordPress DB_HOST: `host`, `host:port` or `host:/path/to/socket`. */
function clientConnectionLines(dbHost: string): string[] {
  const colon = dbHost.lastIndexOf(':');
  const host = colon > 0 && !dbHost.startsWith('[') ? dbHost.slice(0, colon) : dbHost;
  const rest = colon > 0 ? dbHost.slice(colon + 1) : '';
  const lines = [`host=${optionValue(host || 'localhost')}`];
  if (/^\d+$/.test(rest)) lines.push(`port=${rest}`);
  else if (rest.startsWith('/')) lines.push(`socket=${optionValue(rest)}`);
  return lines;
}

export async function applyDoctorFix(fix: DoctorFix, options: ApplyDoctorFixOptions): Promise<string> {
  const { transport } = options;
  const where = {
    host: fix.host,
    ...(fix.kind === 'db-grants' ? { site: fix.site } : {}),
    step: 'doctor-fix',
  };
  if (fix.kind === 'db-grants') {
    const admin = options.dbAdmin ?? { user: 'root' };
    const dir = await transport.makePrivateDir('wpfleet-fix');
    try {
      const cnf = [
        '[client]',
        `user=${optionValue(admin.user)}`,
        ...(admin.password !== undefined ? [`password=${optionValue(admin.password)}`] : []),
        ...clientConnectionLines(fix.dbHost),
      ];
      await transport.putFile(`${dir}/admin.cnf`, cnf.join('\n') + '\n', { mode: 0o600 });
      const secrets = admin.password ? [admin.password] : [];
      const result = await transport.exec(['mariadb', `--defaults-extra-file=${dir}/admin.cnf`, '--batch'], {
        stdin: fix.sql,
        secrets,
        reject: false,
        where,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (result.failed) {
        // The transport redacts stderr; redacting here too keeps the message safe whatever transport ran it.
        const reason = redactSecrets(result.stderr.trim(), secrets) || `exit code ${result.exitCode}`;
        throw new WpfleetError(
          'WPF_DOCTOR_FIX',
          `granting ${fix.privileges.join(', ')} on ${fix.database} failed: ${reason}`,
          {
            kind: 'environment',
            where,
            hint: 'Run the SQL shown above yourself as a DB admin, or pass --db-admin-user and set WPFLEET_DB_ADMIN_PASSWORD for an account with GRANT OPTION.',
          },
        );
      }
      return `granted ${fix.privileges.join(', ')} on ${fix.database} to ${fix.account}`;
    } finally {
      await transport.removeFile(dir, { recursive: true });
    }
  }
  if (!options.pharPath) {
    throw new WpfleetError('WPF_DOCTOR_FIX', `no WP-CLI phar to upload to ${fix.host}`, {
      kind: 'user',
      where,
      hint: 'Pass --wp-cli-phar ./wp-cli.phar (downloaded from wp-cli.org and checked by you).',
    });
  }
  const home = (await transport.exec(shScript('printf %s "$HOME"'), { where })).stdout;
  const destination = `${home}/${fix.destination}`;
  await transport.exec(['mkdir', '-p', '--', destination.replace(/\/[^/]+$/, '')], { where });
  await transport.putFile(destination, createReadStream(options.pharPath), { mode: 0o755 });
  const check = await transport.exec(['php', destination, 'cli', 'version'], { reject: false, where });
  if (check.failed) {
    await transport.removeFile(destination);
    throw new WpfleetError(
      'WPF_DOCTOR_FIX',
      `the uploaded phar does not run on ${fix.host}: ${check.stderr.trim() || check.stdout.trim()}`,
      {
        kind: 'user',
        where,
        hint: 'Check that the file is a WP-CLI phar and that PHP runs on the host. It was removed again.',
      },
    );
  }
  return `uploaded ${check.stdout.trim()} to ${destination}; set \`hosts.${fix.host}.wpCli: ${destination}\` in the fleet file`;
}
