import { describe, expect, it } from 'vitest';
import type { JsonObject, RunEvent } from '@wpfleet/core';
import { renderHtmlReport } from '../../src/reporters/render-html-report.js';
import { FAILED_SITE, HOSTILE_SITE, PLAN_HASH, SITES, syntheticRunEvents } from './synthetic-run-events.js';

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A one-site run whose verify step recorded `outputs`. */
function verifiedRun(outputs: JsonObject, finished = true): RunEvent[] {
  const b = { runId: 'r1' };
  const events: RunEvent[] = [
    {
      ...b,
      type: 'run-started',
      at: 1000,
      planHash: 'h',
      resumed: false,
      waves: [{ number: 1, sites: ['solo'] }],
    },
    { ...b, type: 'wave-started', at: 1000, wave: 1, sites: ['solo'] },
    {
      ...b,
      type: 'site-started',
      at: 1000,
      wave: 1,
      site: 'solo',
      alreadyDone: ['preflight', 'db', 'files'],
    },
    { ...b, type: 'step-started', at: 1100, site: 'solo', step: 'verify', attempt: 1, inDoubt: true },
    {
      ...b,
      type: 'step-finished',
      at: 2100,
      site: 'solo',
      step: 'verify',
      status: 'succeeded',
      durationMs: 1000,
      attempt: 1,
      outputs,
    },
  ];
  if (finished) {
    events.push(
      { ...b, type: 'site-finished', at: 2200, wave: 1, site: 'solo', status: 'succeeded', durationMs: 1200 },
      {
        ...b,
        type: 'wave-finished',
        at: 2200,
        wave: 1,
        status: 'passed',
        succeeded: 1,
        failed: 0,
        durationMs: 1200,
      },
    );
  }
  return events;
}

/**
 * A one-site run whose verify step failed the way the verify handler fails it (docs/decisions.md, DM4): an
 * `integrity-mismatch` error finding carrying the integrity, then `step-failed`, and no outputs.
 */
function failedVerifyRun(attempts: JsonObject[] = [failedIntegrity()]): RunEvent[] {
  const b = { runId: 'r3' };
  const events: RunEvent[] = [
    {
      ...b,
      type: 'run-started',
      at: 1000,
      planHash: 'h',
      resumed: false,
      waves: [{ number: 1, sites: ['shop'] }],
    },
    { ...b, type: 'wave-started', at: 1000, wave: 1, sites: ['shop'] },
    {
      ...b,
      type: 'site-started',
      at: 1000,
      wave: 1,
      site: 'shop',
      alreadyDone: ['preflight', 'db', 'files'],
    },
  ];
  attempts.forEach((details, i) => {
    const at = 1100 + i * 1000;
    const attempt = i + 1;
    const last = attempt === attempts.length;
    events.push(
      { ...b, type: 'step-started', at, site: 'shop', step: 'verify', attempt, inDoubt: false },
      {
        ...b,
        type: 'finding',
        at: at + 800,
        site: 'shop',
        step: 'verify',
        finding: {
          severity: 'error',
          code: 'integrity-mismatch',
          message: '2 integrity difference(s)',
          where: { site: 'shop', step: 'verify' },
          details,
        },
      },
      {
        ...b,
        type: 'step-failed',
        at: at + 900,
        site: 'shop',
        step: 'verify',
        code: 'WPF_VERIFY_FAILED',
        message: 'the staged copy of site shop differs from the source: table wp_posts differs',
        transient: !last,
        aborted: false,
        attempt,
        willRetry: !last,
        durationMs: 900,
      },
    );
  });
  const end = 1100 + attempts.length * 1000;
  events.push(
    {
      ...b,
      type: 'site-finished',
      at: end,
      wave: 1,
      site: 'shop',
      status: 'failed',
      durationMs: end - 1000,
      failedStep: 'verify',
    },
    {
      ...b,
      type: 'wave-finished',
      at: end,
      wave: 1,
      status: 'failed',
      succeeded: 0,
      failed: 1,
      durationMs: end - 1000,
    },
  );
  return events;
}

