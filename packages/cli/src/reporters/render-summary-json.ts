// summary.json: the run's outcome for scripts that want more than the exit code but less than the event stream.
import type { FindingSeverity, RunEvent, RunSummary, StepKind } from '@wpfleet/core';
import { buildRunReportModel, orderedSteps, siteError, stepBytes } from './run-report-model.js';

export interface RunSummaryJson {
  runId: string | null;
  planHash: string | null;
  /** `incomplete` when the events end without a run-finished (a crashed run rebuilt from its Journal). */
  status: RunSummary['status'] | 'incomplete';
  startedAt: string | null;
  finishedAt: string | null;
  /** The Runner's own summary, when the run finished. */
  summary: RunSummary | null;
  sites: {
    site: string;
    wave: number;
    status: string;
    durationMs: number | null;
    failedStep: StepKind | null;
    error: { code: string; message: string; hint?: string } | null;
    findings: Record<FindingSeverity, number>;
    steps: Partial<
      Record<StepKind, { status: string; durationMs: number | null; attempts: number; bytes: number | null }>
    >;
  }[];
}

export function buildRunSummaryJson(events: readonly RunEvent[]): RunSummaryJson {
  const model = buildRunReportModel(events);
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    runId: model.runId ?? null,
    planHash: model.planHash ?? null,
    status: model.status === 'running' ? 'incomplete' : model.status,
    startedAt: iso(model.startedAt),
    finishedAt: iso(model.finishedAt),
    summary: model.summary ?? null,
    sites: model.sites.map((site) => {
      const error = siteError(site);
      const findings = { error: 0, warning: 0, info: 0 };
      for (const f of site.findings) findings[f.severity] += 1;
      return {
        site: site.site,
        wave: site.wave,
        status: site.status === 'pending' ? 'not-started' : site.status,
        durationMs: site.durationMs ?? null,
        failedStep: site.failedStep ?? error?.step ?? null,
        error: error
          ? { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) }
          : null,
        findings,
        steps: Object.fromEntries(
          orderedSteps(site).map((s) => [
            s.step,
            {
              status: s.state,
              durationMs: s.durationMs ?? null,
              attempts: s.attempts,
              bytes: stepBytes(s) ?? null,
            },
          ]),
        ),
      };
    }),
  };
}

export function renderSummaryJson(events: readonly RunEvent[]): string {
  return JSON.stringify(buildRunSummaryJson(events), null, 2) + '\n';
}
