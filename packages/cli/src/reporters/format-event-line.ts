// One RunEvent as one stable, greppable line (`[wave 1] acme-blog db ✔ 12.3 MiB in 4.1s`), shared by the plain
// reporter and the live view's --verbose log. The model must already include the event (for bytes and waves).
import type { ChalkInstance } from 'chalk';
import {
  asFinding,
  formatBytes,
  formatDuration,
  formatRate,
  type FindingSeverity,
  type RunEvent,
  type StepKind,
} from '@wpfleet/core';
import type { RunReportModel, StepModel } from './run-report-model.js';
import { sanitizeTerminalText as safe } from './sanitize-terminal-text.js';
import { plural } from './plural.js';

export const SEVERITY_MARK: Readonly<Record<FindingSeverity, string>> = {
  info: 'ℹ',
  warning: '⚠',
  error: '✖',
};

export function severityColor(c: ChalkInstance, severity: FindingSeverity): ChalkInstance {
  return severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.cyan;
}

/** `45.2 MiB / 120.0 MiB (38%) at 12.3 MiB/s, ETA 6.1s`, or whatever part of it is known. */
function formatStepProgress(step: StepModel): string {
  const parts: string[] = [];
  if (step.bytesDone !== undefined) {
    let bytes = formatBytes(step.bytesDone);
    if (step.bytesTotal !== undefined && step.bytesTotal > 0) {
      bytes += ` / ${formatBytes(step.bytesTotal)} (${Math.min(100, Math.floor((step.bytesDone / step.bytesTotal) * 100))}%)`;
    }
    parts.push(bytes);
  }
  if (step.itemsDone !== undefined) {
    parts.push(
      step.itemsTotal !== undefined
        ? `${step.itemsDone}/${step.itemsTotal} items`
        : `${step.itemsDone} items`,
    );
  }
  if (step.rate !== undefined && step.rate > 0) parts.push(`at ${formatRate(step.rate)}`);
  const eta = stepEtaMs(step);
  if (eta !== undefined) parts.push(`ETA ${formatDuration(eta)}`);
  if (step.message) parts.push(safe(step.message));
  return parts.join(', ');
}

export function stepEtaMs(step: StepModel): number | undefined {
  if (step.bytesDone === undefined || step.bytesTotal === undefined || !step.rate || step.rate <= 0)
    return undefined;
  const left = step.bytesTotal - step.bytesDone;
  return left > 0 ? (left / step.rate) * 1000 : undefined;
}

/** `sha256:9f2c1e7a4b3d` from a full plan hash: enough to tell plans apart in a log. */
function shortHash(hash: string): string {
  const colon = hash.indexOf(':');
  return colon === -1 ? hash.slice(0, 12) : hash.slice(0, colon + 13);
}

function prefix(model: RunReportModel, site?: string): string {
  const wave = site === undefined ? undefined : model.sites.find((s) => s.site === site)?.wave;
  return wave === undefined ? '[run]' : `[wave ${wave}]`;
}

function stepOf(model: RunReportModel, site: string, step: StepKind): StepModel | undefined {
  return model.sites.find((s) => s.site === site)?.steps[step];
}

