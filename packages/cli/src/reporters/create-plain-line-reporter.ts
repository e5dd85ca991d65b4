// The reporter for logs and CI (stdout is not a terminal): one stable line per event, never a cursor movement.
// Default: lifecycle, results and findings; progress at most every `progressEveryMs` per step, so a long copy
// still shows signs of life. --quiet: failures and the summary only. --verbose: every event.
import type { ChalkInstance } from 'chalk';
import type { RunEvent } from '@wpfleet/core';
import { formatEventLines } from './format-event-line.js';
import { toRunReporter, type RunReporter } from './run-reporter.js';
import { applyRunEvent, createRunReportModel } from './run-report-model.js';
import { terminalStream } from '../terminal/terminal-stream.js';

export interface PlainLineReporterOptions {
  stream: NodeJS.WritableStream;
  chalk: ChalkInstance;
  quiet?: boolean;
  verbose?: boolean;
  /** Minimum gap between two progress lines of the same step (default 30 s). */
  progressEveryMs?: number;
}

/** Whether --quiet still shows the event: final failures and the summary. */
function isFailureEvent(event: RunEvent): boolean {
  switch (event.type) {
    case 'step-failed':
      return !event.willRetry;
    case 'site-finished':
      return event.status === 'failed' || event.status === 'aborted';
    case 'wave-finished':
      return event.status !== 'passed';
    case 'run-finished':
      return true;
    default:
      return false;
  }
}

export function createPlainLineReporter(options: PlainLineReporterOptions): RunReporter {
  const { chalk: c, quiet = false, verbose = false, progressEveryMs = 30_000 } = options;
  // Colours come marked as trusted (terminalStyle): only a terminal stream turns them into escape sequences.
  const stream = terminalStream(options.stream);
  const model = createRunReportModel();
  const lastProgressLine = new Map<string, number>();

  const shows = (event: RunEvent): boolean => {
    if (verbose) return true;
    if (quiet) return isFailureEvent(event);
    if (event.type === 'step-started') return false;
    if (event.type === 'step-progress') {
      const key = `${event.site}\u0000${event.step}`;
      const last = lastProgressLine.get(key);
      if (last !== undefined && event.at - last < progressEveryMs) return false;
      // The first progress of a step only sets the clock: a step that ends quickly prints no progress at all.
      lastProgressLine.set(key, event.at);
      return last !== undefined;
    }
    return true;
  };

  return toRunReporter((event) => {
    applyRunEvent(model, event);
    if (!shows(event)) return;
    const lines = formatEventLines(event, model, c);
    if (lines.length) stream.write(lines.join('\n') + '\n');
  });
}
