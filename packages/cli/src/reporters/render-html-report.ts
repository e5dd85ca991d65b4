// The single-file HTML report of a run, rendered from its RunEvents (live, or replayed from a Journal): inline CSS
// and inline SVG, no script and no external asset, so it opens anywhere, offline, and can be attached to a ticket.
// Every piece of text is escaped, and a Content-Security-Policy forbids scripts even if something slipped through.
import type { Finding, FindingSeverity, JsonValue, RunEvent } from '@wpfleet/core';
import { formatBytes, formatRate, formatDuration } from '@wpfleet/core';
import { INTEGRITY_MISMATCH, type Integrity } from '@wpfleet/wp';
import { escapeXml as x } from './escape-xml.js';
import {
  integrityDifferences,
  parseVerifyIntegrity,
  type ParsedIntegrity,
} from './parse-verify-integrity.js';
import { renderDataMovedSvg } from './render-data-moved-svg.js';
import { renderStepLegend, renderTimelineSvg } from './render-timeline-svg.js';
import {
  buildRunReportModel,
  orderedSteps,
  siteError,
  stepBytes,
  type RunReportModel,
  type SiteModel,
  type StepModel,
} from './run-report-model.js';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",sans-serif;color:#0f172a;background:#f1f5f9}
main{max-width:1120px;margin:0 auto;padding:24px}
header.run{background:#0f172a;color:#e2e8f0;padding:20px 24px;border-radius:10px;margin-bottom:20px}
header.run h1{margin:0 0 6px;font-size:22px;font-weight:600}
header.run dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0 16px;font-size:13px}
header.run dt{color:#94a3b8}header.run dd{margin:0;font-family:ui-monospace,"DejaVu Sans Mono",monospace;word-break:break-all}
.totals{display:flex;flex-wrap:wrap;gap:10px}
.total{background:#1e293b;border-radius:8px;padding:8px 14px;min-width:104px}
.total b{display:block;font-size:22px;font-weight:600;color:#fff}.total span{font-size:12px;color:#94a3b8}
.total.bad b{color:#f87171}.total.good b{color:#4ade80}.total.warn b{color:#fbbf24}
section{background:#fff;border-radius:10px;padding:16px 20px;margin-bottom:20px;box-shadow:0 1px 2px rgba(15,23,42,.06)}
h2{font-size:17px;margin:0 0 12px}h3{font-size:15px;margin:18px 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e2e8f0;vertical-align:top}
th{font-weight:600;color:#475569;background:#f8fafc;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.failed td{background:#fef2f2}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;overflow-wrap:break-word}
pre.mono{white-space:pre-wrap;word-break:break-all;background:#f8fafc;padding:8px;border-radius:6px}
table.site-steps{table-layout:fixed}
caption{text-align:left;font-weight:600;font-size:13px;color:#334155;padding:12px 0 4px}
table.site-steps col.c-step{width:104px}table.site-steps col.c-status{width:104px}table.site-steps col.c-n{width:86px}
.pill{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap}
.s-succeeded,.s-passed,.s-equal{background:#dcfce7;color:#166534}
.s-failed,.s-error,.s-differs{background:#fee2e2;color:#991b1b}
.s-aborted,.s-held,.s-warning,.s-retried{background:#fef3c7;color:#92400e}
.s-skipped,.s-pending,.s-running,.s-not-started,.s-info,.s-incomplete{background:#e2e8f0;color:#334155}
header.run .pill{font-size:13px;vertical-align:middle;margin-left:8px}
.steps{display:flex;gap:3px;flex-wrap:nowrap}
.chip{font-size:11px;padding:0 6px;border-radius:4px;white-space:nowrap}
.muted{color:#64748b}.err{color:#991b1b}.hint{color:#0e7490}
ul.differences{margin:6px 0 4px;padding-left:20px;color:#991b1b}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px;color:#475569;margin-top:6px}
.legend-item i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-2px}
svg{display:block;max-width:100%;height:auto;font-family:system-ui,"Liberation Sans",sans-serif}
article.site{border-top:1px solid #e2e8f0;padding-top:4px}
article.site:first-of-type{border-top:0}
footer{color:#64748b;font-size:12px;text-align:center;padding:8px 0 24px}
@media print{body{background:#fff}section{box-shadow:none;border:1px solid #e2e8f0}}
`;

const SEVERITIES: readonly FindingSeverity[] = ['error', 'warning', 'info'];
const SEVERITY_TITLES: Readonly<Record<FindingSeverity, string>> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Information',
};

function pill(status: string, label = status): string {
  return `<span class="pill s-${x(status.replace(/\s+/g, '-'))}">${x(label)}</span>`;
}

function time(ms: number | undefined): string {
  return ms === undefined
    ? ''
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');
}

function offset(model: RunReportModel, at: number | undefined): string {
  if (at === undefined || model.startedAt === undefined) return '';
  // Negative for steps done in an earlier run of a resumed plan.
  return at < model.startedAt
    ? `−${formatDuration(model.startedAt - at)}`
    : `+${formatDuration(at - model.startedAt)}`;
}

function json(value: JsonValue | unknown, max = 400): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '' : text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function shortDigest(digest: string | undefined): string {
  if (!digest) return '<span class="muted">–</span>';
  return `<code title="${x(digest)}">${x(digest.length > 16 ? `${digest.slice(0, 16)}…` : digest)}</code>`;
}

function runStatus(model: RunReportModel): string {
  return model.status === 'running' ? 'incomplete' : model.status;
}

function renderHeader(model: RunReportModel): string {
  const s = model.summary;
  const count = (status: string) => model.sites.filter((site) => site.status === status).length;
  const succeeded = s?.succeeded ?? count('succeeded');
  const failed = s?.failed ?? count('failed');
  const aborted = s?.aborted ?? count('aborted');
  const skipped = s?.skipped ?? count('skipped');
  const findings = s?.findings ?? model.findings.length;
  const bytes = model.sites.reduce(
    (n, site) => n + (stepBytes(site.steps.db) ?? 0) + (stepBytes(site.steps.files) ?? 0),
    0,
  );
  const end = model.finishedAt ?? model.lastEventAt;
  const duration =
    s?.durationMs ?? (end !== undefined && model.startedAt !== undefined ? end - model.startedAt : undefined);
  const total = (value: string | number, label: string, cls = '') =>
    `<div class="total ${cls}"><b>${x(value)}</b><span>${x(label)}</span></div>`;
  return `<header class="run">
<h1>wpfleet run <span class="mono">${x(model.runId ?? 'unknown')}</span>${pill(runStatus(model))}</h1>
<dl>
<dt>plan hash</dt><dd>${x(model.planHash ?? 'unknown')}</dd>
<dt>started</dt><dd>${x(time(model.startedAt))}${model.resumed ? ' (resumed from the journal)' : ''}</dd>
<dt>finished</dt><dd>${model.finishedAt !== undefined ? x(time(model.finishedAt)) : 'not finished: the report shows the run up to its last event'}</dd>
<dt>duration</dt><dd>${duration !== undefined ? x(formatDuration(duration)) : ''}</dd>
</dl>
<div class="totals">
${total(model.sites.length, 'sites')}${total(model.waves.length, 'waves')}${total(succeeded, 'succeeded', 'good')}${total(failed, 'failed', failed ? 'bad' : '')}${aborted ? total(aborted, 'aborted', 'warn') : ''}${skipped ? total(skipped, 'skipped') : ''}${total(findings, 'findings', findings ? 'warn' : '')}${bytes ? total(formatBytes(bytes), 'copied') : ''}
</div>
</header>`;
}

function renderWaves(model: RunReportModel): string {
  const rows = model.waves.map((w) => {
    const status = w.status === 'pending' ? 'not started' : w.status;
    return `<tr><td>${x(w.wave)}</td><td>${pill(status)}</td><td class="num">${x(w.sites.length)}</td><td class="num">${x(w.succeeded)}</td><td class="num">${x(w.failed)}</td><td class="num">${w.durationMs !== undefined ? x(formatDuration(w.durationMs)) : ''}</td><td>${w.gateMessage ? x(w.gateMessage) : ''}</td></tr>`;
  });
  return `<section id="waves"><h2>Waves</h2>
<table><thead><tr><th>wave</th><th>status</th><th class="num">sites</th><th class="num">succeeded</th><th class="num">failed</th><th class="num">duration</th><th>gate</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></section>`;
}

function stepChip(step: StepModel): string {
  const state = step.state === 'succeeded' && step.attempts > 1 ? 'retried' : step.state;
  const title = `${step.step}: ${step.state}${step.attempts > 1 ? ` after ${step.attempts} attempts` : ''}${step.durationMs !== undefined ? `, ${formatDuration(step.durationMs)}` : ''}`;
  return `<span class="chip s-${x(state)}" title="${x(title)}">${x(step.step)}</span>`;
}

function siteStatus(site: SiteModel): string {
  return site.status === 'pending' ? 'not started' : site.status;
}

function renderSites(model: RunReportModel): string {
  const rows = model.sites.map((site) => {
    const error = siteError(site);
    const bytes = (stepBytes(site.steps.db) ?? 0) + (stepBytes(site.steps.files) ?? 0);
    const problem = error
      ? `<span class="err">${x(error.step)}: <code>${x(error.code)}</code> ${x(error.message)}</span>`
      : site.failedStep
        ? `<span class="err">${x(site.failedStep)}</span>`
        : '';
    return `<tr class="${site.status === 'failed' ? 'failed' : ''}"><td><a href="#site-${x(anchor(site.site))}">${x(site.site)}</a></td><td class="num">${x(site.wave)}</td><td>${pill(siteStatus(site))}</td><td class="num">${site.durationMs !== undefined ? x(formatDuration(site.durationMs)) : ''}</td><td class="num">${bytes ? x(formatBytes(bytes)) : ''}</td><td class="num">${x(site.findings.length)}</td><td><div class="steps">${orderedSteps(site).map(stepChip).join('')}</div></td><td>${problem}</td></tr>`;
  });
  return `<section id="sites-section"><h2>Sites</h2>
<table id="sites"><thead><tr><th>site</th><th class="num">wave</th><th>status</th><th class="num">duration</th><th class="num">copied</th><th class="num">findings</th><th>steps</th><th>failure</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></section>`;
}

/** Fragment ids from arbitrary site names: only [A-Za-z0-9_-], the rest hex-encoded, so ids stay unique. */
function anchor(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, (ch) => `.${ch.codePointAt(0)?.toString(16) ?? ''}`);
}

function renderCharts(model: RunReportModel): string {
  const timeline = renderTimelineSvg(model);
  const data = renderDataMovedSvg(model);
  if (!timeline && !data) return '';
  return `<section id="timeline"><h2>Timeline</h2>
${timeline || '<p class="muted">No step timings were recorded.</p>'}
<div class="legend">${renderStepLegend()}</div>
${data ? `<h3>Data copied per site</h3>${data}<div class="legend"><span class="legend-item"><i style="background:#3b82f6"></i>database</span><span class="legend-item"><i style="background:#14b8a6"></i>files</span></div>` : ''}
</section>`;
}

function stepRow(model: RunReportModel, step: StepModel): string {
  const bytes = stepBytes(step);
  const notes: string[] = [];
  // Every note is HTML, escaped as it is built.
  if (step.alreadyDone) notes.push('done in an earlier run');
  if (step.inDoubt) notes.push('in doubt after an interrupted run: its effect was checked first');
  for (const f of step.failures) {
    notes.push(
      `<span class="${f.willRetry ? 'muted' : 'err'}">attempt ${x(f.attempt)}: <code>${x(f.code)}</code> ${x(f.message)}${f.willRetry ? ' (retried)' : ''}</span>${!f.willRetry && f.hint ? `<br><span class="hint">hint: ${x(f.hint)}</span>` : ''}`,
    );
  }
  if (step.message && step.state !== 'succeeded') notes.push(x(step.message));
  const note = notes.join('<br>');
  const state = step.state === 'pending' ? 'not started' : step.state;
  return `<tr class="${step.state === 'failed' ? 'failed' : ''}"><td>${x(step.step)}</td><td>${pill(state)}</td><td class="num">${x(offset(model, step.firstStartedAt))}</td><td class="num">${step.durationMs !== undefined ? x(formatDuration(step.durationMs)) : ''}</td><td class="num">${x(step.attempts || '')}</td><td class="num">${bytes !== undefined ? x(formatBytes(bytes)) : ''}</td><td class="num">${step.rate ? x(formatRate(step.rate)) : ''}</td><td>${note}</td></tr>`;
}

function renderSiteDetails(model: RunReportModel): string {
  const articles = model.sites.map((site) => {
    const steps = orderedSteps(site);
    const body = steps.length
      ? `<table class="site-steps"><colgroup><col class="c-step"><col class="c-status"><col class="c-n"><col class="c-n"><col class="c-n"><col class="c-n"><col class="c-n"><col></colgroup><thead><tr><th>step</th><th>status</th><th class="num">start</th><th class="num">duration</th><th class="num">attempts</th><th class="num">data</th><th class="num">rate</th><th>notes</th></tr></thead><tbody>${steps.map((s) => stepRow(model, s)).join('')}</tbody></table>`
      : '<p class="muted">No step ran for this site.</p>';
    return `<article class="site" id="site-${x(anchor(site.site))}"><h3>${x(site.site)} ${pill(siteStatus(site))} <span class="muted">wave ${x(site.wave)}${site.durationMs !== undefined ? `, ${x(formatDuration(site.durationMs))}` : ''}</span></h3>${body}</article>`;
  });
  return `<section id="steps"><h2>Steps per site</h2>${articles.join('\n')}</section>`;
}

function findingDetails(f: Finding): string {
  if (f.details === undefined) return '';
  // A failed verify's integrity tables are rendered in full in the Integrity section; a cut JSON line would hide them.
  if (f.code === INTEGRITY_MISMATCH && f.where.site !== undefined)
    return `<br><a href="#integrity-${x(anchor(f.where.site))}">integrity tables of ${x(f.where.site)}</a>`;
  return `<br><code class="muted">${x(json(f.details))}</code>`;
}

function renderFindings(model: RunReportModel): string {
  if (model.findings.length === 0)
    return `<section id="findings"><h2>Findings</h2><p class="muted">No findings.</p></section>`;
  const groups = SEVERITIES.map((severity) => {
    const list = model.findings.filter((f) => f.severity === severity);
    if (!list.length) return '';
    const rows = list.map(
      (f: Finding) =>
        `<tr><td>${x(f.where.site ?? '')}</td><td>${x(f.where.step ?? '')}</td><td><code>${x(f.code)}</code></td><td>${x(f.where.side ?? '')}</td><td>${f.where.table ? `<code>${x(f.where.table)}</code>` : ''}</td><td>${x(f.message)}${findingDetails(f)}</td></tr>`,
    );
    return `<h3>${pill(severity, `${SEVERITY_TITLES[severity]} (${list.length})`)}</h3>
<table class="findings findings-${severity}"><thead><tr><th>site</th><th>step</th><th>code</th><th>side</th><th>table</th><th>message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  });
  return `<section id="findings"><h2>Findings</h2>${groups.join('\n')}</section>`;
}

function equalPill(equal: boolean): string {
  return pill(equal ? 'equal' : 'differs');
}

function renderIntegrityOf(integrity: Integrity): string {
  const parts: string[] = [];
  if (integrity.tables?.length) {
    const rows = integrity.tables.map(
      (t) =>
        `<tr class="${t.equal ? '' : 'failed'}"><td><code>${x(t.table)}</code></td><td class="num">${x(t.sourceRows)}</td><td class="num">${x(t.targetRows)}</td><td>${shortDigest(t.sourceDigest)}</td><td>${shortDigest(t.targetDigest)}</td><td>${equalPill(t.equal)}</td><td>${t.firstDifference !== undefined ? `<code>${x(json(t.firstDifference, 300))}</code>` : ''}</td></tr>`,
    );
    parts.push(
      `<table class="integrity-tables"><caption>Tables: rows and digests, source stream against target</caption><thead><tr><th>table</th><th class="num">source rows</th><th class="num">target rows</th><th>source digest</th><th>target digest</th><th>result</th><th>first difference</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  if (integrity.files?.length) {
    const rows = integrity.files.map(
      (f) =>
        `<tr class="${f.equal ? '' : 'failed'}"><td><code>${x(f.dir)}</code></td><td class="num">${x(f.sourceFiles)}</td><td class="num">${x(f.targetFiles)}</td><td class="num">${x(formatBytes(f.sourceBytes))}</td><td class="num">${x(formatBytes(f.targetBytes))}</td><td>${equalPill(f.equal)}</td></tr>`,
    );
    parts.push(
      `<table class="integrity-files"><caption>Files per directory</caption><thead><tr><th>directory</th><th class="num">source files</th><th class="num">target files</th><th class="num">source bytes</th><th class="num">target bytes</th><th>result</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  if (integrity.relations?.length) {
    const rows = integrity.relations.map(
      (r) =>
        `<tr class="${r.source === r.target ? '' : 'failed'}"><td>${x(r.check)}</td><td class="num">${x(r.blog ?? '')}</td><td class="num">${x(r.source)}</td><td class="num">${x(r.target)}</td><td>${pill(r.source === r.target ? 'equal' : 'differs', r.source === r.target ? 'same' : 'differs')}</td></tr>`,
    );
    parts.push(
      `<table class="integrity-relations"><caption>Relation checks (orphans found on each side)</caption><thead><tr><th>relation check</th><th class="num">blog</th><th class="num">source</th><th class="num">target</th><th>result</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  return parts.length ? parts.join('') : '<p class="muted">The verify step recorded no integrity rows.</p>';
}

/** A list of what differs, first differing row included, above the full tables (which may run to hundreds of rows). */
function renderDifferences(integrity: Integrity): string {
  const { tables, files, relations } = integrityDifferences(integrity);
  const items = [
    ...tables.map(
      (t) =>
        `<li><code>${x(t.table)}</code>: ${t.firstDifference !== undefined ? x(json(t.firstDifference, 300)) : `${x(t.sourceRows)} rows on the source, ${x(t.targetRows)} on the target`}</li>`,
    ),
    ...files.map(
      (f) =>
        `<li><code>${x(f.dir)}</code>: ${x(f.sourceFiles)} files / ${x(formatBytes(f.sourceBytes))} on the source, ${x(f.targetFiles)} / ${x(formatBytes(f.targetBytes))} on the target</li>`,
    ),
    ...relations.map(
      (r) =>
        `<li>${x(r.check)}${r.blog !== undefined ? ` (blog ${x(r.blog)})` : ''}: ${x(r.source)} on the source, ${x(r.target)} on the target</li>`,
    ),
  ];
  return items.length ? `<ul class="differences">${items.join('')}</ul>` : '';
}

function integrityVerdict(integrity: Integrity): string {
  const { tables, files, relations } = integrityDifferences(integrity);
  const differ = tables.length + files.length + relations.length;
  return differ ? ` ${pill('differs', `${differ} differ`)}` : ` ${pill('equal', 'all equal')}`;
}

function renderIntegrityBody(parsed: ParsedIntegrity, verify: StepModel | undefined): string {
  // Says so where the integrity came from a failed verify: a report of a run in trouble is read for exactly this.
  const origin =
    parsed.kind !== 'absent' && parsed.source === 'failed-verify'
      ? `<p class="err integrity-failed-verify">From the failed verify: a failed step records no outputs, so these come from its <code>${x(INTEGRITY_MISMATCH)}</code> finding.</p>`
      : '';
  if (parsed.kind === 'ok')
    return origin + renderDifferences(parsed.integrity) + renderIntegrityOf(parsed.integrity);
  if (parsed.kind === 'unknown')
    return `${origin}<p class="muted">Integrity data in a shape this report does not know:</p><pre class="mono">${x(json(parsed.raw, 4000))}</pre>`;
  if (!verify || verify.state === 'pending')
    return '<p class="muted">Not verified: the verify step did not run for this site.</p>';
  return `<p class="muted">No integrity data: the verify step ${x(verify.state)} without recording any.</p>`;
}

function renderIntegrity(model: RunReportModel): string {
  const articles = model.sites.map((site) => {
    const verify = site.steps.verify;
    const parsed = parseVerifyIntegrity(verify?.outputs, site.findings);
    const verdict = parsed.kind === 'ok' ? integrityVerdict(parsed.integrity) : '';
    const failed =
      parsed.kind !== 'absent' && parsed.source === 'failed-verify'
        ? ` ${pill('failed', 'verify failed')}`
        : '';
    return `<article class="site" id="integrity-${x(anchor(site.site))}"><h3>${x(site.site)}${verdict}${failed}</h3>${renderIntegrityBody(parsed, verify)}</article>`;
  });
  return `<section id="integrity"><h2>Integrity</h2>${articles.join('\n')}</section>`;
}

export function renderHtmlReport(events: readonly RunEvent[]): string {
  const model = buildRunReportModel(events);
  const title = `wpfleet run ${model.runId ?? 'unknown'}: ${runStatus(model)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="wpfleet">
<title>${x(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${renderHeader(model)}
${renderWaves(model)}
${renderSites(model)}
${renderCharts(model)}
${renderFindings(model)}
${renderIntegrity(model)}
${renderSiteDetails(model)}
</main>
<footer>Generated by wpfleet from ${x(events.length)} run events${model.lastEventAt !== undefined ? ` (last at ${x(time(model.lastEventAt))})` : ''}.</footer>
</body>
</html>
`;
}
