// One Finding: anything wpfleet judges and reports without stopping — a plan blocker or warning, a Doctor check,
// drift between source and target, an HTTP check problem, or what a step noticed (a corrupt serialized value, a
// rewritten collation). It travels in plan.json, RunEvents and the Journal, so it holds plain JSON only.
import type { JsonValue } from '../plan/json-value.js';

/**
 * One scale for all of them (docs/decisions.md "One Finding"): `error` stops what it is about (a plan blocker, a
 * Doctor `fail`), `warning` lets it go on with a caveat (a plan warning, a Doctor `warn`), `info` says how things
 * are (a Doctor `ok`, drift that needs nothing).
 */
export type FindingSeverity = 'info' | 'warning' | 'error';

/** What a finding is about, as far as it is about one: a host, a site's side, a step, a table, a page. */
export interface FindingWhere {
  host?: string;
  site?: string;
  /** Side the finding is about, when it is about one. */
  side?: 'source' | 'target';
  step?: string;
  table?: string;
  /** The HTTP check's page name. */
  page?: string;
}

export interface Finding {
  /** Stable machine name, e.g. `serialized-corrupt`, `target-disk-low`, `db-grants`, or a `WPF_*` code. */
  code: string;
  severity: FindingSeverity;
  message: string;
  /** What to do about it. */
  hint?: string;
  where: FindingWhere;
  details?: JsonValue;
  /**
   * Paths (`message`, `details.columns[0]`) of values wpfleet replaced with a marker because they looked like a
   * private key or an access token. The finding is kept; the secret is not.
   */
  redacted?: string[];
}

const RANK: Record<FindingSeverity, number> = { info: 0, warning: 1, error: 2 };

/** The worst severity among the findings (`info` for none). */
export function worstSeverity(findings: readonly Pick<Finding, 'severity'>[]): FindingSeverity {
  return findings.reduce<FindingSeverity>(
    (worst, f) => (RANK[f.severity] > RANK[worst] ? f.severity : worst),
    'info',
  );
}

/** What a step handler reports: the runner fills in `where.site` and `where.step`. */
export type StepFinding = Omit<Finding, 'where'> & { where?: Omit<FindingWhere, 'site' | 'step'> };

/**
 * A finding as journals before "One Finding" hold it (`site`, `step`, `side`, `table` beside `code`), or as they
 * hold it now: the same finding with its `where`. Lets `status`, `resume` and the reports read older run dirs.
 */
export function asFinding(value: Finding | (Omit<Finding, 'where'> & FindingWhere)): Finding {
  if ('where' in value && typeof value.where === 'object' && value.where !== null) return value;
  const { site, step, side, table, host, page, ...rest } = value as Omit<Finding, 'where'> & FindingWhere;
  const where: FindingWhere = {
    ...(host === undefined ? {} : { host }),
    ...(site === undefined ? {} : { site }),
    ...(side === undefined ? {} : { side }),
    ...(step === undefined ? {} : { step }),
    ...(table === undefined ? {} : { table }),
    ...(page === undefined ? {} : { page }),
  };
  return { ...rest, where };
}
