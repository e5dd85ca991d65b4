import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@wpfleet/core';
import { renderJunitReport } from '../../src/reporters/render-junit-report.js';
import { checkWellFormedXml } from './check-well-formed-xml.js';
import { FAILED_SITE, HOSTILE_SITE, syntheticRunEvents } from './synthetic-run-events.js';

describe('JUnit XML report', () => {
  const xml = renderJunitReport(syntheticRunEvents());
  const elements = checkWellFormedXml(xml);
  const named = (name: string) => elements.filter((e) => e.name === name);

  it('is well-formed XML with one testsuite per wave and one testcase per site', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const root = named('testsuites')[0]!;
    expect(root.attributes).toMatchObject({
      tests: '4',
      failures: '1',
      errors: '0',
      skipped: '0',
      time: '26.100',
    });
    expect(
      named('testsuite').map((s) => [s.attributes['name'], s.attributes['tests'], s.attributes['failures']]),
    ).toEqual([
      ['wave 1', '2', '0'],
      ['wave 2', '2', '1'],
    ]);
    const cases = named('testcase');
    expect(cases.map((c) => [c.attributes['classname'], c.attributes['name']])).toEqual([
      ['wave 1', 'acme-blog'],
      ['wave 1', HOSTILE_SITE],
      ['wave 2', 'news-portal'],
      ['wave 2', FAILED_SITE],
    ]);
    expect(cases.every((c) => c.parent?.attributes['name'] === c.attributes['classname'])).toBe(true);
  });

  it('gives the failed site a failure with its error code, message and hint', () => {
    const failures = named('failure');
    expect(failures).toHaveLength(1);
    const failure = failures[0]!;
    expect(failure.parent?.attributes['name']).toBe(FAILED_SITE);
    expect(failure.attributes['type']).toBe('WPF_DB_IMPORT');
    expect(failure.attributes['message']).toBe(
      "db: target db import failed for site `docs-site` on host `new-1`: Unknown collation 'utf8mb4_0900_ai_ci'",
    );
    expect(failure.text).toContain(
      'hint: Re-run with `--map-collation utf8mb4_0900_ai_ci=utf8mb4_unicode_ci`.',
    );
  });

  it('puts findings and step results in system-out, escaped and round-tripping exactly', () => {
    const out = named('system-out').find((e) => e.parent?.attributes['name'] === HOSTILE_SITE);
    expect(out?.text).toContain(
      'error serialized-corrupt [verify] (wp_options): option <widget_text> & "sidebar" does not unserialize',
    );
    expect(out?.text).toContain('step db: succeeded in 8.300s');
    // The raw document never carries the hostile characters unescaped.
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('name="shop&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;s"');
  });

  it('stays valid XML for characters XML forbids, and marks sites of a held wave as skipped', () => {
    const events: RunEvent[] = [
      {
        runId: 'r',
        type: 'run-started',
        at: 0,
        planHash: 'h',
        resumed: false,
        waves: [
          { number: 1, sites: ['a\u0001b'] },
          { number: 2, sites: ['later'] },
        ],
      },
      { runId: 'r', type: 'wave-started', at: 1, wave: 1, sites: ['a\u0001b'] },
      { runId: 'r', type: 'site-started', at: 1, wave: 1, site: 'a\u0001b', alreadyDone: [] },
      { runId: 'r', type: 'step-started', at: 1, site: 'a\u0001b', step: 'db', attempt: 1, inDoubt: false },
      {
        runId: 'r',
        type: 'step-failed',
        at: 2,
        site: 'a\u0001b',
        step: 'db',
        code: 'WPF_X',
        message: 'bad \u001b[31m byte',
        transient: false,
        aborted: false,
        attempt: 1,
        willRetry: false,
        durationMs: 1,
      },
      {
        runId: 'r',
        type: 'site-finished',
        at: 2,
        wave: 1,
        site: 'a\u0001b',
        status: 'failed',
        durationMs: 1,
        failedStep: 'db',
      },
      {
        runId: 'r',
        type: 'wave-finished',
        at: 3,
        wave: 1,
        status: 'failed',
        succeeded: 0,
        failed: 1,
        durationMs: 2,
        gateMessage: 'wave 1 failed: later waves held',
      },
      {
        runId: 'r',
        type: 'wave-finished',
        at: 3,
        wave: 2,
        status: 'held',
        succeeded: 0,
        failed: 0,
        durationMs: 0,
        gateMessage: 'wave 1 failed: later waves held',
      },
    ];
    const doc = renderJunitReport(events);
    const parsed = checkWellFormedXml(doc);
    expect(parsed.find((e) => e.name === 'testcase' && e.attributes['name'] === 'a\ufffdb')).toBeDefined();
    const skipped = parsed.filter((e) => e.name === 'skipped');
    expect(skipped.map((s) => [s.parent?.attributes['name'], s.attributes['message']])).toEqual([
      ['later', 'wave 1 failed: later waves held'],
    ]);
  });
});

describe('the XML checker used above', () => {
  it('rejects what a CI parser would reject', () => {
    for (const bad of [
      '<a>&</a>',
      '<a b="<"/>',
      '<a><b></a>',
      '<a/><b/>',
      '<a b=c/>',
      '<a>\u0001</a>',
      '<a>&nbsp;</a>',
    ]) {
      expect(() => checkWellFormedXml(bad), bad).toThrow();
    }
    expect(checkWellFormedXml('<a b="&lt;&amp;&quot;&#39;">x &gt; y</a>')[0]).toMatchObject({
      attributes: { b: `<&"'` },
      text: 'x > y',
    });
  });
});
