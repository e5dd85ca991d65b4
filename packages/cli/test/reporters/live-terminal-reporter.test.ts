/* eslint-disable no-control-regex -- terminal output is made of escape sequences; the tests match them. */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@wpfleet/core';
import { createLiveTerminalReporter, truncateAnsi } from '../../src/reporters/create-live-terminal-reporter.js';
import { captureStream } from './capture-stream.js';
import { HOSTILE_SITE, syntheticRunEvents } from './synthetic-run-events.js';
import { virtualScreen } from './virtual-screen.js';

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

function play(events: RunEvent[], opts: { columns?: number; rows?: number; verbose?: boolean; color?: boolean } = {}) {
  const out = captureStream({ columns: opts.columns ?? 120, rows: opts.rows ?? 40 });
  const reporter = createLiveTerminalReporter({
    stream: out,
    chalk: new Chalk({ level: opts.color ? 1 : 0 }),
    verbose: opts.verbose ?? false,
    frameIntervalMs: 0,
    now: () => 500,
  });
  for (const event of events) reporter(event);
  return { out, screen: virtualScreen(out.text()), reporter };
}

/** The events up to and including the first one that matches. */
function until(pred: (e: RunEvent) => boolean): RunEvent[] {
  const all = syntheticRunEvents();
  return all.slice(0, all.findIndex(pred) + 1);
}

describe('live terminal view', () => {
  it('shows each running site with its current step, bytes done/total, rate, ETA and a spinner', () => {
    const events = until((e) => e.type === 'step-progress' && e.site === 'acme-blog' && e.step === 'db' && e.bytesDone === 21_000_000);
    const { screen } = play(events);
    const text = screen.join('\n');
    expect(screen[0]).toMatch(/^run run-20261124-151326 started: plan sha256:9f2c1e7a4b3d, 2 waves, 4 sites$/);
    expect(text).toMatch(/Wave 1 · ✔ 0 passed {2}✖ 0 failed {2}2 running/);
    const site = screen.findIndex((l) => l.includes('acme-blog'));
    expect(screen[site]).toMatch(SPINNER);
    expect(screen[site]).toContain('✔ preflight');
    const db = screen.slice(site + 1).find((l) => l.trimStart().slice(2).startsWith('db'));
    // Ends with the time the step has been running, on the Runner's clock: 1.4s → 5.55s.
    expect(db).toMatch(/[█░]{12} +50% {2}21\.0 MB \/ 42\.0 MB {2}5\.1 MB\/s {2}ETA 4\.1s {2}4\.[12]s$/);
    expect(db).toMatch(SPINNER);
  });

  it('redraws in place: the screen holds the task list once, however many events arrived', () => {
    const events = until((e) => e.type === 'site-finished' && e.site === 'acme-blog');
    const { out, screen } = play(events);
    expect(out.text()).toMatch(/\u001b\[\d+A\u001b\[0J/);
    expect(screen.filter((l) => l.startsWith('Wave 1'))).toHaveLength(1);
    expect(screen.filter((l) => l.includes('acme-blog'))).toHaveLength(1);
    expect(screen.find((l) => l.includes('acme-blog'))).toMatch(/✔ acme-blog {2}12\.6s {2}✔ preflight ✔ db ✔ files ✔ verify ✔ swap ✔ http-check {2}⚠ 1/);
    expect(screen.length).toBeLessThan(12);
  });

  it('keeps finished waves and a final summary on screen after the run, with nothing left spinning', () => {
    const { screen } = play(syntheticRunEvents());
    const text = screen.join('\n');
    expect(text).not.toMatch(SPINNER);
    expect(screen.filter((l) => l.startsWith('Wave 1'))).toEqual(['Wave 1 passed · ✔ 2 passed  ✖ 0 failed in 12.9s']);
    expect(screen.filter((l) => l.startsWith('Wave 2'))).toEqual(['Wave 2 failed · ✔ 1 passed  ✖ 1 failed in 12.9s']);
    expect(text).toContain('  gate: 1 of 2 sites failed; no later wave');
    expect(text).toMatch(/✖ docs-site {2}7\.0s {2}✔ preflight ✖ db ✔ files\n {6}db: WPF_DB_IMPORT target db import failed/);
    expect(text).toContain(`✔ ${HOSTILE_SITE}`);
    expect(text).toMatch(/✖ 1$/m);
    expect(screen.at(-2)).toBe('run run-20261124-151326 failed in 26.1s: 3 succeeded, 1 failed; 3 findings');
  });

  it('never draws a line wider than the terminal', () => {
    const events = until((e) => e.type === 'step-progress' && e.site === 'acme-blog' && e.step === 'db');
    const { screen } = play(events, { columns: 50 });
    // The run-started line is a log line above the frame; the frame lines are cut to the width.
    for (const line of screen.slice(1)) expect([...line].length).toBeLessThanOrEqual(49);
    expect(screen.some((l) => l.endsWith('…'))).toBe(true);
  });

  it('fits a small terminal by saying how many lines it had to leave out', () => {
    const events = until((e) => e.type === 'step-progress' && e.site === 'acme-blog' && e.step === 'db');
    const { screen } = play(events, { rows: 6 });
    expect(screen.at(-1)).toMatch(/… \d+ more lines? \(enlarge the terminal to see them\)/);
    expect(screen.length - 1).toBeLessThanOrEqual(5);
  });

  it('--verbose logs every event as a line above the task list', () => {
    const events = until((e) => e.type === 'step-finished' && e.site === 'acme-blog' && e.step === 'files');
    const { screen } = play(events, { verbose: true });
    expect(screen).toContain('[wave 1] acme-blog db started');
    expect(screen).toContain('[wave 1] acme-blog files ✔ 367 MB in 5.9s');
    expect(screen.findIndex((l) => l.startsWith('Wave 1'))).toBeGreaterThan(screen.indexOf('[wave 1] acme-blog files ✔ 367 MB in 5.9s'));
  });

  it('writes no colour codes when colour is off, and does with colour on', () => {
    expect(play(syntheticRunEvents()).out.text()).not.toMatch(/\u001b\[[0-9;]*m/);
    expect(play(syntheticRunEvents(), { color: true }).out.text()).toMatch(/\u001b\[32m✔/);
  });

  it('stops drawing once closed', () => {
    const events = syntheticRunEvents();
    const { out, reporter } = play(events.slice(0, 10));
    reporter.close();
    const before = out.writes.length;
    for (const event of events.slice(10)) reporter(event);
    expect(out.writes.length).toBe(before);
  });
});

describe('truncateAnsi', () => {
  it('cuts by visible characters and keeps colour codes whole', () => {
    const red = '\u001b[31mabcdef\u001b[39m';
    expect(truncateAnsi(red, 4)).toBe('\u001b[31mabc…\u001b[39m');
    expect(truncateAnsi(red, 6)).toBe(red);
  });
});
