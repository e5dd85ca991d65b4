// The HTML report's timeline: a gantt chart of every site's steps on one time axis, as inline SVG (no script, no
// external asset). Steps that ran side by side (db and files) get their own lane within the site's row.
import type { StepKind } from '@wpfleet/core';
import { escapeXml as x } from './escape-xml.js';
import { formatDuration } from '@wpfleet/core';
import { orderedSteps, type RunReportModel, type StepModel } from './run-report-model.js';

export const STEP_COLORS: Readonly<Record<StepKind, string>> = {
  preflight: '#94a3b8',
  db: '#3b82f6',
  files: '#14b8a6',
  verify: '#a855f7',
  swap: '#f59e0b',
  'http-check': '#22c55e',
};
const FAILED_COLOR = '#dc2626';

const WIDTH = 960;
const LABEL = 190;
const RIGHT = 16;
const LANE = 12;
const LANE_GAP = 3;
const ROW_PAD = 6;
const AXIS = 26;
const NICE_STEPS_MS = [
  100, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000,
];

interface Bar {
  step: StepModel;
  start: number;
  end: number;
  lane: number;
}

function barsOf(steps: StepModel[], runEnd: number): Bar[] {
  const bars: Bar[] = [];
  const laneEnds: number[] = [];
  const timed = steps
    .filter((s) => s.firstStartedAt !== undefined)
    .map((s) => ({ step: s, start: s.firstStartedAt as number, end: s.finishedAt ?? runEnd }))
    .sort((a, b) => a.start - b.start);
  for (const t of timed) {
    let lane = laneEnds.findIndex((end) => end <= t.start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = t.end;
    bars.push({ ...t, lane });
  }
  return bars;
}

/** Returns '' when there is nothing timed to draw. */
export function renderTimelineSvg(model: RunReportModel): string {
  // A resumed run's report replays earlier runs' steps, which started before this run did: the axis starts at
  // whichever came first.
  const start = Math.min(
    model.startedAt ?? Infinity,
    ...model.sites.flatMap((s) => orderedSteps(s).map((st) => st.firstStartedAt ?? Infinity)),
  );
  const end = model.finishedAt ?? model.lastEventAt ?? start;
  if (!Number.isFinite(start) || end <= start) return '';
  const span = end - start;
  const plot = WIDTH - LABEL - RIGHT;
  const px = (t: number) => LABEL + ((t - start) / span) * plot;

  const rows = model.sites.map((site) => {
    const bars = barsOf(orderedSteps(site), end);
    const lanes = Math.max(1, ...bars.map((b) => b.lane + 1));
    return { site, bars, height: lanes * LANE + (lanes - 1) * LANE_GAP + ROW_PAD * 2 };
  });
  const height = AXIS + rows.reduce((h, r) => h + r.height, 0) + 4;

  const tickMs = NICE_STEPS_MS.find((s) => span / s <= 8) ?? Math.ceil(span / 8 / 3_600_000) * 3_600_000;
  const out: string[] = [];
  out.push(
    `<svg class="timeline" role="img" aria-label="Timeline of steps per site" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">`,
  );
  out.push(`<title>Timeline of steps per site, ${x(formatDuration(span))} in all</title>`);
  for (let t = 0; t <= span; t += tickMs) {
    const X = px(start + t).toFixed(1);
    out.push(`<line x1="${X}" y1="${AXIS - 6}" x2="${X}" y2="${height}" stroke="#e2e8f0"/>`);
    out.push(
      `<text x="${X}" y="${AXIS - 10}" font-size="11" text-anchor="middle" fill="#64748b">${x(t === 0 ? '0s' : formatDuration(t))}</text>`,
    );
  }

  let y = AXIS;
  let previousWave: number | undefined;
  rows.forEach((row, index) => {
    if (index % 2 === 1)
      out.push(`<rect x="0" y="${y}" width="${WIDTH}" height="${row.height}" fill="#f8fafc"/>`);
    if (row.site.wave !== previousWave) {
      out.push(`<line x1="0" y1="${y}" x2="${WIDTH}" y2="${y}" stroke="#94a3b8" stroke-dasharray="4 3"/>`);
      out.push(`<text x="4" y="${y + 10}" font-size="9" fill="#64748b">wave ${row.site.wave}</text>`);
      previousWave = row.site.wave;
    }
    const name = row.site.site.length > 24 ? `${row.site.site.slice(0, 23)}…` : row.site.site;
    const failed = row.site.status === 'failed';
    out.push(
      `<text x="${LABEL - 8}" y="${y + row.height / 2 + 4}" font-size="12" text-anchor="end" fill="${failed ? FAILED_COLOR : '#0f172a'}"><title>${x(row.site.site)}</title>${x(name)}</text>`,
    );
    for (const bar of row.bars) {
      const X = px(bar.start);
      const W = Math.max(2, px(bar.end) - X);
      const Y = y + ROW_PAD + bar.lane * (LANE + LANE_GAP);
      const bad = bar.step.state === 'failed' || bar.step.state === 'aborted';
      const tip = `${row.site.site} ${bar.step.step}: ${bar.step.state}, ${formatDuration(bar.end - bar.start)}${bar.step.attempts > 1 ? `, ${bar.step.attempts} attempts` : ''}`;
      out.push(
        `<rect x="${X.toFixed(1)}" y="${Y}" width="${W.toFixed(1)}" height="${LANE}" rx="2" fill="${STEP_COLORS[bar.step.step]}"${bad ? ` stroke="${FAILED_COLOR}" stroke-width="2" fill-opacity="0.45"` : ''}><title>${x(tip)}</title></rect>`,
      );
      if (W > 44) {
        out.push(
          `<text x="${(X + 4).toFixed(1)}" y="${Y + LANE - 3}" font-size="9" fill="#ffffff" pointer-events="none">${x(bar.step.step)}</text>`,
        );
      }
      if (bad)
        out.push(
          `<text x="${(X + W + 3).toFixed(1)}" y="${Y + LANE - 2}" font-size="11" fill="${FAILED_COLOR}">✖</text>`,
        );
    }
    y += row.height;
  });
  out.push('</svg>');
  return out.join('');
}

export function renderStepLegend(): string {
  return (
    Object.entries(STEP_COLORS)
      .map(
        ([step, color]) => `<span class="legend-item"><i style="background:${color}"></i>${x(step)}</span>`,
      )
      .join('') +
    `<span class="legend-item"><i style="background:#fff;border:2px solid ${FAILED_COLOR}"></i>failed</span>`
  );
}
