// The live view on a terminal: a task list per wave and site, redrawn in place with plain ANSI cursor movement
// (see docs/decisions.md, "hand-written ANSI"). Finished waves are printed once and leave the redrawn area, so the
// area stays small and the scrollback keeps a clean record. --verbose adds every event as a line above it.
import type { ChalkInstance } from 'chalk';
import type { RunEvent } from '@wpfleet/core';
import { formatBytes, formatRate, formatDuration } from '@wpfleet/core';
import {
  SEVERITY_MARK,
  formatEventLines,
  formatRunSummary,
  severityColor,
  stepEtaMs,
} from './format-event-line.js';
import { toRunReporter, type RunReporter } from './run-reporter.js';
import {
  applyRunEvent,
  createRunReportModel,
  orderedSteps,
  siteError,
  sitesOfWave,
  type SiteModel,
  type StepModel,
  type WaveModel,
} from './run-report-model.js';
import { sanitizeTerminalText as safe } from './sanitize-terminal-text.js';
import { fitColumns, padColumns, terminalColumns, truncateAnsi } from './terminal-columns.js';
import { plural } from './plural.js';
import { terminalStream } from '../terminal/terminal-stream.js';
import { TRUSTED_ESC } from '../terminal/trusted-escapes.js';

export interface LiveTerminalReporterOptions {
  /** A TTY stream; `columns` and `rows` are read on every frame so a resized terminal is honoured. */
  stream: NodeJS.WritableStream & { columns?: number; rows?: number };
  chalk: ChalkInstance;
  verbose?: boolean;
  /** Redraw (and spinner) interval. 0 redraws on every event instead of on a timer (tests). Default 100 ms. */
  frameIntervalMs?: number;
  now?: () => number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
const BAR_WIDTH = 12;
// Marked as wpfleet's own, so terminalStream lets these cursor moves through (trusted-escapes.ts).
const ESC = `${TRUSTED_ESC}[`;
/** The site-name column is at most this wide, and a third of the terminal. */
const MAX_NAME_COLUMNS = 40;

export function createLiveTerminalReporter(options: LiveTerminalReporterOptions): RunReporter {
  const { chalk: c, verbose = false, frameIntervalMs = 100, now = Date.now } = options;
  // The cursor moves below are trusted escapes: only a terminal stream turns them into real ones.
  const stream = terminalStream(options.stream);
  const model = createRunReportModel();
  const printedWaves = new Set<number>();
  let drawnLines = 0;
  let tick = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  let lastEventWall = now();

  // Elapsed times are measured on the Runner's clock (event `at`), advanced by our own clock since the last
  // event, so a Runner with another clock (a replay, a test) still shows sensible numbers.
  const runClock = () => (model.lastEventAt ?? now()) + (now() - lastEventWall);

  const width = () => Math.max(20, (stream.columns ?? 100) - 1);
  const height = () => Math.max(5, (stream.rows ?? 40) - 1);

  const stepMark = (step: StepModel): string => {
    switch (step.state) {
      case 'succeeded':
        return c.green('✔');
      case 'skipped':
        return c.dim('–');
      case 'failed':
        return c.red('✖');
      case 'aborted':
        return c.yellow('■');
      case 'retrying':
        return c.yellow('↻');
      case 'running':
        return c.cyan(SPINNER[tick % SPINNER.length] ?? '*');
      case 'pending':
        return c.dim('·');
    }
  };

  const findingCounts = (site: SiteModel): string => {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of site.findings) counts[f.severity] += 1;
    return (['error', 'warning', 'info'] as const)
      .filter((sev) => counts[sev] > 0)
      .map((sev) => severityColor(c, sev)(`${SEVERITY_MARK[sev]} ${counts[sev]}`))
      .join(' ');
  };