/** The verify handler's Integrity for a copy whose wp_posts lost a row and whose uploads lost a file. */
function failedIntegrity(postsTarget = 9): JsonObject {
  return {
    tables: [
      {
        table: 'wp_options',
        sourceRows: 120,
        targetRows: 120,
        sourceDigest: 'b3:0a',
        targetDigest: 'b3:0a',
        equal: true,
      },
      {
        table: 'wp_posts',
        sourceRows: 10,
        targetRows: postsTarget,
        sourceDigest: 'b3:1a',
        targetDigest: 'b3:1b',
        equal: false,
        firstDifference: `table wp_posts differs: 10 rows sent, ${postsTarget} rows on the target; first differing row: #7 (ID=7)`,
      },
    ],
    files: [
      {
        dir: 'uploads',
        sourceFiles: 12,
        targetFiles: 11,
        sourceBytes: 4096,
        targetBytes: 2048,
        equal: false,
      },
      { dir: 'themes', sourceFiles: 3, targetFiles: 3, sourceBytes: 100, targetBytes: 100, equal: true },
    ],
    relations: [{ check: 'orphan-postmeta', blog: '1', source: 0, target: 0 }],
  };
}

/** The Integrity section's article of one site. */
function integrityArticle(doc: string, site: string): string {
  const start = doc.indexOf(`<article class="site" id="integrity-${site}">`);
  expect(start, `integrity article of ${site}`).toBeGreaterThan(-1);
  return doc.slice(start, doc.indexOf('</article>', start));
}

