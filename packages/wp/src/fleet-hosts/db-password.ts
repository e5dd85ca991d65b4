// Where a target DB password comes from: the controller's environment (`passwordEnv`) or the target's own
// wp-config.php (`passwordFrom: wp-config`), never the fleet file. The value is a secret: callers pass it to a
// Transport's `secrets` (redacted everywhere) and never log or journal it. WP-CLI reads wp-config itself, so
// only direct DB tools need it.
import { WpfleetError, type FleetDb } from '@wpfleet/core';
import type { WpCli } from '../wp-cli/wp-cli.js';

/** A secret string that prints as `[redacted]` in JSON, logs and util.inspect. */
export class DbPassword {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'DbPassword [redacted]';
  }
}

/** Without touching a host: is the password's source usable? (an unset `passwordEnv` is the usual mistake) */
export function dbPasswordProblem(
  db: FleetDb | undefined,
  env: Readonly<Record<string, string | undefined>>,
  site: string,
): string | undefined {
  if (db?.passwordEnv !== undefined && env[db.passwordEnv] === undefined) {
    return `sites.${site}.target.db.passwordEnv names ${db.passwordEnv}, which is not set in this environment`;
  }
  return undefined;
}

export async function resolveDbPassword(
  db: FleetDb | undefined,
  env: Readonly<Record<string, string | undefined>>,
  target: WpCli,
  site: string,
): Promise<DbPassword> {
  if (db?.passwordFrom === 'none') return new DbPassword('');
  if (db?.passwordEnv !== undefined) {
    const value = env[db.passwordEnv];
    if (value === undefined) {
      throw new WpfleetError('WPF_DB_PASSWORD_MISSING', dbPasswordProblem(db, env, site)!, {
        kind: 'user',
        where: { site },
        hint: `export ${db.passwordEnv}=... in the shell that runs wpfleet (or use \`passwordFrom: wp-config\`); the value never goes into the fleet file, argv or logs`,
      });
    }
    return new DbPassword(value);
  }
  // No db block, or `passwordFrom: wp-config`: the target's wp-config.php holds it.
  return new DbPassword((await target.configGet()).secrets.dbPassword);
}
