import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@wpfleet/core';
import { createPlainLineReporter } from '../../src/reporters/create-plain-line-reporter.js';
import { terminalStyle } from '../../src/terminal/terminal-style.js';
import { captureStream } from './capture-stream.js';
import { FAILED_SITE, HOSTILE_SITE, syntheticRunEvents } from './synthetic-run-events.js';

const plain = terminalStyle(false);

function run(
  options: { quiet?: boolean; verbose?: boolean; color?: boolean } = {},
  events: RunEvent[] = syntheticRunEvents(),
) {
  const out = captureStream();
  const reporter = createPlainLineReporter({
    stream: out,
    chalk: options.color ? terminalStyle(true) : plain,
    ...options,
  });
  for (const event of events) reporter(event);
  return out.text().split('\n').slice(0, -1);
}

describe('plain line reporter (stdout is not a terminal)', () => {
  it('prints stable, greppable lines for finished steps with bytes and time', () => {
    const lines = run();
    expect(lines).toContain('[wave 1] acme-blog db ✔ 40.1 MiB in 8.3s');
    expect(lines).toContain('[wave 2] news-portal files ✔ 488.3 MiB in 5.9s');
    expect(lines).toContain('[wave 1] acme-blog preflight ✔ in 1.2s');
    expect(lines).toContain('[wave 1] ✔ passed: 2 succeeded, 0 failed in 12.9s');
    expect(lines.filter((l) => l.startsWith('[wave 2] docs-site '))).toContain(
      '[wave 2] docs-site ✖ failed at db in 7.0s',
    );
  });

  it('shows a retried transient error, the final error with its hint, and findings', () => {
    const lines = run();
    expect(lines).toContain(
      '[wave 2] docs-site db ↻ WPF_SSH_DISCONNECTED: connection to new-1 closed during db import (attempt 1; retrying in 2.0s)',
    );
    const fatal = lines.findIndex((l) => l.startsWith('[wave 2] docs-site db ✖ WPF_DB_IMPORT'));
    expect(fatal).toBeGreaterThan(-1);
    expect(lines[fatal + 1]).toBe(
      '  hint: Re-run with `--map-collation utf8mb4_0900_ai_ci=utf8mb4_unicode_ci`.',
    );
    expect(lines).toContain(
      '[wave 1] acme-blog db ⚠ warning collation-rewritten (wp_posts): utf8mb4_0900_ai_ci rewritten to utf8mb4_unicode_ci',
    );
  });

  it('ends with a summary naming the failed site', () => {
    const lines = run();
    expect(lines.at(-2)).toBe('run run-20261124-151326 failed in 26.1s: 3 succeeded, 1 failed; 3 findings');
    expect(lines.at(-1)).toMatch(
      /^ {2}✖ \[wave 2\] docs-site failed at db: WPF_DB_IMPORT target db import failed/,
    );
  });

  it('leaves out step starts and short-lived progress by default, but shows every event with --verbose', () => {
    const events = syntheticRunEvents();
    const normal = run({}, events);
    expect(normal.some((l) => l.includes(' started (') || / (db|files) started$/.test(l))).toBe(false);
    expect(normal.some((l) => l.includes('ETA'))).toBe(false);
    const verbose = run({ verbose: true }, events);
    expect(verbose).toContain('[wave 1] acme-blog db started');
    expect(verbose).toContain('[wave 1] acme-blog db 20.0 MiB / 40.1 MiB (50%), at 4.8 MiB/s, ETA 4.1s');
    // One line per event, plus the hint line and the summary's extra site line.
    expect(verbose.length).toBe(events.length + 2);
  });

  it('prints a progress line for a long step at most every 30 seconds', () => {
    const base = { runId: 'r', site: 'big', step: 'db' as const };
    const events: RunEvent[] = [
      {
        ...base,
        type: 'run-started',
        at: 0,
        planHash: 'h',
        waves: [{ number: 1, sites: ['big'] }],
        resumed: false,
      },
      { ...base, type: 'step-started', at: 0, attempt: 1, inDoubt: false },
      ...Array.from({ length: 100 }, (_, i): RunEvent => ({
        ...base,
        type: 'step-progress',
        at: (i + 1) * 1000,
        bytesDone: (i + 1) * 1e6,
        bytesTotal: 2e8,
      })),
    ];
    const progress = run({}, events).filter((l) => l.startsWith('[wave 1] big db '));
    expect(progress).toHaveLength(3);
    expect(progress[0]).toBe('[wave 1] big db 29.6 MiB / 190.7 MiB (15%), at 976.6 KiB/s, ETA 2m 49s');
  });

  it('--quiet prints only failures and the final summary', () => {
    const lines = run({ quiet: true });
    expect(lines.filter((l) => l.includes('✔ ') && !l.includes('failed'))).toEqual([]);
    expect(lines.some((l) => l.includes('WPF_SSH_DISCONNECTED'))).toBe(false);
    expect(lines[0]).toMatch(/^\[wave 2\] docs-site db ✖ WPF_DB_IMPORT/);
    expect(lines.at(-2)).toMatch(/^run run-20261124-151326 failed/);
    expect(lines).toHaveLength(6);
  });

  it('has no colour codes without colour, and colours marks with it', () => {
    expect(run().join('\n')).not.toContain('\u001b[');
    expect(run({ color: true }).join('\n')).toContain('\u001b[32m✔');
  });

  it('cannot be made to forge lines or send escape sequences through a site name or a message', () => {
    const evil = 'evil\n[wave 1] fake ✔\u001b[2J';
    const lines = run({}, [
      {
        runId: 'r',
        type: 'run-started',
        at: 0,
        planHash: 'h',
        waves: [{ number: 1, sites: [evil] }],
        resumed: false,
      },
      { runId: 'r', type: 'site-finished', at: 1, wave: 1, site: evil, status: 'succeeded', durationMs: 1 },
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('[wave 1] evil [wave 1] fake ✔\ufffd[2J ✔ succeeded in 1ms');
    expect(lines.join('')).not.toContain('\u001b');
    expect(run().some((l) => l.includes(HOSTILE_SITE) && l.includes(FAILED_SITE))).toBe(false);
  });
});
