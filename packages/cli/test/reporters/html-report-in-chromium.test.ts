// Opens the HTML report in a real Chromium (Debian's, driven by playwright-core) the way a person would, and keeps a
// screenshot under test-results/reporters/ to look at.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/reporters/render-html-report.js';
import { renderJunitReport } from '../../src/reporters/render-junit-report.js';
import { HOSTILE_SITE, SITES, syntheticRunEvents } from './synthetic-run-events.js';

const CHROMIUM = '/usr/bin/chromium';
const outDir = fileURLToPath(new URL('../../../../test-results/reporters/', import.meta.url));

describe('HTML report in Chromium', () => {
  let browser: Browser;
  const reportPath = `${outDir}report.html`;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: run scripts/bootstrap.sh (it installs Debian's chromium)`);
    await mkdir(outDir, { recursive: true });
    await writeFile(reportPath, renderHtmlReport(syntheticRunEvents()));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 20_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the run title and a sites table with one visible row per site, loading nothing from anywhere', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => problems.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(e.message));
    const url = pathToFileURL(reportPath).href;
    await page.goto(url);

    expect(await page.title()).toBe('wpfleet run run-20261124-151326: failed');
    const table = page.locator('table#sites');
    expect(await table.isVisible()).toBe(true);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(SITES.length);
    expect(await rows.locator('td:first-child').allInnerTexts()).toEqual([...SITES]);
    expect(await page.locator('tr.failed', { hasText: 'WPF_DB_IMPORT' }).first().isVisible()).toBe(true);
    // The hostile name is text, not markup: no script element exists and nothing ran.
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(await page.getByText(HOSTILE_SITE, { exact: true }).first().isVisible()).toBe(true);
    expect(await page.locator('svg.timeline').isVisible()).toBe(true);
    const box = await page.locator('svg.timeline').boundingBox();
    expect(box?.width).toBeGreaterThan(800);
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);

    await page.screenshot({ path: `${outDir}report.png`, fullPage: true });
    await page.close();
  }, 20_000);

  it("parses the JUnit report with the browser's XML parser", async () => {
    const page = await browser.newPage();
    const xml = renderJunitReport(syntheticRunEvents());
    const result = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        cases: [...doc.querySelectorAll('testcase')].map((c) => c.getAttribute('name')),
        failures: doc.querySelectorAll('testcase > failure').length,
      };
    }, xml);
    expect(result).toEqual({ error: null, cases: [...SITES], failures: 1 });
    await page.close();
  }, 20_000);
});
