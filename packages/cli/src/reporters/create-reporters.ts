// The one entry point commands use to show a run: picks the reporters for the output mode and fans every RunEvent
// out to them, isolating each so a broken reporter can never stop a migration.
//
//   const reporter = createReporters({ io, json, quiet, verbose, color, isTTY });
//   const summary = await runner.run({ ..., onEvent: reporter });   // a RunEventListener
//   reporter.close();                                                // idempotent; run-finished closes too
//   const paths = await writeRunReports(runDir, reporter.events());  // report.html, junit.xml, summary.json
//
// Modes: --json: NDJSON on stdout and nothing else. A TTY: the live view (--verbose adds every event as a line).
// Otherwise, or with --quiet: plain lines (--quiet keeps failures and the final summary only).
import type { ChalkInstance } from 'chalk';
import type { RunEvent } from '@wpfleet/core';
import type { CommandIo } from '../argv/command.js';
import { terminalStream } from '../terminal/terminal-stream.js';
import { terminalStyle } from '../terminal/terminal-style.js';
import { createLiveTerminalReporter } from './create-live-terminal-reporter.js';
import { createNdjsonReporter } from './create-ndjson-reporter.js';
import { createPlainLineReporter } from './create-plain-line-reporter.js';
import { toRunReporter, type RunReporter } from './run-reporter.js';

export interface CreateReportersOptions {
  io: Pick<CommandIo, 'stdout' | 'stderr'> & Partial<Pick<CommandIo, 'color' | 'isTTY'>>;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  /** Colours on the terminal. Default `io.color` (the CLI already folds in --no-color and NO_COLOR). */
  color?: boolean;
  /** Whether stdout is a terminal, so the live view can redraw. Default `io.isTTY`. */
  isTTY?: boolean;
  /** Live view redraw interval (ms); 0 redraws on every event. */
  frameIntervalMs?: number;
}

export type RunReporters = RunReporter & {
  /**
   * The events seen so far, for `writeRunReports`. Progress events are thinned to the latest per site and step
   * (all a report needs), so a long run does not hold every progress tick in memory.
   */
  events(): RunEvent[];
};

function chalkFor(color: boolean): ChalkInstance {
  return terminalStyle(color);
}

export function createReporters(options: CreateReportersOptions): RunReporters {
  const { json = false, quiet = false, verbose = false } = options;
  // main() already hands out terminal streams; wrapping again is a no-op, and keeps other callers safe too.
  const io = {
    ...options.io,
    stdout: terminalStream(options.io.stdout),
    stderr: terminalStream(options.io.stderr),
  };
  const color = options.color ?? io.color ?? false;
  const isTTY = options.isTTY ?? io.isTTY ?? false;
  const c = chalkFor(color && !json);

  const reporters: RunReporter[] = [];
  if (json) reporters.push(createNdjsonReporter(io.stdout));
  else if (isTTY && !quiet) {
    reporters.push(
      createLiveTerminalReporter({
        stream: io.stdout,
        chalk: c,
        verbose,
        ...(options.frameIntervalMs !== undefined ? { frameIntervalMs: options.frameIntervalMs } : {}),
      }),
    );
  } else reporters.push(createPlainLineReporter({ stream: io.stdout, chalk: c, quiet, verbose }));

  const collected: RunEvent[] = [];
  const latestProgress = new Map<string, number>();
  const broken = new Set<RunReporter>();

  const collect = (event: RunEvent) => {
    if (event.type === 'step-progress') {
      // Replace the step's previous progress in place: nothing about this step happened in between (a start or
      // end clears the slot below), so the order a report folds them in is unchanged.
      const key = `${event.site}\u0000${event.step}`;
      const slot = latestProgress.get(key);
      // Progress fields are optional per event, so merge rather than drop what an earlier tick said.
      if (slot !== undefined) collected[slot] = { ...collected[slot], ...event } as RunEvent;
      else latestProgress.set(key, collected.push(event) - 1);
      return;
    }
    if (event.type === 'step-started' || event.type === 'step-finished' || event.type === 'step-failed') {
      latestProgress.delete(`${event.site}\u0000${event.step}`);
    }
    collected.push(event);
  };

  const listener = (event: RunEvent) => {
    collect(event);
    for (const reporter of reporters) {
      if (broken.has(reporter)) continue;
      try {
        reporter(event);
      } catch (error) {
        // The Runner must not fail because a terminal went away; say so once on stderr and carry on.
        broken.add(reporter);
        try {
          io.stderr.write(
            `wpfleet: a reporter stopped after an error (${error instanceof Error ? error.message : String(error)}); the run continues and the reports are still written.\n`,
          );
        } catch {
          // stderr is gone too: nothing left to tell.
        }
      }
    }
  };

  const close = () => {
    for (const reporter of reporters) {
      try {
        reporter.close();
      } catch {
        // Closing is best effort.
      }
    }
  };

  return Object.assign(toRunReporter(listener, close), {
    events: () => [...collected],
  });
}
