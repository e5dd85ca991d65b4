// One Doctor finding: a read-only check of a Host or a Site, with what to do when it is not ok.

export type DoctorStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  /** Stable machine name: `ssh`, `wp-cli`, `php`, `db-dump`, `db-client`, `rsync`, `rrsync`, `site-path`, ... */
  id: string;
  host: string;
  site?: string;
  /** `source` or `target` for site checks. */
  side?: 'source' | 'target';
  status: DoctorStatus;
  message: string;
  /** What to do next; empty when the check passed. */
  hint: string;
  /** A safe fix `wpfleet doctor --fix` can apply after showing it and asking. */
  fix?: DoctorFix;
}

/**
 * The fixes the Doctor may apply, each shown in full before it asks: grants for the target DB user (run by a DB
 * admin whose password comes from the environment), and a WP-CLI phar uploaded to the host.
 */
export type DoctorFix =
  | {
      kind: 'db-grants';
      host: string;
      site: string;
      database: string;
      account: string;
      privileges: string[];
      sql: string;
      /** The target's DB_HOST from its wp-config.php (`host`, `host:port` or `host:/socket`). */
      dbHost: string;
    }
  | { kind: 'wp-cli-phar'; host: string; destination: string };

/** The worst status of a set of checks (`ok` for none). */
export function worstStatus(checks: readonly DoctorCheck[]): DoctorStatus {
  if (checks.some((c) => c.status === 'fail')) return 'fail';
  if (checks.some((c) => c.status === 'warn')) return 'warn';
  return 'ok';
}
