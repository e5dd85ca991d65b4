// JUnit XML for CI pipelines: one testsuite per Wave, one testcase per Site (classname = wave, name = site).
// A failed site carries a <failure> with its error code and message, an aborted one an <error>, a site that never
// ran (held wave, skipped) a <skipped>; findings go to <system-out>. Rendered from RunEvents, like the HTML report.
import type { RunEvent } from '@wpfleet/core';
import { escapeXml as x } from './escape-xml.js';
import {
  buildRunReportModel,
  orderedSteps,
  siteError,
  sitesOfWave,
  type SiteModel,
  type WaveModel,
} from './run-report-model.js';

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

function testcase(site: SiteModel, wave: WaveModel): string {
  const open = `    <testcase classname="wave ${x(wave.wave)}" name="${x(site.site)}" time="${seconds(site.durationMs)}">`;
  const body: string[] = [];
  if (site.status === 'failed') {
    const error = siteError(site);
    const code = error?.code ?? 'WPF_FAILED';
    const step = error?.step ?? site.failedStep ?? 'unknown step';
    const message = `${step}: ${error?.message ?? 'failed'}`;
    const text = [`${code}: ${message}`, ...(error?.hint ? [`hint: ${error.hint}`] : [])].join('\n');
    body.push(`      <failure type="${x(code)}" message="${x(message)}">${x(text)}</failure>`);
  } else if (site.status === 'aborted') {
    body.push(
      `      <error type="WPF_ABORTED" message="the run was interrupted before this site finished; resume continues it"/>`,
    );
  } else if (site.status === 'skipped' || site.status === 'pending' || site.status === 'running') {
    const why =
      wave.gateMessage ??
      (site.status === 'running'
        ? 'the run ended before this site finished'
        : site.status === 'skipped'
          ? 'skipped by the runner'
          : 'not started');
    body.push(`      <skipped message="${x(why)}"/>`);
  }
  const out: string[] = [];
  const steps = orderedSteps(site).map(
    (s) =>
      `step ${s.step}: ${s.state}${s.durationMs !== undefined ? ` in ${seconds(s.durationMs)}s` : ''}${s.attempts > 1 ? ` (${s.attempts} attempts)` : ''}`,
  );
  if (steps.length) out.push(...steps);
  for (const f of site.findings) {
    out.push(
      `${f.severity} ${f.code}${f.where.step ? ` [${f.where.step}]` : ''}${f.where.table ? ` (${f.where.table})` : ''}: ${f.message}`,
    );
  }
  if (out.length) body.push(`      <system-out>${x(out.join('\n'))}</system-out>`);
  return body.length ? `${open}\n${body.join('\n')}\n    </testcase>` : `${open}</testcase>`;
}

export function renderJunitReport(events: readonly RunEvent[]): string {
  const model = buildRunReportModel(events);
  const suites = model.waves.map((wave) => {
    const sites = sitesOfWave(model, wave.wave);
    const failures = sites.filter((s) => s.status === 'failed').length;
    const errors = sites.filter((s) => s.status === 'aborted').length;
    const skipped = sites.filter(
      (s) => s.status === 'skipped' || s.status === 'pending' || s.status === 'running',
    ).length;
    const timestamp =
      wave.startedAt !== undefined
        ? ` timestamp="${new Date(wave.startedAt).toISOString().replace(/\.\d+Z$/, '')}"`
        : '';
    return [
      `  <testsuite name="wave ${x(wave.wave)}" tests="${sites.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(wave.durationMs)}"${timestamp}>`,
      ...sites.map((site) => testcase(site, wave)),
      '  </testsuite>',
    ].join('\n');
  });
  const count = (pred: (s: SiteModel) => boolean) => model.sites.filter(pred).length;
  const duration =
    model.summary?.durationMs ??
    (model.startedAt !== undefined && model.lastEventAt !== undefined
      ? model.lastEventAt - model.startedAt
      : 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(`wpfleet run ${model.runId ?? 'unknown'}`)}" tests="${model.sites.length}" failures="${count((s) => s.status === 'failed')}" errors="${count((s) => s.status === 'aborted')}" skipped="${count((s) => s.status === 'skipped' || s.status === 'pending' || s.status === 'running')}" time="${seconds(duration)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
