/* eslint-disable no-control-regex -- terminal output is made of escape sequences; the tests match them. */
import { lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '@wpfleet/core';
import { createReporters } from '../../src/reporters/create-reporters.js';
import { buildRunSummaryJson } from '../../src/reporters/render-summary-json.js';
import { writeRunReports } from '../../src/reporters/write-run-reports.js';
import { captureStream } from './capture-stream.js';
import { checkWellFormedXml } from './check-well-formed-xml.js';
import { FAILED_SITE, syntheticRunEvents } from './synthetic-run-events.js';

function io(tty = false) {
  return { stdout: captureStream(tty ? { columns: 100, rows: 30 } : undefined), stderr: captureStream() };
}

describe('createReporters', () => {
  it('--json writes only NDJSON on stdout, even on a terminal with colour', () => {
    const streams = io(true);
    const reporter = createReporters({ io: streams, json: true, isTTY: true, color: true });
    const events = syntheticRunEvents();
    for (const e of events) reporter(e);
    const lines = streams.stdout.text().trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(events);
    expect(streams.stderr.text()).toBe('');
  });

  it('draws the live view on a terminal and plain lines elsewhere or with --quiet', () => {
    const tty = io(true);
    const live = createReporters({ io: tty, isTTY: true, color: false, frameIntervalMs: 0 });
    const plain = io();
    const lines = createReporters({ io: plain, isTTY: false, color: false });
    const quiet = io(true);
    const quietOnTty = createReporters({ io: quiet, isTTY: true, quiet: true, color: false });
    for (const e of syntheticRunEvents()) [live, lines, quietOnTty].forEach((r) => r(e));
    expect(tty.stdout.text()).toMatch(/\u001b\[\d+A/);
    expect(plain.stdout.text()).not.toContain('\u001b');
    expect(plain.stdout.text()).toContain('[wave 1] acme-blog db ✔ 40.1 MiB in 8.3s\n');
    expect(quiet.stdout.text()).not.toContain('\u001b[');
    expect(quiet.stdout.text().split('\n')[0]).toMatch(/^\[wave 2\] docs-site db ✖ WPF_DB_IMPORT/);
  });

  it('takes colour and terminal from io when not given', () => {
    const streams = io();
    const reporter = createReporters({ io: { ...streams, color: true, isTTY: false } });
    for (const e of syntheticRunEvents()) reporter(e);
    expect(streams.stdout.text()).toContain('\u001b[32m✔');
  });

  it('keeps the run going when a reporter throws, and says so once on stderr', () => {
    const streams = io();
    let writes = 0;
    streams.stdout.write = (() => {
      writes += 1;
      throw new Error('EPIPE: stdout closed');
    }) as typeof streams.stdout.write;
    const reporter = createReporters({ io: streams });
    expect(() => {
      for (const e of syntheticRunEvents()) reporter(e);
    }).not.toThrow();
    expect(writes).toBe(1);
    expect(streams.stderr.text()).toBe(
      'wpfleet: a reporter stopped after an error (EPIPE: stdout closed); the run continues and the reports are still written.\n',
    );
    expect(reporter.events()).toHaveLength(
      syntheticRunEvents().filter((e) => e.type !== 'step-progress').length + 9,
    );
  });

  it('keeps every event for the reports but only the latest progress of each step attempt', () => {
    const reporter = createReporters({ io: io() });
    const events = syntheticRunEvents();
    for (const e of events) reporter(e);
    const kept = reporter.events();
    const progress = kept.filter((e) => e.type === 'step-progress');
    // 3 good sites x (db, files) + docs-site files, plus one for each of docs-site's two db attempts.
    expect(progress).toHaveLength(9);
    expect(kept.filter((e) => e.type !== 'step-progress')).toEqual(
      events.filter((e) => e.type !== 'step-progress'),
    );
    expect(progress.find((e) => e.site === 'acme-blog' && e.step === 'db')).toMatchObject({
      bytesDone: 42_000_000,
    });
  });

  it('closes idempotently', () => {
    const reporter = createReporters({ io: io(true), isTTY: true, frameIntervalMs: 50 });
    reporter(syntheticRunEvents()[0]!);
    reporter.close();
    expect(() => reporter.close()).not.toThrow();
  });
});

describe('writeRunReports', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes report.html, junit.xml and summary.json into the run directory, and nothing else', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wpfleet-reports-'));
    const runDir = join(dir, 'runs', 'run-1');
    const reporter = createReporters({ io: io() });
    for (const e of syntheticRunEvents()) reporter(e);
    const paths = await writeRunReports(runDir, reporter.events());
    expect(paths).toEqual({
      html: join(runDir, 'report.html'),
      junit: join(runDir, 'junit.xml'),
      summary: join(runDir, 'summary.json'),
    });
    expect((await readdir(runDir)).sort()).toEqual(['junit.xml', 'report.html', 'summary.json']);
    expect(await readFile(paths.html, 'utf8')).toMatch(/^<!doctype html>/);
    expect(
      checkWellFormedXml(await readFile(paths.junit, 'utf8')).filter((e) => e.name === 'testcase'),
    ).toHaveLength(4);
    const summary = JSON.parse(await readFile(paths.summary, 'utf8')) as ReturnType<
      typeof buildRunSummaryJson
    >;
    expect(summary).toMatchObject({
      runId: 'run-20261124-151326',
      status: 'failed',
      summary: { succeeded: 3, failed: 1 },
    });
    expect(summary.sites.find((s) => s.site === FAILED_SITE)).toMatchObject({
      status: 'failed',
      failedStep: 'db',
      error: { code: 'WPF_DB_IMPORT' },
      steps: { db: { status: 'failed', attempts: 2, bytes: 30_000_000 } },
    });
    expect(summary.sites.find((s) => s.site === 'news-portal')?.findings).toEqual({
      error: 0,
      warning: 0,
      info: 1,
    });
  });

  it('replaces report files that are symlinks planted in the run directory, leaving their targets untouched', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wpfleet-reports-'));
    const runDir = join(dir, 'run-1');
    await mkdir(runDir);
    const outside = join(dir, 'outside.txt');
    await writeFile(outside, 'precious\n');
    const names = ['report.html', 'junit.xml', 'summary.json'];
    // The temporary names the reports were once written under, predictable from the pid.
    for (const name of names) await symlink(outside, join(runDir, name));
    for (const name of names) await symlink(outside, join(runDir, `${name}.${process.pid}.tmp`));
    const reporter = createReporters({ io: io() });
    for (const e of syntheticRunEvents()) reporter(e);
    await writeRunReports(runDir, reporter.events());
    expect(await readFile(outside, 'utf8')).toBe('precious\n');
    for (const name of names) expect((await lstat(join(runDir, name))).isFile()).toBe(true);
  });

  it('keeps URL credentials a host reported out of every report', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wpfleet-reports-'));
    const events = syntheticRunEvents().map((e) =>
      e.type === 'finding'
        ? { ...e, finding: { ...e.finding, message: 'home is https://admin:hunter2@blog.test/' } }
        : e,
    );
    const paths = await writeRunReports(join(dir, 'run-1'), events);
    for (const path of Object.values(paths)) {
      const text = await readFile(path, 'utf8');
      expect(text).not.toContain('hunter2');
    }
    expect(await readFile(paths.html, 'utf8')).toContain('https://***@blog.test/');
  });

  it('creates the run directory and its parents readable by the owner only', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wpfleet-reports-'));
    await writeRunReports(join(dir, 'runs', 'run-1'), []);
    expect((await stat(join(dir, 'runs'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'runs', 'run-1'))).mode & 0o777).toBe(0o700);
  });

  it('reports a run without run-finished as incomplete', () => {
    const events: RunEvent[] = syntheticRunEvents().filter((e) => e.type !== 'run-finished');
    expect(buildRunSummaryJson(events)).toMatchObject({
      status: 'incomplete',
      summary: null,
      finishedAt: null,
    });
  });
});
