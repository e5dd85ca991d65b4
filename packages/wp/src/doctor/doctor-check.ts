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
}

/** The worst status of a set of checks (`ok` for none). */
export function worstStatus(checks: readonly DoctorCheck[]): DoctorStatus {
  if (checks.some((c) => c.status === 'fail')) return 'fail';
  if (checks.some((c) => c.status === 'warn')) return 'warn';
  return 'ok';
}
