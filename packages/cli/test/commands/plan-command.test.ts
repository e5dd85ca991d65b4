// `wpfleet plan` from a cached inventory (no host is contacted): what it says about sites whose probe failed.
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalHash, parseFleet } from '@wpfleet/core';
import { INVENTORY_FORMAT_VERSION, type ProbeFacts } from '@wpfleet/wp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli/run-cli.js';

const fleetText = readFileSync(new URL('../../../../fixtures/fleets/demo.yml', import.meta.url), 'utf8');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wpfleet-plan-cmd-'));
  writeFileSync(join(dir, 'fleet.yml'), fleetText);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes an inventory in which every probe of the first site failed with `message`; returns the site's name. */
function failedInventory(runDir: string, message: string): string {
  const parsed = parseFleet(fleetText, { fileName: 'fleet.yml' });
  if (!parsed.ok) throw new Error('demo fleet does not parse');
  const name = Object.keys(parsed.fleet.sites)[0]!;
  const site = parsed.fleet.sites[name]!;
  const failed = (side: 'source' | 'target') => ({
    host: site[side].host,
    path: site[side].path,
    url: site[side].url,
    error: { code: 'WPF_WP_CLI', message, hint: 'Check the site `path` in the fleet file.' },
    durationMs: 1,
  });
  mkdirSync(runDir);
  const inventory = {
    formatVersion: INVENTORY_FORMAT_VERSION,
    fleetHash: canonicalHash(parsed.fleet),
    collectedAt: '2026-01-01T00:00:00Z',
    wallMs: 1,
    sites: { [name]: { source: failed('source'), target: failed('target') } },
  };
  writeFileSync(join(runDir, 'inventory.json'), JSON.stringify(inventory));
  return name;
}

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const HOSTILE =
  'Error: \u001b]0;owned\u0007\u001b[2J\u009b31m\u007f\r see https://admin:hunter2@blog.example/';

describe('wpfleet plan shows what a host said, harmlessly', () => {
  it('prints escape sequences and carriage returns from a host as visible text, and hides URL credentials', async () => {
    const name = failedInventory(join(dir, 'run'), HOSTILE);
    const run = await runCli(
      ['plan', '--fleet', 'fleet.yml', '--run-dir', join(dir, 'run'), '--sites', name],
      { cwd: dir, env: {} },
    );
    const shown = run.stdout + run.stderr;
    expect(shown).toContain('\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u007f\\u000d');
    expect(shown).not.toMatch(RAW_CONTROL);
    expect(shown).toContain('https://***@blog.example/');
    expect(shown).not.toContain('hunter2');
    expect(readFileSync(join(dir, 'run', 'plan.json'), 'utf8')).not.toContain('hunter2');
  });

  it('keeps --json output parseable while escaping what a host said', async () => {
    const name = failedInventory(join(dir, 'run'), HOSTILE);
    const run = await runCli(
      ['plan', '--fleet', 'fleet.yml', '--run-dir', join(dir, 'run'), '--sites', name, '--json'],
      { cwd: dir, env: {} },
    );
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    const plan = JSON.parse(run.stdout);
    expect(JSON.stringify(plan.sites[name].blockers)).toContain('\\u001b]0;owned');
  });
});

describe('wpfleet plan in a run directory someone else can write to', () => {
  it('replaces a plan.json symlink planted there and leaves the file it pointed at untouched', async () => {
    const runDir = join(dir, 'run');
    const name = failedInventory(runDir, 'not WordPress');
    const outside = join(dir, 'outside.txt');
    writeFileSync(outside, 'precious\n');
    symlinkSync(outside, join(runDir, 'plan.json'));
    await runCli(['plan', '--fleet', 'fleet.yml', '--run-dir', runDir, '--sites', name, '--json'], {
      cwd: dir,
      env: {},
    });
    expect(readFileSync(outside, 'utf8')).toBe('precious\n');
    expect(lstatSync(join(runDir, 'plan.json')).isFile()).toBe(true);
  });
});

