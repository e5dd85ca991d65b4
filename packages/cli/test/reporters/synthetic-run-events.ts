// A realistic RunEvent sequence for the reporter tests: 2 waves, 4 sites (one with a hostile name, one that fails
// at db after a retried transient error), progress, findings and the verify step's integrity outputs.
import type { JsonObject, RunEvent, StepKind } from '@wpfleet/core';

export const HOSTILE_SITE = `shop<script>alert("x&y")</script>'s`;
export const SITES = ['acme-blog', HOSTILE_SITE, 'news-portal', 'docs-site'] as const;
export const FAILED_SITE = 'docs-site';
const RUN_ID = 'run-20261124-151326';
export const PLAN_HASH = 'sha256:9f2c1e7a4b3d5c6e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abcd';
const T0 = Date.UTC(2026, 10, 24, 15, 13, 26);
const MB = 1_000_000;

function integrity(site: string, blogs = 1): JsonObject {
  const prefix = 'wp_';
  const tables = ['posts', 'postmeta', 'options', 'users', 'terms'].map((t, i) => ({
    table: `${prefix}${t}`,
    sourceRows: 100 * (i + 1),
    targetRows: 100 * (i + 1),
    sourceDigest: `b3:${site.length}${i}a1f9c2e4d7b8a0c3f5e6d9b2a4c7e1f0`,
    targetDigest: `b3:${site.length}${i}a1f9c2e4d7b8a0c3f5e6d9b2a4c7e1f0`,
    equal: true,
  }));
  return {
    integrity: {
      tables,
      files: [
        {
          dir: 'uploads',
          sourceFiles: 1204,
          targetFiles: 1204,
          sourceBytes: 310 * MB,
          targetBytes: 310 * MB,
          equal: true,
        },
        {
          dir: 'plugins',
          sourceFiles: 3310,
          targetFiles: 3310,
          sourceBytes: 48 * MB,
          targetBytes: 48 * MB,
          equal: true,
        },
        {
          dir: 'themes',
          sourceFiles: 410,
          targetFiles: 410,
          sourceBytes: 9 * MB,
          targetBytes: 9 * MB,
          equal: true,
        },
      ],
      relations: Array.from({ length: blogs }, (_, b) => [
        { check: 'orphan-postmeta', blog: b + 1, source: 3, target: 3 },
        { check: 'posts-missing-author', blog: b + 1, source: 0, target: 0 },
      ]).flat(),
    },
  };
}

