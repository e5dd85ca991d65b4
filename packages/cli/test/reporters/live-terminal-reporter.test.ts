/* eslint-disable no-control-regex -- terminal output is made of escape sequences; the tests match them. */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@wpfleet/core';
import stringWidth from 'string-width';
import { createLiveTerminalReporter } from '../../src/reporters/create-live-terminal-reporter.js';
import { fitColumns, terminalColumns, truncateAnsi } from '../../src/reporters/terminal-columns.js';
import { terminalStyle } from '../../src/terminal/terminal-style.js';
import { captureStream } from './capture-stream.js';
import { HOSTILE_SITE, syntheticRunEvents } from './synthetic-run-events.js';
import { virtualScreen } from './virtual-screen.js';

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

function play(
  events: RunEvent[],
  opts: { columns?: number; rows?: number; verbose?: boolean; color?: boolean } = {},
) {
  const out = captureStream({ columns: opts.columns ?? 120, rows: opts.rows ?? 40 });
  const reporter = createLiveTerminalReporter({
    stream: out,
    chalk: terminalStyle(opts.color ?? false),
    verbose: opts.verbose ?? false,
    frameIntervalMs: 0,
    now: () => 500,
  });
  for (const event of events) reporter(event);
  return { out, screen: virtualScreen(out.text()), reporter };
}

/** Names that `.length` gets wrong: two-column CJK, a ZWJ emoji, a combining accent, fullwidth Latin, astral letters. */
const WIDE_SITES = [
  '日本語サイト',
  'acme-blog',
  '👩‍💻-cafe\u0301',
  'ｆｕｌｌｗｉｄｔｈ-ｓｈｏｐ',
  '𝒜𝒷𝒸-site',
] as const;

/** One wave of WIDE_SITES, each past preflight and copying its database with a wide progress message. */
function wideRun(sites: readonly string[] = WIDE_SITES): RunEvent[] {
  const b = { runId: 'r-wide' };
  const events: RunEvent[] = [
    {
      ...b,
      type: 'run-started',
      at: 0,
      planHash: 'h',
      resumed: false,
      waves: [{ number: 1, sites: [...sites] }],
    },
    { ...b, type: 'wave-started', at: 0, wave: 1, sites: [...sites] },
  ];
  for (const site of sites) {
    events.push(
      { ...b, type: 'site-started', at: 10, wave: 1, site, alreadyDone: [] },
      { ...b, type: 'step-started', at: 10, site, step: 'preflight', attempt: 1, inDoubt: false },
      {
        ...b,
        type: 'step-finished',
        at: 20,
        site,
        step: 'preflight',
        status: 'succeeded',
        durationMs: 10,
        attempt: 1,
        outputs: {},
      },
      { ...b, type: 'step-started', at: 20, site, step: 'db', attempt: 1, inDoubt: false },
      {
        ...b,
        type: 'step-progress',
        at: 30,
        site,
        step: 'db',
        bytesDone: 1_000,
        bytesTotal: 4_000,
        message: `テーブル wp_投稿 をコピー中 ${site} 🚚🚚🚚`,
      },
    );
  }
  return events;
}

/** Column at which `needle` starts in `line`. */
const columnOf = (line: string, needle: string) => stringWidth(line.slice(0, line.indexOf(needle)));

/** The events up to and including the first one that matches. */
function until(pred: (e: RunEvent) => boolean): RunEvent[] {
  const all = syntheticRunEvents();
  return all.slice(0, all.findIndex(pred) + 1);
}

