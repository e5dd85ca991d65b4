// The HTML report's second chart: bytes copied per site (database and files stacked), as inline SVG.
import { escapeXml as x } from './escape-xml.js';
import { formatBytes } from '@wpfleet/core';
import { stepBytes, type RunReportModel } from './run-report-model.js';
import { STEP_COLORS } from './render-timeline-svg.js';

const WIDTH = 960;
const LABEL = 190;
const RIGHT = 110;
const ROW = 20;

/** Returns '' when no site reported bytes. */
export function renderDataMovedSvg(model: RunReportModel): string {
  const rows = model.sites.map((site) => ({
    site,
    db: stepBytes(site.steps.db) ?? 0,
    files: stepBytes(site.steps.files) ?? 0,
  }));
  const max = Math.max(0, ...rows.map((r) => r.db + r.files));
  if (max === 0) return '';
  const plot = WIDTH - LABEL - RIGHT;
  const height = rows.length * ROW + 8;
  const out = [
    `<svg class="data-moved" role="img" aria-label="Bytes copied per site" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">`,
    '<title>Bytes copied per site</title>',
  ];
  rows.forEach((row, i) => {
    const y = 4 + i * ROW;
    const dbW = (row.db / max) * plot;
    const filesW = (row.files / max) * plot;
    const name = row.site.site.length > 24 ? `${row.site.site.slice(0, 23)}…` : row.site.site;
    out.push(
      `<text x="${LABEL - 8}" y="${y + 13}" font-size="12" text-anchor="end" fill="#0f172a"><title>${x(row.site.site)}</title>${x(name)}</text>`,
    );
    if (dbW > 0) {
      out.push(
        `<rect x="${LABEL}" y="${y + 3}" width="${dbW.toFixed(1)}" height="${ROW - 6}" fill="${STEP_COLORS.db}"><title>${x(`${row.site.site} database: ${formatBytes(row.db)}`)}</title></rect>`,
      );
    }
    if (filesW > 0) {
      out.push(
        `<rect x="${(LABEL + dbW).toFixed(1)}" y="${y + 3}" width="${filesW.toFixed(1)}" height="${ROW - 6}" fill="${STEP_COLORS.files}"><title>${x(`${row.site.site} files: ${formatBytes(row.files)}`)}</title></rect>`,
      );
    }
    out.push(
      `<text x="${(LABEL + dbW + filesW + 6).toFixed(1)}" y="${y + 13}" font-size="11" fill="#475569">${x(formatBytes(row.db + row.files))}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}