describe('wpfleet plan with a failed probe', () => {
  it('blocks the site with the probe error and does not also tell the user to run inventory', async () => {
    const runDir = join(dir, 'run');
    const name = failedInventory(runDir, 'This does not seem to be a WordPress installation.');
    const run = await runCli(
      ['plan', '--fleet', 'fleet.yml', '--run-dir', runDir, '--sites', name, '--json'],
      { cwd: dir, env: {} },
    );
    expect(run.code, run.stderr).toBe(3);
    const plan = JSON.parse(run.stdout);
    expect(plan.sites[name].blockers.map((b: { code: string }) => b.code)).toContain('probe-failed');
    expect(plan.sites[name].warnings.map((w: { code: string }) => w.code)).not.toContain('facts-unknown');
  });
});

describe('wpfleet plan with a table prefix change', () => {
  function probed(prefix: string, url: string): ProbeFacts {
    return {
      probeVersion: 1,
      wordpress: {
        version: '6.4.3',
        dbVersion: 56657,
        siteurl: url,
        home: url,
        multisite: false,
        subdomainInstall: false,
        locale: 'en_US',
        abspath: '/srv/x/',
        contentDir: '/srv/x/wp-content',
        tablePrefix: prefix,
      },
      php: { version: '8.2.7', sapi: 'cli', extensions: ['mysqli'], memoryLimit: '256M' },
      database: {
        flavour: 'mariadb',
        version: '10.11.6',
        versionString: '10.11.6',
        name: 'x',
        charset: 'utf8mb4',
        collation: 'utf8mb4_unicode_ci',
        wpCharset: 'utf8mb4',
        wpCollate: '',
        tables: [
          {
            name: `${prefix}options`,
            engine: 'InnoDB',
            collation: 'utf8mb4_unicode_ci',
            rows: 10,
            bytes: 16384,
          },
        ],
        collations: ['utf8mb4_unicode_ci'],
        supportedCollations: ['utf8mb4_unicode_ci'],
      },
      sites: [],
      plugins: [],
      muPlugins: [],
      dropins: [],
      themes: [],
      uploads: { dir: '/srv/x/wp-content/uploads', files: 0, bytes: 0 },
      cron: { events: 0, overdue: 0, disabled: false },
      disk: { freeBytes: 10 * 1024 ** 3, path: '/srv/x' },
      objectCache: { external: false },
      probeMs: 1,
    };
  }

  it('shows the rename in plan.json and in the printed plan before anything runs', async () => {
    const parsed = parseFleet(fleetText, { fileName: 'fleet.yml' });
    if (!parsed.ok) throw new Error('demo fleet does not parse');
    const name = Object.keys(parsed.fleet.sites).find((n) => !parsed.fleet.sites[n]!.multisite)!;
    const site = parsed.fleet.sites[name]!;
    const side = (which: 'source' | 'target', prefix: string) => ({
      host: site[which].host,
      path: site[which].path,
      url: site[which].url,
      facts: probed(prefix, site[which].url),
      durationMs: 1,
    });
    const runDir = join(dir, 'run');
    mkdirSync(runDir);
    const inventory = {
      formatVersion: INVENTORY_FORMAT_VERSION,
      fleetHash: canonicalHash(parsed.fleet),
      collectedAt: '2026-01-01T00:00:00Z',
      wallMs: 1,
      sites: {
        [name]: {
          name,
          source: side('source', 'wp_'),
          target: side('target', 'ac9_'),
          drift: [],
          parity: null,
        },
      },
    };
    writeFileSync(join(runDir, 'inventory.json'), JSON.stringify(inventory));
    const run = await runCli(['plan', '--fleet', 'fleet.yml', '--run-dir', runDir, '--sites', name], {
      cwd: dir,
      env: {},
    });
    expect(run.stdout).toContain(
      `  ${name}:\n    prefix tables wp_* become ac9_*; wp_user_roles and the user meta keys wp_capabilities, wp_user_level`,
    );
    const plan = JSON.parse(readFileSync(join(runDir, 'plan.json'), 'utf8'));
    expect(plan.sites[name].prefixChange).toEqual({ from: 'wp_', to: 'ac9_' });
  });
});