  const bar = (done: number, total: number): string => {
    const filled = Math.max(0, Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH)));
    return c.cyan('█'.repeat(filled)) + c.dim('░'.repeat(BAR_WIDTH - filled));
  };

  const runningStepLine = (step: StepModel): string => {
    const parts = [`${stepMark(step)} ${fitColumns(step.step, 10)}`];
    if (step.bytesDone !== undefined && step.bytesTotal !== undefined && step.bytesTotal > 0) {
      const pct = Math.min(100, Math.floor((step.bytesDone / step.bytesTotal) * 100));
      parts.push(`${bar(step.bytesDone, step.bytesTotal)} ${String(pct).padStart(3)}%`);
      parts.push(`${formatBytes(step.bytesDone)} / ${formatBytes(step.bytesTotal)}`);
    } else if (step.bytesDone !== undefined) {
      parts.push(formatBytes(step.bytesDone));
    }
    if (step.itemsDone !== undefined)
      parts.push(
        step.itemsTotal !== undefined ? `${step.itemsDone}/${step.itemsTotal}` : `${step.itemsDone} items`,
      );
    if (step.rate !== undefined && step.rate > 0) parts.push(formatRate(step.rate));
    const eta = stepEtaMs(step);
    if (eta !== undefined) parts.push(`ETA ${formatDuration(eta)}`);
    if (step.startedAt !== undefined)
      parts.push(c.dim(formatDuration(Math.max(0, runClock() - step.startedAt))));
    if (step.attempts > 1) parts.push(c.yellow(`attempt ${step.attempts}`));
    if (step.state === 'retrying' && step.error) parts.push(c.yellow(`${step.error.code}, retrying`));
    if (step.message) parts.push(c.dim(safe(step.message)));
    return `      ${parts.join('  ')}`;
  };

  /** Columns of a wave's site-name column: its widest name, so that what follows lines up. */
  const nameColumns = (sites: SiteModel[]): number =>
    Math.min(
      MAX_NAME_COLUMNS,
      Math.floor(width() / 3),
      Math.max(0, ...sites.map((s) => terminalColumns(safe(s.site)))),
    );

  const siteLines = (site: SiteModel, live: boolean, columns: number): string[] => {
    // A longer name is cut in the redrawn area, whose lines must fit, but kept whole in the printed record.
    const name = live ? fitColumns(safe(site.site), columns) : padColumns(safe(site.site), columns);
    const steps = orderedSteps(site);
    const findings = findingCounts(site);
    const doneMarks = steps
      .filter((s) => s.state !== 'running' && s.state !== 'retrying' && s.state !== 'pending')
      .map((s) => `${stepMark(s)} ${s.step}`)
      .join(' ');
    const tail = [doneMarks, findings].filter(Boolean).join('  ');
    switch (site.status) {
      case 'pending':
        return [`  ${c.dim('·')} ${name}  ${c.dim(live ? 'waiting' : 'not started')}`];
      case 'running': {
        const mark = c.cyan(SPINNER[tick % SPINNER.length] ?? '*');
        const lines = [`  ${mark} ${c.bold(name)}  ${tail}`.trimEnd()];
        for (const step of steps)
          if (step.state === 'running' || step.state === 'retrying') lines.push(runningStepLine(step));
        return lines;
      }
      case 'succeeded':
        return [
          `  ${c.green('✔')} ${name}  ${c.dim(formatDuration(site.durationMs ?? 0))}  ${tail}`.trimEnd(),
        ];
      case 'failed': {
        const error = siteError(site);
        const lines = [
          `  ${c.red('✖')} ${name}  ${c.dim(formatDuration(site.durationMs ?? 0))}  ${tail}`.trimEnd(),
        ];
        if (error) lines.push(`      ${c.red(`${error.step}: ${error.code}`)} ${safe(error.message)}`);
        return lines;
      }
      case 'aborted':
        return [`  ${c.yellow('■')} ${name}  ${c.yellow('aborted')}  ${tail}`.trimEnd()];
      case 'skipped':
        return [`  ${c.dim('–')} ${name}  ${c.dim('skipped')}`];
    }
  };

  const waveHeader = (wave: WaveModel): string => {
    const sites = sitesOfWave(model, wave.wave);
    const running = sites.filter((s) => s.status === 'running').length;
    const counts = [c.green(`✔ ${wave.succeeded} passed`), c.red(`✖ ${wave.failed} failed`)];
    if (running) counts.push(c.cyan(`${running} running`));
    const status =
      wave.status === 'running'
        ? ''
        : wave.status === 'passed'
          ? c.green('passed')
          : wave.status === 'held'
            ? c.yellow('held')
            : wave.status === 'pending'
              ? c.dim('not started')
              : c.red(wave.status);
    const took = wave.durationMs !== undefined ? c.dim(` in ${formatDuration(wave.durationMs)}`) : '';
    const gate = wave.gateMessage ? `\n  ${c.yellow('gate:')} ${safe(wave.gateMessage)}` : '';
    return `${c.bold(`Wave ${wave.wave}`)} ${status ? `${status} ` : ''}${c.dim('·')} ${counts.join('  ')}${took}${gate}`;
  };

  const waveBlock = (wave: WaveModel, live: boolean): string[] => {
    const sites = sitesOfWave(model, wave.wave);
    const columns = nameColumns(sites);
    return [...waveHeader(wave).split('\n'), ...sites.flatMap((site) => siteLines(site, live, columns))];
  };

  const frame = (): string[] => {
    const lines = model.waves.filter((w) => w.status === 'running').flatMap((w) => waveBlock(w, true));
    const max = height();
    if (lines.length > max) {
      const hidden = lines.length - (max - 1);
      return [
        ...lines.slice(0, max - 1),
        c.dim(`  … ${plural(hidden, 'more line')} (enlarge the terminal to see them)`),
      ];
    }
    return lines;
  };

  const clear = (): string => (drawnLines > 0 ? `${ESC}${drawnLines}A${ESC}0J` : '');

  /** Redraws the live area, printing `above` (permanent lines) before it, in one write to avoid flicker. */
  const draw = (above: string[] = []) => {
    if (closed) return;
    const w = width();
    const live = frame().map((l) => truncateAnsi(l, w));
    let out = clear();
    if (above.length) out += above.join('\n') + '\n';
    if (live.length) out += live.join('\n') + '\n';
    drawnLines = live.length;
    if (out) stream.write(out);
  };

  const startTimer = () => {
    if (timer || frameIntervalMs <= 0) return;
    timer = setInterval(() => {
      tick += 1;
      if (model.waves.some((w) => w.status === 'running')) draw();
    }, frameIntervalMs);
    // The view must never keep the process alive on its own.
    timer.unref?.();
  };

  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  /** Permanent lines for waves that ended (or, at the end of the run, never ran). */
  const settledWaves = (all: boolean): string[] =>
    model.waves
      .filter((w) => !printedWaves.has(w.wave) && (all || (w.status !== 'running' && w.status !== 'pending')))
      .flatMap((w) => {
        printedWaves.add(w.wave);
        return waveBlock(w, false);
      });

  const listener = (event: RunEvent) => {
    if (closed) return;
    applyRunEvent(model, event);
    lastEventWall = now();
    if (event.type === 'run-started') startTimer();
    if (frameIntervalMs <= 0) tick += 1;
    const above: string[] = [];
    if (verbose && event.type !== 'run-finished') above.push(...formatEventLines(event, model, c));
    else if (event.type === 'run-started') above.push(...formatEventLines(event, model, c));
    if (event.type === 'wave-finished') above.push(...settledWaves(false));
    if (event.type === 'run-finished') {
      above.push(...settledWaves(true), '', ...formatRunSummary(model, c));
      draw(above);
      close();
      return;
    }
    // Progress only changes numbers: the timer picks them up, so a flood of progress events costs no writes.
    if (above.length || frameIntervalMs <= 0 || event.type !== 'step-progress') draw(above);
  };

  const close = () => {
    if (closed) return;
    stop();
    // Leave whatever is on screen as it is: it is the last truthful picture of the run.
    closed = true;
  };

  return toRunReporter(listener, close);
}
