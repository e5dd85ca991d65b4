// `wpfleet plan` from a cached inventory (no host is contacted): what it says about sites whose probe failed.
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalHash, parseFleet } from '@wpfleet/core';
import { INVENTORY_FORMAT_VERSION } from '@wpfleet/wp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../lab/run-cli.js';

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
const HOSTILE = 'Error: \u001b]0;owned\u0007\u001b[2J\u009b31m\u007f\r see https://admin:hunter2@blog.example/';

describe('wpfleet plan shows what a host said, harmlessly', () => {
  it('prints escape sequences and carriage returns from a host as visible text, and hides URL credentials', async () => {
    const name = failedInventory(join(dir, 'run'), HOSTILE);
    const run = await runCli(['plan', '--fleet', 'fleet.yml', '--run-dir', join(dir, 'run'), '--sites', name], { cwd: dir, env: {} });
    const shown = run.out + run.err;
    expect(shown).toContain('\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u007f\\u000d');
    expect(shown).not.toMatch(RAW_CONTROL);
    expect(shown).toContain('https://***@blog.example/');
    expect(shown).not.toContain('hunter2');
    expect(readFileSync(join(dir, 'run', 'plan.json'), 'utf8')).not.toContain('hunter2');
  });

  it('keeps --json output parseable while escaping what a host said', async () => {
    const name = failedInventory(join(dir, 'run'), HOSTILE);
    const run = await runCli(['plan', '--fleet', 'fleet.yml', '--run-dir', join(dir, 'run'), '--sites', name, '--json'], { cwd: dir, env: {} });
    expect(run.out).not.toMatch(RAW_CONTROL);
    const plan = JSON.parse(run.out);
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
    await runCli(['plan', '--fleet', 'fleet.yml', '--run-dir', runDir, '--sites', name, '--json'], { cwd: dir, env: {} });
    expect(readFileSync(outside, 'utf8')).toBe('precious\n');
    expect(lstatSync(join(runDir, 'plan.json')).isFile()).toBe(true);
  });
});

describe('wpfleet plan with a failed probe', () => {
  it('blocks the site with the probe error and does not also tell the user to run inventory', async () => {
    const parsed = parseFleet(fleetText, { fileName: 'fleet.yml' });
    if (!parsed.ok) throw new Error('demo fleet does not parse');
    const name = Object.keys(parsed.fleet.sites)[0]!;
    const site = parsed.fleet.sites[name]!;
    const failed = (side: 'source' | 'target') => ({
      host: site[side].host,
      path: site[side].path,
      url: site[side].url,
      error: { code: 'WPF_WP_CLI', message: 'This does not seem to be a WordPress installation.', hint: 'Check the site `path` in the fleet file.' },
      durationMs: 1,
    });
    const runDir = join(dir, 'run');
    const inventory = {
      formatVersion: INVENTORY_FORMAT_VERSION,
      fleetHash: canonicalHash(parsed.fleet),
      collectedAt: '2026-01-01T00:00:00Z',
      wallMs: 1,
      sites: { [name]: { source: failed('source'), target: failed('target') } },
    };
    mkdirSync(runDir);
    writeFileSync(join(runDir, 'inventory.json'), JSON.stringify(inventory));
    const run = await runCli(['plan', '--fleet', 'fleet.yml', '--run-dir', runDir, '--sites', name, '--json'], { cwd: dir, env: {} });
    expect(run.code, run.err).toBe(3);
    const plan = JSON.parse(run.out);
    expect(plan.sites[name].blockers.map((b: { code: string }) => b.code)).toContain('probe-failed');
    expect(plan.sites[name].warnings.map((w: { code: string }) => w.code)).not.toContain('facts-unknown');
  });
});