describe('HTML report', () => {
  const html = renderHtmlReport(syntheticRunEvents());

  it('has the run in its title and header: run id, status, plan hash and totals', () => {
    expect(html).toContain('<title>wpfleet run run-20261124-151326: failed</title>');
    expect(html).toContain(`<dd>${PLAN_HASH}</dd>`);
    expect(html).toMatch(/<b>3<\/b><span>succeeded<\/span>/);
    expect(html).toMatch(/<b>1<\/b><span>failed<\/span>/);
    expect(html).toMatch(/<b>3<\/b><span>findings<\/span>/);
  });

  it('lists every site in the sites table, with the failure of the failed one', () => {
    const table = html.slice(
      html.indexOf('<table id="sites">'),
      html.indexOf('</table>', html.indexOf('<table id="sites">')),
    );
    for (const site of SITES) expect(table).toContain(`>${escapeHtml(site)}</a>`);
    expect(table.match(/<tr class="/g)).toHaveLength(4);
    expect(table).toContain('<tr class="failed"><td><a href="#site-docs-site">docs-site</a>');
    expect(table).toContain('db: <code>WPF_DB_IMPORT</code> target db import failed');
  });

  it('escapes hostile site names and messages everywhere', () => {
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).toContain('shop&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;s');
    expect(html).toContain('option &lt;widget_text&gt; &amp; &quot;sidebar&quot; does not unserialize');
    expect(html).toContain('&quot;preview&quot;:&quot;a:2:{i:0;s:5:\\&quot;&lt;/td&gt;&quot;');
    // Fragment ids made from the hostile name keep only safe characters.
    const ids = [...html.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(HOSTILE_SITE).toContain('<script>');
  });

  it('is self-contained: inline CSS and SVG, no script, no external reference', () => {
    expect(html).toContain('<style>');
    expect(html).toContain('<svg class="timeline"');
    expect(html).toContain('<svg class="data-moved"');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    const refs = [...html.matchAll(/\s(?:src|href|xlink:href|action)\s*=\s*"([^"]*)"/gi)].map(
      (m) => m[1] ?? '',
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref.startsWith('#'), ref).toBe(true);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?\s*(?:https?:|\/\/)/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('draws a timeline bar per step, marking the failed one', () => {
    const timeline = html.slice(
      html.indexOf('<svg class="timeline"'),
      html.indexOf('</svg>', html.indexOf('<svg class="timeline"')),
    );
    // 3 sites x 6 steps + docs-site's preflight, db, files.
    expect(timeline.match(/<rect [^>]*rx="2"/g)).toHaveLength(21);
    expect(timeline).toContain('<title>docs-site db: failed, 6.1s, 2 attempts</title>');
  });

  it('groups findings by severity, errors first', () => {
    const findings = html.slice(
      html.indexOf('<section id="findings">'),
      html.indexOf('</section>', html.indexOf('<section id="findings">')),
    );
    const order = ['Errors (1)', 'Warnings (1)', 'Information (1)'].map((t) => findings.indexOf(t));
    expect(order.every((i) => i > -1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(findings).toContain('<code>collation-rewritten</code>');
  });

  it("renders the verify step's integrity tables, and says so where a site was not verified", () => {
    const integrity = html.slice(
      html.indexOf('<section id="integrity">'),
      html.indexOf('</section>', html.indexOf('<section id="integrity">')),
    );
    expect(integrity.match(/<table class="integrity-tables">/g)).toHaveLength(3);
    expect(integrity.match(/<table class="integrity-files">/g)).toHaveLength(3);
    expect(integrity).toContain(
      '<td><code>wp_postmeta</code></td><td class="num">200</td><td class="num">200</td>',
    );
    expect(integrity).toContain(
      '<td><code>uploads</code></td><td class="num">1204</td><td class="num">1204</td><td class="num">295.6 MiB</td>',
    );
    // news-portal is a multisite with 3 blogs: 2 relation checks per blog.
    const news = integrity.slice(
      integrity.indexOf('<h3>news-portal'),
      integrity.indexOf(`<h3>${FAILED_SITE}`),
    );
    expect(news).toContain('<h3>news-portal <span class="pill s-equal">all equal</span></h3>');
    expect(news.match(/<tr class=""><td>(orphan-postmeta|posts-missing-author)<\/td>/g)).toHaveLength(6);
    expect(integrity).toContain(
      `<h3>${FAILED_SITE}</h3><p class="muted">Not verified: the verify step did not run for this site.</p>`,
    );
  });

  it('marks integrity rows that differ', () => {
    const doc = renderHtmlReport(
      verifiedRun({
        integrity: {
          tables: [
            {
              table: 'wp_posts',
              sourceRows: 10,
              targetRows: 9,
              sourceDigest: 'aa',
              targetDigest: 'bb',
              equal: false,
              firstDifference: { id: 7 },
            },
          ],
        },
      }),
    );
    expect(doc).toContain(
      '<tr class="failed"><td><code>wp_posts</code></td><td class="num">10</td><td class="num">9</td>',
    );
    expect(doc).toContain('<h3>solo <span class="pill s-differs">1 differ</span></h3>');
    expect(doc).toContain(
      '<span class="pill s-differs">differs</span></td><td><code>{&quot;id&quot;:7}</code>',
    );
  });

  it("shows a failed verify's integrity tables from its finding, marked as from the failed verify", () => {
    const article = integrityArticle(renderHtmlReport(failedVerifyRun()), 'shop');
    expect(article).toContain(
      '<h3>shop <span class="pill s-differs">2 differ</span> <span class="pill s-failed">verify failed</span></h3>',
    );
    expect(article).toContain('From the failed verify');
    expect(article).not.toContain('No integrity data');
    // Every table is there, the differing ones highlighted.
    expect(article).toContain('<tr class=""><td><code>wp_options</code></td><td class="num">120</td>');
    expect(article).toContain(
      '<tr class="failed"><td><code>wp_posts</code></td><td class="num">10</td><td class="num">9</td>',
    );
    expect(article).toContain(
      '<tr class="failed"><td><code>uploads</code></td><td class="num">12</td><td class="num">11</td>',
    );
    expect(article).toContain('<tr class=""><td><code>themes</code></td>');
  });

  it('names what differs above the tables, with the first differing row', () => {
    const article = integrityArticle(renderHtmlReport(failedVerifyRun()), 'shop');
    const list = article.slice(article.indexOf('<ul class="differences">'), article.indexOf('</ul>'));
    expect(list.match(/<li>/g)).toHaveLength(2);
    expect(list).toContain(
      '<li><code>wp_posts</code>: table wp_posts differs: 10 rows sent, 9 rows on the target; first differing row: #7 (ID=7)</li>',
    );
    expect(list).toContain(
      '<li><code>uploads</code>: 12 files / 4.0 KiB on the source, 11 / 2.0 KiB on the target</li>',
    );
    expect(list).not.toContain('wp_options');
    expect(article.indexOf('<ul class="differences">')).toBeLessThan(
      article.indexOf('<table class="integrity-tables">'),
    );
  });

  it('links the integrity-mismatch finding to the tables instead of dumping them as JSON', () => {
    const doc = renderHtmlReport(failedVerifyRun());
    const findings = doc.slice(
      doc.indexOf('<section id="findings">'),
      doc.indexOf('</section>', doc.indexOf('<section id="findings">')),
    );
    expect(findings).toContain(
      '2 integrity difference(s)<br><a href="#integrity-shop">integrity tables of shop</a>',
    );
    expect(findings).not.toContain('sourceDigest');
  });

  it("shows the latest failed attempt's integrity, and a later success's outputs over any failed attempt", () => {
    const twice = integrityArticle(
      renderHtmlReport(failedVerifyRun([failedIntegrity(8), failedIntegrity(9)])),
      'shop',
    );
    expect(twice).toContain('<td><code>wp_posts</code></td><td class="num">10</td><td class="num">9</td>');
    expect(twice).not.toContain('<td class="num">8</td>');

    const events = failedVerifyRun([failedIntegrity(8)]).filter(
      (e) => e.type !== 'site-finished' && e.type !== 'wave-finished',
    );
    for (const e of events)
      if (e.type === 'step-failed') Object.assign(e, { transient: true, willRetry: true });
    const good = {
      tables: [
        {
          table: 'wp_posts',
          sourceRows: 10,
          targetRows: 10,
          sourceDigest: 'b3:1a',
          targetDigest: 'b3:1a',
          equal: true,
        },
      ],
    };
    events.push(
      {
        runId: 'r3',
        type: 'step-started',
        at: 5000,
        site: 'shop',
        step: 'verify',
        attempt: 2,
        inDoubt: false,
      },
      {
        runId: 'r3',
        type: 'step-finished',
        at: 5500,
        site: 'shop',
        step: 'verify',
        status: 'succeeded',
        durationMs: 500,
        attempt: 2,
        outputs: { integrity: good },
      },
    );
    const retried = integrityArticle(renderHtmlReport(events), 'shop');
    expect(retried).toContain('<h3>shop <span class="pill s-equal">all equal</span></h3>');
    expect(retried).not.toContain('From the failed verify');
  });

  it('renders gracefully when integrity data is absent or in an unknown shape', () => {
    expect(renderHtmlReport(verifiedRun({ tables: 3 }))).toContain(
      'No integrity data: the verify step succeeded without recording any.',
    );
    const odd = renderHtmlReport(verifiedRun({ integrity: { tables: '<b>nope</b>' } }));
    expect(odd).toContain('Integrity data in a shape this report does not know:');
    expect(odd).toContain('&lt;b&gt;nope&lt;/b&gt;');
    expect(odd).not.toContain('<b>nope</b>');
    const oddFinding = renderHtmlReport(failedVerifyRun([{ tables: '<b>nope</b>' }]));
    expect(oddFinding).toContain('From the failed verify');
    expect(oddFinding).toContain('Integrity data in a shape this report does not know:');
  });

  it("renders a run that never finished (rebuilt from a crashed run's journal) as incomplete", () => {
    const doc = renderHtmlReport(verifiedRun({}, false));
    expect(doc).toContain('<title>wpfleet run r1: incomplete</title>');
    expect(doc).toContain('not finished: the report shows the run up to its last event');
    expect(doc).toContain('done in an earlier run');
    expect(doc).toContain('in doubt after an interrupted run');
  });

  it('draws steps replayed from an earlier run of a resumed plan inside the timeline, before this run started', () => {
    const b = { runId: 'r2' };
    const doc = renderHtmlReport([
      {
        ...b,
        type: 'run-started',
        at: 600_000,
        planHash: 'h',
        resumed: true,
        waves: [{ number: 1, sites: ['solo'] }],
      },
      { ...b, type: 'step-started', at: 1000, site: 'solo', step: 'preflight', attempt: 1, inDoubt: false },
      {
        ...b,
        type: 'step-finished',
        at: 3000,
        site: 'solo',
        step: 'preflight',
        status: 'succeeded',
        durationMs: 2000,
        attempt: 1,
        outputs: {},
      },
      { ...b, type: 'site-started', at: 600_000, wave: 1, site: 'solo', alreadyDone: ['preflight'] },
      { ...b, type: 'step-started', at: 600_100, site: 'solo', step: 'db', attempt: 1, inDoubt: false },
      {
        ...b,
        type: 'step-finished',
        at: 660_000,
        site: 'solo',
        step: 'db',
        status: 'succeeded',
        durationMs: 59_900,
        attempt: 1,
        outputs: {},
      },
    ]);
    const xs = [...doc.matchAll(/<rect x="([\d.-]+)" y="\d+" width="[\d.]+" height="12"/g)].map((m) =>
      Number(m[1]),
    );
    expect(xs).toHaveLength(2);
    for (const x of xs) expect(x).toBeGreaterThanOrEqual(190);
    expect(doc).toContain('<td class="num">−9m 59s</td>');
    expect(doc).toContain('(resumed from the journal)');
  });

  it('renders an empty event list without throwing', () => {
    expect(renderHtmlReport([])).toContain('<title>wpfleet run unknown: incomplete</title>');
  });
});
