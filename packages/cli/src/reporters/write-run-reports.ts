// Writes a run's reports into its run directory: report.html, junit.xml and summary.json. Each file is written
// to a temporary name and renamed, so a CI job or a browser never reads half a report.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEvent } from '@wpfleet/core';
import { renderHtmlReport } from './render-html-report.js';
import { renderJunitReport } from './render-junit-report.js';
import { renderSummaryJson } from './render-summary-json.js';

export interface RunReportPaths {
  html: string;
  junit: string;
  summary: string;
}

const RUN_REPORT_FILES = { html: 'report.html', junit: 'junit.xml', summary: 'summary.json' } as const;

export async function writeRunReports(runDir: string, events: readonly RunEvent[]): Promise<RunReportPaths> {
  await mkdir(runDir, { recursive: true });
  const paths: RunReportPaths = {
    html: join(runDir, RUN_REPORT_FILES.html),
    junit: join(runDir, RUN_REPORT_FILES.junit),
    summary: join(runDir, RUN_REPORT_FILES.summary),
  };
  const contents: [string, string][] = [
    [paths.html, renderHtmlReport(events)],
    [paths.junit, renderJunitReport(events)],
    [paths.summary, renderSummaryJson(events)],
  ];
  for (const [path, text] of contents) {
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  }
  return paths;
}
