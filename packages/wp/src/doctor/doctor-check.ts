// One Doctor finding: a read-only check of a Host or a Site, as a core Finding whose `code` names the check
// (`ssh`, `disk-free`, ...) and whose `where` holds the host, and the site and side for site checks.
import { worstSeverity, type Finding, type FindingSeverity } from '@wpfleet/core';

/** How the Doctor words a severity: a passed check is `info`, shown `ok`; `warning` is `warn`; `error` is `fail`. */
export type DoctorStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck extends Finding {
  /** Stable machine name: `ssh`, `wp-cli`, `php`, `db-dump`, `db-client`, `rsync`, `rrsync`, `site-path`, ... */
  code: string;
  where: { host: string; site?: string; side?: 'source' | 'target' };
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

const STATUS: Record<FindingSeverity, DoctorStatus> = { info: 'ok', warning: 'warn', error: 'fail' };
const SEVERITY: Record<DoctorStatus, FindingSeverity> = { ok: 'info', warn: 'warning', fail: 'error' };

export function doctorStatus(severity: FindingSeverity): DoctorStatus {
  return STATUS[severity];
}

/** The worst status of a set of checks (`ok` for none). */
export function worstStatus(checks: readonly Pick<DoctorCheck, 'severity'>[]): DoctorStatus {
  return STATUS[worstSeverity(checks)];
}

/** A check of `where` with the Doctor's words for its status; an empty hint is left out. */
export function doctorCheck(
  code: string,
  where: DoctorCheck['where'],
  status: DoctorStatus,
  message: string,
  hint = '',
): DoctorCheck {
  return { code, severity: SEVERITY[status], message, ...(hint ? { hint } : {}), where };
}