/** The events of the whole run, in the order the Runner would emit them. */
export function syntheticRunEvents(): RunEvent[] {
  const events: RunEvent[] = [];
  const base = { runId: RUN_ID };
  const at = (seconds: number) => T0 + Math.round(seconds * 1000);
  const push = (event: RunEvent) => events.push(event);

  const okStep = (
    site: string,
    step: StepKind,
    from: number,
    to: number,
    bytes?: number,
    outputs: JsonObject = {},
  ) => {
    push({ ...base, type: 'step-started', at: at(from), site, step, attempt: 1, inDoubt: false });
    if (bytes !== undefined) {
      for (const f of [0.25, 0.5, 0.75, 1]) {
        const t = from + (to - from) * f;
        push({
          ...base,
          type: 'step-progress',
          at: at(t),
          site,
          step,
          bytesDone: Math.round(bytes * f),
          bytesTotal: bytes,
          rate: bytes / (to - from),
        });
      }
    }
    push({
      ...base,
      type: 'step-finished',
      at: at(to),
      site,
      step,
      status: 'succeeded',
      durationMs: (to - from) * 1000,
      attempt: 1,
      outputs,
    });
  };

  const goodSite = (
    site: string,
    wave: number,
    start: number,
    dbBytes: number,
    fileBytes: number,
    blogs = 1,
  ) => {
    push({ ...base, type: 'site-started', at: at(start), wave, site, alreadyDone: [] });
    okStep(site, 'preflight', start, start + 1.2);
    // db and files run side by side after preflight.
    okStep(site, 'db', start + 1.2, start + 9.5, dbBytes, { bytes: dbBytes, tables: 12 });
    okStep(site, 'files', start + 1.2, start + 7.1, fileBytes);
    okStep(site, 'verify', start + 9.5, start + 11, undefined, integrity(site, blogs));
    okStep(site, 'swap', start + 11, start + 11.4);
    okStep(site, 'http-check', start + 11.4, start + 12.6);
    push({
      ...base,
      type: 'site-finished',
      at: at(start + 12.6),
      wave,
      site,
      status: 'succeeded',
      durationMs: 12_600,
    });
  };

  push({
    ...base,
    type: 'run-started',
    at: at(0),
    planHash: PLAN_HASH,
    waves: [
      { number: 1, sites: ['acme-blog', HOSTILE_SITE] },
      { number: 2, sites: ['news-portal', FAILED_SITE] },
    ],
    resumed: false,
  });
  push({ ...base, type: 'wave-started', at: at(0.1), wave: 1, sites: ['acme-blog', HOSTILE_SITE] });
  goodSite('acme-blog', 1, 0.2, 42 * MB, 367 * MB);
  push({
    ...base,
    type: 'finding',
    at: at(9),
    site: 'acme-blog',
    step: 'db',
    finding: {
      severity: 'warning',
      code: 'collation-rewritten',
      message: 'utf8mb4_0900_ai_ci rewritten to utf8mb4_unicode_ci',
      where: { table: 'wp_posts' },
    },
  });
  goodSite(HOSTILE_SITE, 1, 0.3, 12 * MB, 88 * MB);
  push({
    ...base,
    type: 'finding',
    at: at(11.2),
    site: HOSTILE_SITE,
    step: 'verify',
    finding: {
      severity: 'error',
      code: 'serialized-corrupt',
      message: `option <widget_text> & "sidebar" does not unserialize; carried over untouched`,
      where: { side: 'source', table: 'wp_options' },
      details: { optionId: 4411, preview: 'a:2:{i:0;s:5:"</td>' },
    },
  });
  push({
    ...base,
    type: 'wave-finished',
    at: at(13),
    wave: 1,
    status: 'passed',
    succeeded: 2,
    failed: 0,
    durationMs: 12_900,
  });

  push({ ...base, type: 'wave-started', at: at(13.1), wave: 2, sites: ['news-portal', FAILED_SITE] });
  goodSite('news-portal', 2, 13.2, 150 * MB, 512 * MB, 3);
  push({
    ...base,
    type: 'finding',
    at: at(24),
    site: 'news-portal',
    step: 'verify',
    finding: {
      severity: 'info',
      code: 'orphan-postmeta',
      message: '3 orphan postmeta rows on the source, carried over as they are',
      where: { table: 'wp_2_postmeta' },
    },
  });

  // docs-site: a transient failure, a retry, then a fatal one.
  const d = FAILED_SITE;
  push({ ...base, type: 'site-started', at: at(13.3), wave: 2, site: d, alreadyDone: [] });
  okStep(d, 'preflight', 13.3, 14.1);
  push({ ...base, type: 'step-started', at: at(14.1), site: d, step: 'db', attempt: 1, inDoubt: false });
  push({
    ...base,
    type: 'step-progress',
    at: at(15),
    site: d,
    step: 'db',
    bytesDone: 5 * MB,
    bytesTotal: 80 * MB,
    rate: 5.5 * MB,
  });
  push({
    ...base,
    type: 'step-failed',
    at: at(15.5),
    site: d,
    step: 'db',
    code: 'WPF_SSH_DISCONNECTED',
    message: 'connection to new-1 closed during db import',
    transient: true,
    aborted: false,
    attempt: 1,
    willRetry: true,
    retryInMs: 2000,
    durationMs: 1400,
  });
  okStep(d, 'files', 14.1, 18.4, 20 * MB);
  push({ ...base, type: 'step-started', at: at(17.5), site: d, step: 'db', attempt: 2, inDoubt: false });
  push({
    ...base,
    type: 'step-progress',
    at: at(19),
    site: d,
    step: 'db',
    bytesDone: 30 * MB,
    bytesTotal: 80 * MB,
    rate: 20 * MB,
  });
  push({
    ...base,
    type: 'step-failed',
    at: at(20.2),
    site: d,
    step: 'db',
    code: 'WPF_DB_IMPORT',
    message:
      "target db import failed for site `docs-site` on host `new-1`: Unknown collation 'utf8mb4_0900_ai_ci'",
    hint: 'Re-run with `--map-collation utf8mb4_0900_ai_ci=utf8mb4_unicode_ci`.',
    transient: false,
    aborted: false,
    attempt: 2,
    willRetry: false,
    durationMs: 2700,
  });
  push({
    ...base,
    type: 'site-finished',
    at: at(20.3),
    wave: 2,
    site: d,
    status: 'failed',
    durationMs: 7000,
    failedStep: 'db',
  });
  push({
    ...base,
    type: 'wave-finished',
    at: at(26),
    wave: 2,
    status: 'failed',
    succeeded: 1,
    failed: 1,
    durationMs: 12_900,
    gateMessage: '1 of 2 sites failed; no later wave',
  });

  push({
    ...base,
    type: 'run-finished',
    at: at(26.1),
    summary: {
      planHash: PLAN_HASH,
      status: 'failed',
      sites: {
        'acme-blog': { status: 'succeeded', wave: 1 },
        [HOSTILE_SITE]: { status: 'succeeded', wave: 1 },
        'news-portal': { status: 'succeeded', wave: 2 },
        [FAILED_SITE]: {
          status: 'failed',
          wave: 2,
          failedStep: 'db',
          error: {
            code: 'WPF_DB_IMPORT',
            message:
              "target db import failed for site `docs-site` on host `new-1`: Unknown collation 'utf8mb4_0900_ai_ci'",
          },
        },
      },
      waves: [
        { number: 1, status: 'passed' },
        { number: 2, status: 'failed' },
      ],
      succeeded: 3,
      failed: 1,
      aborted: 0,
      skipped: 0,
      findings: 3,
      durationMs: 26_100,
    },
  });
  // The Runner emits in time order; the helpers above build site by site.
  return events.sort((a, b) => a.at - b.at);
}