describe('live terminal view', () => {
  it('shows each running site with its current step, bytes done/total, rate, ETA and a spinner', () => {
    const events = until(
      (e) =>
        e.type === 'step-progress' && e.site === 'acme-blog' && e.step === 'db' && e.bytesDone === 21_000_000,
    );
    const { screen } = play(events);
    const text = screen.join('\n');
    expect(screen[0]).toMatch(
      /^run run-20261124-151326 started: plan sha256:9f2c1e7a4b3d, 2 waves, 4 sites$/,
    );
    expect(text).toMatch(/Wave 1 · ✔ 0 passed {2}✖ 0 failed {2}2 running/);
    const site = screen.findIndex((l) => l.includes('acme-blog'));
    expect(screen[site]).toMatch(SPINNER);
    expect(screen[site]).toContain('✔ preflight');
    const db = screen.slice(site + 1).find((l) => l.trimStart().slice(2).startsWith('db'));
    // Ends with the time the step has been running, on the Runner's clock: 1.4s → 5.55s.
    expect(db).toMatch(/[█░]{12} +50% {2}20\.0 MiB \/ 40\.1 MiB {2}4\.8 MiB\/s {2}ETA 4\.1s {2}4\.[12]s$/);
    expect(db).toMatch(SPINNER);
  });

  it('redraws in place: the screen holds the task list once, however many events arrived', () => {
    const events = until((e) => e.type === 'site-finished' && e.site === 'acme-blog');
    const { out, screen } = play(events);
    expect(out.text()).toMatch(/\u001b\[\d+A\u001b\[0J/);
    expect(screen.filter((l) => l.startsWith('Wave 1'))).toHaveLength(1);
    expect(screen.filter((l) => l.includes('acme-blog'))).toHaveLength(1);
    expect(screen.find((l) => l.includes('acme-blog'))).toMatch(
      /✔ acme-blog +12\.6s {2}✔ preflight ✔ db ✔ files ✔ verify ✔ swap ✔ http-check {2}⚠ 1/,
    );
    expect(screen.length).toBeLessThan(12);
  });

  it('keeps finished waves and a final summary on screen after the run, with nothing left spinning', () => {
    const { screen } = play(syntheticRunEvents());
    const text = screen.join('\n');
    expect(text).not.toMatch(SPINNER);
    expect(screen.filter((l) => l.startsWith('Wave 1'))).toEqual([
      'Wave 1 passed · ✔ 2 passed  ✖ 0 failed in 12.9s',
    ]);
    expect(screen.filter((l) => l.startsWith('Wave 2'))).toEqual([
      'Wave 2 failed · ✔ 1 passed  ✖ 1 failed in 12.9s',
    ]);
    expect(text).toContain('  gate: 1 of 2 sites failed; no later wave');
    expect(text).toMatch(
      /✖ docs-site +7\.0s {2}✔ preflight ✖ db ✔ files\n {6}db: WPF_DB_IMPORT target db import failed/,
    );
    expect(text).toContain(`✔ ${HOSTILE_SITE}`);
    expect(text).toMatch(/✖ 1$/m);
    expect(screen.at(-2)).toBe('run run-20261124-151326 failed in 26.1s: 3 succeeded, 1 failed; 3 findings');
  });

  it('never draws a line wider than the terminal', () => {
    const events = until((e) => e.type === 'step-progress' && e.site === 'acme-blog' && e.step === 'db');
    const { screen } = play(events, { columns: 50 });
    // The run-started line is a log line above the frame; the frame lines are cut to the width.
    for (const line of screen.slice(1)) expect(stringWidth(line)).toBeLessThanOrEqual(49);
    expect(screen.some((l) => l.endsWith('…'))).toBe(true);
  });

  it('keeps lines with wide site names and messages within the terminal, counted in columns', () => {
    for (const columns of [30, 50, 80, 120]) {
      const { screen } = play(wideRun(), { columns });
      const frame = screen.slice(1);
      for (const line of frame)
        expect(stringWidth(line), `${columns} columns: ${line}`).toBeLessThanOrEqual(columns - 1);
      // The cut lines end in … and never in half a grapheme cluster (a lone ZWJ, surrogate or accent).
      expect(frame.some((l) => l.endsWith('…'))).toBe(true);
      for (const line of frame)
        expect(line).not.toMatch(
          /\u200d(?:…|$)|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|^\u0301/,
        );
    }
  });

  it('lines up the columns after site names, however wide their characters', () => {
    const { screen } = play(wideRun(), { columns: 120 });
    const lines = WIDE_SITES.map((site) => screen.find((l) => l.includes(site)) ?? '');
    for (const line of lines) expect(line).toContain('✔ preflight');
    const at = lines.map((l) => columnOf(l, '✔ preflight'));
    expect(new Set(at).size, lines.join('\n')).toBe(1);
    // The widest name sets the column: ｆｕｌｌｗｉｄｔｈ-ｓｈｏｐ is 13 characters but 9×2 + 1 + 4×2 = 27 columns.
    expect(at[0]).toBe(4 + 27 + 2);
    // The running steps line up too.
    const steps = screen.filter((l) => l.includes('db ') && l.includes('%'));
    expect(steps).toHaveLength(WIDE_SITES.length);
    expect(new Set(steps.map((l) => columnOf(l, '%'))).size).toBe(1);
  });

  it('cuts a site name wider than a third of the terminal in the live view, and keeps it whole once the wave is printed', () => {
    const long = `${'長い名前のサイト'.repeat(4)}-end`;
    const live = play(wideRun([long, 'acme-blog']), { columns: 60 }).screen;
    const cut = live.find((l) => l.includes('長い名前')) ?? '';
    expect(cut).not.toContain('-end');
    expect(columnOf(cut, '✔ preflight')).toBe(
      columnOf(live.find((l) => l.includes('acme-blog')) ?? '', '✔ preflight'),
    );

    const b = { runId: 'r-wide' };
    const done = play(
      [
        ...wideRun([long, 'acme-blog']),
        ...[long, 'acme-blog'].map((site): RunEvent => ({
          ...b,
          type: 'site-finished',
          at: 40,
          wave: 1,
          site,
          status: 'succeeded',
          durationMs: 30,
        })),
        {
          ...b,
          type: 'wave-finished',
          at: 40,
          wave: 1,
          status: 'passed',
          succeeded: 2,
          failed: 0,
          durationMs: 40,
        },
      ],
      { columns: 60 },
    ).screen;
    expect(done.some((l) => l.includes(long))).toBe(true);
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
    expect(screen).toContain('[wave 1] acme-blog files ✔ 350.0 MiB in 5.9s');
    expect(screen.findIndex((l) => l.startsWith('Wave 1'))).toBeGreaterThan(
      screen.indexOf('[wave 1] acme-blog files ✔ 350.0 MiB in 5.9s'),
    );
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

  it('counts two columns for CJK and emoji and none for a combining mark', () => {
    expect(terminalColumns('日本語サイト')).toBe(12);
    expect(terminalColumns('👩‍💻')).toBe(2);
    expect(terminalColumns('cafe\u0301')).toBe(4);
    expect(terminalColumns('\u001b[1m日本\u001b[22m')).toBe(4);
    expect(truncateAnsi('日本語サイト', 12)).toBe('日本語サイト');
    expect(truncateAnsi('日本語サイト', 11)).toBe('日本語サイ…');
    // 日本語 would fill all 6 columns and leave none for the …: a wide character never straddles the edge.
    expect(truncateAnsi('日本語サイト', 6)).toBe('日本…');
    expect(truncateAnsi('\u001b[31m日本語\u001b[39m', 5)).toBe('\u001b[31m日本…\u001b[39m');
  });

  it('never splits a surrogate pair or a grapheme cluster', () => {
    expect(truncateAnsi('👩‍👩‍👧‍👦👩‍👩‍👧‍👦x', 4)).toBe('👩‍👩‍👧‍👦…');
    expect(truncateAnsi('cafe\u0301 au lait', 5)).toBe('cafe\u0301…');
    expect(truncateAnsi('𝒜𝒷𝒸𝒹', 2)).toBe('𝒜…');
    expect(truncateAnsi('🇯🇵🇫🇷🇩🇪', 5)).toBe('🇯🇵🇫🇷…');
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    for (const text of [
      '日本語サイト-👩‍💻-cafe\u0301-🇯🇵-𝒜𝒷',
      '\u001b[1mｆｕｌｌ\u001b[22m-e\u0301\u0302-👍🏽👍🏽',
    ]) {
      const clusters = [...segmenter.segment(text.replace(/\u001b\[[0-9;]*m/g, ''))].map((s) => s.segment);
      for (let width = 1; width <= terminalColumns(text) + 1; width++) {
        const cut = truncateAnsi(text, width);
        expect(terminalColumns(cut), `${width}: ${cut}`).toBeLessThanOrEqual(width);
        const kept = cut.replace(/\u001b\[[0-9;]*m/g, '').replace(/…$/, '');
        // What is kept is whole clusters from the start.
        const prefixes = clusters.map((_, i) => clusters.slice(0, i + 1).join(''));
        expect(['', ...prefixes], `${width}: ${JSON.stringify(kept)}`).toContain(kept);
      }
    }
  });

  it('pads to columns, not code units', () => {
    expect(fitColumns('日本', 6)).toBe('日本  ');
    expect(fitColumns('cafe\u0301', 6)).toBe('cafe\u0301  ');
    expect(fitColumns('日本語サイト', 7)).toBe('日本語…');
    expect(terminalColumns(fitColumns('日本語サイト', 7))).toBe(7);
  });
});
