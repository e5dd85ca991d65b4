// @wpfleet/cli: commands, wizard, reporters. Exported for the end-to-end tests and for embedding.
export { main, exitCodeFor, type MainOptions } from './main.js';
export { commands } from './commands/registry.js';
export { ExitCode } from './argv/exit-code.js';
export { createReporters, type CreateReportersOptions, type RunReporters } from './reporters/create-reporters.js';
export type { RunReporter } from './reporters/run-reporter.js';
export { writeRunReports, RUN_REPORT_FILES, type RunReportPaths } from './reporters/write-run-reports.js';
export { renderHtmlReport } from './reporters/render-html-report.js';
export { renderJunitReport } from './reporters/render-junit-report.js';
export { renderSummaryJson, buildRunSummaryJson, type RunSummaryJson } from './reporters/render-summary-json.js';