/** Returns the lines for the event (usually one; a failure with a hint has two). */
export function formatEventLines(event: RunEvent, model: RunReportModel, c: ChalkInstance): string[] {
  switch (event.type) {
    case 'run-started': {
      const sites = event.waves.reduce((n, w) => n + w.sites.length, 0);
      return [
        `run ${safe(event.runId)} started: plan ${shortHash(event.planHash)}, ${plural(event.waves.length, 'wave')}, ${plural(sites, 'site')}${event.resumed ? ' (resumed from the journal)' : ''}`,
      ];
    }
    case 'wave-started':
      return [
        `[wave ${event.wave}] started: ${plural(event.sites.length, 'site')} (${event.sites.map(safe).join(', ')})`,
      ];
    case 'wave-finished': {
      const mark =
        event.status === 'passed' ? c.green('✔') : event.status === 'held' ? c.yellow('■') : c.red('✖');
      const gate = event.gateMessage ? `; gate: ${safe(event.gateMessage)}` : '';
      return [
        `[wave ${event.wave}] ${mark} ${event.status}: ${event.succeeded} succeeded, ${event.failed} failed in ${formatDuration(event.durationMs)}${gate}`,
      ];
    }
    case 'site-started': {
      const resumed = event.alreadyDone.length ? ` (already done: ${event.alreadyDone.join(', ')})` : '';
      return [`[wave ${event.wave}] ${safe(event.site)} started${resumed}`];
    }
    case 'site-finished': {
      const site = safe(event.site);
      const took = `in ${formatDuration(event.durationMs)}`;
      switch (event.status) {
        case 'succeeded':
          return [`[wave ${event.wave}] ${site} ${c.green('✔')} succeeded ${took}`];
        case 'failed':
          return [
            `[wave ${event.wave}] ${site} ${c.red('✖')} failed${event.failedStep ? ` at ${event.failedStep}` : ''} ${took}`,
          ];
        case 'aborted':
          return [`[wave ${event.wave}] ${site} ${c.yellow('■')} aborted ${took}`];
        case 'skipped':
          return [`[wave ${event.wave}] ${site} ${c.dim('–')} skipped`];
      }
      return [];
    }
    case 'step-started': {
      const notes = [
        event.attempt > 1 ? `attempt ${event.attempt}` : '',
        event.inDoubt ? 'in doubt: checking its effect first' : '',
      ].filter(Boolean);
      return [
        `${prefix(model, event.site)} ${safe(event.site)} ${event.step} started${notes.length ? ` (${notes.join('; ')})` : ''}`,
      ];
    }
    case 'step-progress': {
      const step = stepOf(model, event.site, event.step);
      return [
        `${prefix(model, event.site)} ${safe(event.site)} ${event.step} ${step ? formatStepProgress(step) : ''}`.trimEnd(),
      ];
    }
    case 'step-finished': {
      const step = stepOf(model, event.site, event.step);
      const bytes = step?.bytesDone !== undefined ? `${formatBytes(step.bytesDone)} ` : '';
      const mark = event.status === 'succeeded' ? c.green('✔') : c.dim('– skipped');
      return [
        `${prefix(model, event.site)} ${safe(event.site)} ${event.step} ${mark} ${bytes}in ${formatDuration(event.durationMs)}`,
      ];
    }
    case 'step-failed': {
      const retry = event.willRetry
        ? `; retrying${event.retryInMs !== undefined ? ` in ${formatDuration(event.retryInMs)}` : ''}`
        : '';
      const lines = [
        `${prefix(model, event.site)} ${safe(event.site)} ${event.step} ${event.willRetry ? c.yellow('↻') : c.red('✖')} ${event.code}: ${safe(event.message)} (attempt ${event.attempt}${retry})`,
      ];
      if (event.hint && !event.willRetry) lines.push(`  ${c.cyan('hint:')} ${safe(event.hint)}`);
      return lines;
    }
    case 'finding': {
      const { severity, code, message, where } = asFinding(event.finding);
      const table = where.table;
      const mark = severityColor(c, severity)(`${SEVERITY_MARK[severity]} ${severity}`);
      return [
        `${prefix(model, event.site)} ${safe(event.site)} ${event.step} ${mark} ${safe(code)}${table ? ` (${safe(table)})` : ''}: ${safe(message)}`,
      ];
    }
    case 'run-finished':
      return formatRunSummary(model, c);
  }
}

/** The closing block: one headline, then one line per site that did not succeed. */
export function formatRunSummary(model: RunReportModel, c: ChalkInstance): string[] {
  const s = model.summary;
  if (!s) return [`run ${safe(model.runId ?? '?')} did not finish`];
  const status =
    s.status === 'succeeded'
      ? c.green.bold('succeeded')
      : s.status === 'failed'
        ? c.red.bold('failed')
        : c.yellow.bold('aborted');
  const counts = [`${s.succeeded} succeeded`, `${s.failed} failed`];
  if (s.aborted) counts.push(`${s.aborted} aborted`);
  if (s.skipped) counts.push(`${s.skipped} skipped`);
  const lines = [
    `run ${safe(model.runId ?? '?')} ${status} in ${formatDuration(s.durationMs)}: ${counts.join(', ')}; ${plural(s.findings, 'finding')}`,
  ];
  for (const [name, site] of Object.entries(s.sites)) {
    if (site.status === 'succeeded') continue;
    const mark =
      site.status === 'failed' ? c.red('✖') : site.status === 'aborted' ? c.yellow('■') : c.dim('–');
    const where = site.failedStep ? ` at ${site.failedStep}` : '';
    const why = site.error ? `: ${site.error.code} ${safe(site.error.message)}` : '';
    lines.push(`  ${mark} [wave ${site.wave}] ${safe(name)} ${site.status}${where}${why}`);
  }
  return lines;
}
