// `wpfleet migrate`/`status` without hosts: plan pinning, dry run, confirmation, site selection and the report's
// history from a journal. Uses a real plan built from the demo fleet file; nothing connects anywhere.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, parseFleet, planHash, type JournalEntry, type Plan, type RunEvent } from '@wpfleet/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqlWorkerCount } from '@wpfleet/wp';
import { selectPlanSites, withHistory } from '../../src/commands/migrate.js';
import { runCli } from '../run-cli/run-cli.js';
import { runJson } from './run-json.js';

const fleetText = readFileSync(new URL('../../../../fixtures/fleets/demo.yml', import.meta.url), 'utf8');
let dir: string;
let plan: Plan;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wpfleet-migrate-cmd-'));
  writeFileSync(join(dir, 'fleet.yml'), fleetText);
  const parsed = parseFleet(fleetText, { fileName: 'fleet.yml' });
  if (!parsed.ok) throw new Error('demo fleet does not parse');
  plan = buildPlan({ fleet: parsed.fleet });
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan, null, 2));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('wpfleet migrate before anything runs', () => {
  it('refuses a plan that was edited after it was made', async () => {
    const edited = { ...plan, limits: { ...plan.limits, global: plan.limits.global + 5 } };
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(edited));
    const run = await runCli(['migrate', '--fleet', 'fleet.yml', '--plan', 'plan.json', '--yes'], {
      cwd: dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/WPF_PLAN_STALE/);
  });

  it('lists every destructive step per site in a dry run and changes nothing', async () => {
    const run = await runCli(['migrate', '--fleet', 'fleet.yml', '--plan', 'plan.json', '--dry-run'], {
      cwd: dir,
    });
    expect(run.code, run.stderr).toBe(0);
    for (const name of Object.keys(plan.sites)) expect(run.stdout).toContain(name);
    expect(run.stdout).toMatch(/RENAME TABLE/);
    expect(run.stdout).toMatch(/authorized_keys/);
    expect(run.stdout).toMatch(/\.wpfleet\/.+\/staging/);
    // What the copy will rewrite and leave out, as the plan says.
    const site = Object.values(plan.sites).find((x) => x.replacements.length > 0)!;
    expect(run.stdout).toContain(`replaces ${site.replacements[0]!.from} -> ${site.replacements[0]!.to}`);
    if (site.excludes.length) expect(run.stdout).toContain(`leaves out ${site.excludes.join(', ')}`);
    expect(() => readFileSync(join(dir, 'journal.jsonl'))).toThrow();
  });

  it('says in a dry run which tables and stored names a table prefix change renames', async () => {
    const name = Object.keys(plan.sites)[0]!;
    const { hash: _hash, ...body } = plan;
    body.sites[name] = { ...body.sites[name]!, prefixChange: { from: 'wp_', to: 'ac9_' } };
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ ...body, hash: planHash(body) }));
    const run = await runCli(
      ['migrate', '--fleet', 'fleet.yml', '--plan', 'plan.json', '--dry-run', '--sites', name],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'renames tables wp_* become ac9_*; wp_user_roles and the user meta keys wp_capabilities, wp_user_level',
    );
  });

  it('asks for --yes when there is no terminal to confirm on', async () => {
    const run = await runCli(['migrate', '--fleet', 'fleet.yml', '--plan', 'plan.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/WPF_CONFIRM/);
  });

  it('refuses a protected target in batch mode unless --i-understand-protected goes with --yes, before anything runs', async () => {
    const guarded = fleetText.replace(
      'protectedTargets: [old-1, old-2]',
      'protectedTargets: [old-1, old-2, new-2]',
    );
    expect(guarded).not.toBe(fleetText);
    writeFileSync(join(dir, 'fleet.yml'), guarded);
    const parsed = parseFleet(guarded, { fileName: 'fleet.yml' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(buildPlan({ fleet: parsed.fleet }), null, 2));
    const run = await runCli(['migrate', '--fleet', 'fleet.yml', '--plan', 'plan.json', '--yes'], {
      cwd: dir,
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/WPF_PROTECTED_TARGET/);
    expect(run.stderr).toMatch(/--i-understand-protected/);
    expect(() => readFileSync(join(dir, 'journal.jsonl'))).toThrow();
  });

  it('says how to make a plan when there is none', async () => {
    const run = await runCli(['migrate', '--fleet', 'fleet.yml', '--yes'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/wpfleet plan/);
  });

  it('narrows the plan to the sites, tags and waves asked for, in wave order', () => {
    const all = plan.waves.flatMap((w) => w.sites);
    expect(selectPlanSites(plan, { options: {} })).toEqual(all);
    const first = all[0]!;
    expect(selectPlanSites(plan, { options: { sites: [first] } })).toEqual([first]);
    expect(selectPlanSites(plan, { options: { wave: [String(plan.waves[0]!.number)] } })).toEqual(
      plan.waves[0]!.sites,
    );
    expect(() => selectPlanSites(plan, { options: { sites: ['no-such-site'] } })).toThrow(
      /no site no-such-site/,
    );
    expect(() => selectPlanSites(plan, { options: { wave: ['99'] } })).toThrow(/wave/);
  });
});

describe('status and reports from a journal', () => {
  it('replays the steps of earlier runs right after this run started, for the report', () => {
    const started: RunEvent = {
      type: 'run-started',
      at: 10,
      runId: 'r2',
      planHash: 'h',
      waves: [],
      resumed: true,
    };
    const later: RunEvent = {
      type: 'site-started',
      at: 11,
      runId: 'r2',
      wave: 1,
      site: 'a',
      alreadyDone: ['preflight'],
    };
    const history: JournalEntry[] = [
      { type: 'step-started', at: 1, site: 'a', step: 'preflight', attempt: 1, inDoubt: false },
      {
        type: 'step-finished',
        at: 2,
        site: 'a',
        step: 'preflight',
        status: 'succeeded',
        attempt: 1,
        durationMs: 1,
        outputs: { x: 1 },
      },
      { type: 'wave-finished', at: 3, wave: 1, status: 'failed' },
    ];
    const events = withHistory([started, later], history);
    expect(events.map((e) => e.type)).toEqual([
      'run-started',
      'step-started',
      'step-finished',
      'site-started',
    ]);
    expect(events[2]).toMatchObject({ site: 'a', step: 'preflight', outputs: { x: 1 }, runId: 'r2' });
  });

  it('shows a step cancelled by Ctrl-C as stopped, not failed, and exits 0 with the resume command', async () => {
    const site = plan.waves[0]!.sites[0]!;
    writeFileSync(join(dir, 'run.json'), runJson(dir, plan.hash, [site]));
    const journal: unknown[] = [
      { type: 'journal', version: 1, planHash: plan.hash, runId: 'r1', at: 1 },
      { type: 'step-started', at: 2, site, step: 'preflight', attempt: 1, inDoubt: false },
      {
        type: 'step-finished',
        at: 3,
        site,
        step: 'preflight',
        status: 'succeeded',
        attempt: 1,
        durationMs: 1,
        outputs: {},
      },
      { type: 'step-started', at: 4, site, step: 'db', attempt: 1, inDoubt: false },
      {
        type: 'step-failed',
        at: 5,
        site,
        step: 'db',
        attempt: 1,
        durationMs: 1,
        code: 'WPF_WP_CLI',
        message: 'wp db export failed: canceled',
        transient: false,
        aborted: true,
      },
      { type: 'run-finished', at: 6, status: 'aborted' },
    ];
    writeFileSync(join(dir, 'journal.jsonl'), journal.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const run = await runCli(['status', '--run-dir', dir], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${site}\\s+\\d+\\s+interrupted`));
    expect(run.stdout).toContain('stopped');
    expect(run.stdout).not.toContain('FAILED');
    expect(run.stdout).toContain(`wpfleet resume --run-dir ${dir}`);
    const json = await runCli(['status', '--run-dir', dir, '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout).sites[0]).toMatchObject({
      state: 'interrupted',
      steps: { preflight: 'succeeded', db: 'stopped' },
    });
  });

  it('cleanup leaves out a site whose policy forbids cleanup, and refuses it when named, before contacting a host', async () => {
    const guarded = fleetText.replace('new-2: [files-delete]', 'new-2: [files-delete, cleanup]');
    expect(guarded).not.toBe(fleetText);
    writeFileSync(join(dir, 'fleet.yml'), guarded);
    const parsed = parseFleet(guarded, { fileName: 'fleet.yml' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const guardedPlan = buildPlan({ fleet: parsed.fleet });
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(guardedPlan, null, 2));
    const kept = Object.values(guardedPlan.sites)
      .filter((s) => s.forbiddenActions.includes('cleanup'))
      .map((s) => s.name);
    expect(kept.length).toBeGreaterThan(0);
    writeFileSync(join(dir, 'run.json'), runJson(dir, guardedPlan.hash, kept));
    writeFileSync(
      join(dir, 'journal.jsonl'),
      JSON.stringify({ type: 'journal', version: 1, planHash: guardedPlan.hash, runId: 'r1', at: 1 }) + '\n',
    );
    const all = await runCli(['cleanup', '--run-dir', dir, '--yes'], { cwd: dir });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain(`${kept[0]}: skipped, the fleet's policies forbid cleanup`);
    const named = await runCli(['cleanup', kept[0]!, '--run-dir', dir, '--yes'], { cwd: dir });
    expect(named.code).toBe(4);
    expect(named.stderr).toMatch(/WPF_POLICY_CLEANUP/);
    expect(named.stderr).toContain('leave it out of the SITE list');
  });

  it("undo tells a site the run does not have from one it never swapped, and lists the run's sites", async () => {
    const site = plan.waves[0]!.sites[0]!;
    writeFileSync(join(dir, 'run.json'), runJson(dir, plan.hash, [site]));
    writeFileSync(
      join(dir, 'journal.jsonl'),
      JSON.stringify({ type: 'journal', version: 1, planHash: plan.hash, runId: 'r1', at: 1 }) + '\n',
    );
    const unknown = await runCli(['undo', 'no-such-site', '--run-dir', dir, '--yes'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/WPF_UNKNOWN_SITE/);
    expect(unknown.stderr).toContain(site);
    const never = await runCli(['undo', site, '--run-dir', dir, '--yes'], { cwd: dir });
    expect(never.code).toBe(2);
    expect(never.stderr).toMatch(/WPF_UNDO_NOTHING/);
  });

  it('reports a missing run directory with the way out', async () => {
    const run = await runCli(['status', '--run-dir', join(dir, 'nope')], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/WPF_JOURNAL_NOT_FOUND/);
  });
});

describe('SQL worker threads for a run', () => {
  it('leaves one core to the controller thread, keeps at least one worker, and caps at 4 and at the sites at once', () => {
    expect(sqlWorkerCount(2, 6)).toBe(1);
    expect(sqlWorkerCount(1, 6)).toBe(1);
    expect(sqlWorkerCount(8, 6)).toBe(4);
    expect(sqlWorkerCount(8, 2)).toBe(2);
    expect(sqlWorkerCount(16, 1)).toBe(1);
  });
});
