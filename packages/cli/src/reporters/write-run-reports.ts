// Writes a run's reports into its run directory: report.html, junit.xml and summary.json. Each file is written
// to a temporary name and renamed (writeRunFile), so a CI job or a browser never reads half a report.
import { join } from 'node:path';
import { redactUrlUserinfo, type RunEvent } from '@wpfleet/core';
import { makePrivateDir, writeRunFile } from '@wpfleet/wp';
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
  await makePrivateDir(runDir);
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
  // Reports go to CI artifacts and browsers: no URL credentials, whatever a host reported.
  for (const [path, text] of contents) await writeRunFile(path, redactUrlUserinfo(text));
  return paths;
}
