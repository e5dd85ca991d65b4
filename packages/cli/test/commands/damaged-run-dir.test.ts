// The commands that read a run directory (status, resume, undo, cleanup) and the ones that make one (plan,
// migrate), on damaged or misplaced files: each answers with a documented WPF_* code and exit code 2, never
// WPF_BUG. Nothing connects anywhere: every case fails before a host is contacted.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, parseFleet, planHash, type Plan } from '@wpfleet/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runJson } from '../migrate/run-json.js';
import { runCli } from '../run-cli/run-cli.js';

const fleetText = readFileSync(new URL('../../../../fixtures/fleets/demo.yml', import.meta.url), 'utf8');
let dir: string;
let plan: Plan;
let site: string;

function writeRun(files: Record<string, string | 'DIR'>): void {
  const all: Record<string, string> = {
    'plan.json': JSON.stringify(plan),
    'run.json': runJson(dir, plan.hash, [site]),
    'journal.jsonl':
      JSON.stringify({ type: 'journal', version: 1, planHash: plan.hash, runId: 'r1', at: 1 }) + '\n',
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    if (text === 'DIR') mkdirSync(join(dir, name));
    else writeFileSync(join(dir, name), text);
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wpfleet-damaged-run-'));
  writeFileSync(join(dir, 'fleet.yml'), fleetText);
  const parsed = parseFleet(fleetText, { fileName: 'fleet.yml' });
  if (!parsed.ok) throw new Error('demo fleet does not parse');
  plan = buildPlan({ fleet: parsed.fleet });
  site = plan.waves[0]!.sites[0]!;
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const commands = (): string[][] => [
  ['status'],
  ['resume'],
  ['undo', site, '--yes'],
  ['cleanup', '--yes', '--dry-run'],
];

describe('commands on a damaged run directory', () => {
  const cases: [string, () => Record<string, string | 'DIR'>, string, RegExp][] = [
    [
      'run.json is not JSON',
      () => ({ 'run.json': 'not json' }),
      'WPF_JOURNAL_CORRUPT',
      /run\.json is damaged/,
    ],
    [
      'run.json is JSON of another shape',
      () => ({ 'run.json': '{"sites":"x"}' }),
      'WPF_JOURNAL_CORRUPT',
      /run\.json is damaged/,
    ],
    [
      'run.json is a directory',
      () => ({ 'run.json': 'DIR' }),
      'WPF_JOURNAL_CORRUPT',
      /run\.json: it is a directory/,
    ],
    [
      'the journal is a directory',
      () => ({ 'journal.jsonl': 'DIR' }),
      'WPF_JOURNAL_CORRUPT',
      /journal\.jsonl: it is a directory/,
    ],
    ['the plan is not JSON', () => ({ 'plan.json': '{{{' }), 'WPF_PLAN_INVALID', /plan\.json is not JSON/],
    ['the plan is empty', () => ({ 'plan.json': '' }), 'WPF_PLAN_INVALID', /plan\.json is not JSON/],
    [
      'the plan is gone',
      () => ({
        'run.json': JSON.stringify({
          fleet: join(dir, 'fleet.yml'),
          plan: join(dir, 'gone.json'),
          sites: [site],
          options: {},
        }),
      }),
      'WPF_PLAN_NOT_FOUND',
      /gone\.json: it is gone/,
    ],
  ];
  for (const [name, files, code, message] of cases) {
    it(`answers ${code} when ${name}, in status, resume, undo and cleanup`, async () => {
      writeRun(files());
      for (const argv of commands()) {
        const r = await runCli([...argv, '--run-dir', dir], { cwd: dir, env: { HOME: dir } });
        expect(r.code, `${argv[0]}: ${r.stderr}`).toBe(2);
        expect(r.stderr, argv[0]).toContain(code);
        expect(r.stderr, argv[0]).toMatch(message);
        expect(r.stderr, argv[0]).not.toContain('WPF_BUG');
      }
    });
  }
});

/** The plan with `edit` applied and its hash made to match again, as a hand-made or forged plan would be. */
function forged(edit: (plan: Plan) => void): string {
  const copy = JSON.parse(JSON.stringify(plan)) as Plan;
  edit(copy);
  return JSON.stringify({ ...copy, hash: planHash(copy) });
}

function renameSite(p: Plan, to: string): void {
  const moved = p.sites[site]!;
  delete p.sites[site];
  p.sites[to] = { ...moved, name: to };
  for (const wave of p.waves) wave.sites = wave.sites.map((n) => (n === site ? to : n));
}

describe('commands on a plan whose hash matches but whose content wpfleet would never write', () => {
  const cases: [string, (p: Plan) => void, RegExp][] = [
    ['a site named `../x`', (p) => renameSite(p, '../x'), /site "\.\.\/x": its name is not/],
    [
      'a staging prefix `wp_`, the live one',
      (p) => void (p.sites[site]!.stagingPrefix = 'wp_'),
      /staging prefix starts with `wp_`/,
    ],
    [
      'a backtick in the backup prefix',
      (p) => void (p.sites[site]!.backupPrefix = 'wpfb`_'),
      /backup prefix is not letters/,
    ],
    [
      'SQL in its collation map',
      (p) => void (p.collationMap = { utf8mb4_0900_ai_ci: 'utf8mb4_general_ci; DROP TABLE wp_users' }),
      /collation map has an entry that is not a collation name/,
    ],
    ['a target path of `/`', (p) => void (p.sites[site]!.target.path = '/'), /target path must not be `\/`/],
  ];
  for (const [name, edit, message] of cases) {
    it(`refuses a plan with ${name} as WPF_PLAN_INVALID in status, resume, undo, cleanup and migrate`, async () => {
      writeRun({ 'plan.json': forged(edit) });
      const argvs = [
        ...commands().map((argv) => [...argv, '--run-dir', dir]),
        ['migrate', '--fleet', 'fleet.yml', '--plan', 'plan.json', '--yes'],
      ];
      for (const argv of argvs) {
        const r = await runCli(argv, { cwd: dir, env: { HOME: dir } });
        expect(r.code, `${argv[0]}: ${r.stderr}`).toBe(2);
        expect(r.stderr, argv[0]).toContain('WPF_PLAN_INVALID');
        expect(r.stderr, argv[0]).toMatch(message);
        expect(r.stderr, argv[0]).not.toContain('WPF_BUG');
      }
    });
  }
});

describe('undo and cleanup of a site named like an Object member', () => {
  it('says the run has no site `constructor` or `toString` instead of crashing', async () => {
    writeRun({});
    for (const argv of [
      ['undo', 'constructor', '--yes'],
      ['cleanup', 'toString', '--yes'],
      ['undo', 'toString', '--yes'],
      ['cleanup', '__proto__', '--yes'],
    ]) {
      const r = await runCli([...argv, '--run-dir', dir], { cwd: dir, env: { HOME: dir } });
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(
        /WPF_UNKNOWN_SITE the run in .* has no site (constructor|toString|__proto__)/,
      );
      expect(r.stderr, argv.join(' ')).not.toContain('WPF_BUG');
    }
  });
});

describe('run directories that are files, and arguments no command takes', () => {
  it('refuses a --run-dir that is a file in plan and migrate, as a usage error', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    const planned = await runCli(['plan', '--fleet', 'fleet.yml', '--run-dir', 'a-file'], {
      cwd: dir,
      env: { HOME: dir },
    });
    expect(planned.code).toBe(2);
    expect(planned.stderr).toContain(
      'WPF_USAGE cannot use --run-dir a-file as the run directory: it (or a directory above it) is a file',
    );
    const migrated = await runCli(
      ['migrate', '--fleet', 'fleet.yml', '--plan', 'plan.json', '--run-dir', 'a-file/run', '--yes'],
      { cwd: dir, env: { HOME: dir } },
    );
    expect(migrated.code).toBe(2);
    expect(migrated.stderr).toContain('is a file');
    expect(migrated.stderr).not.toContain('WPF_BUG');
  });

  it('refuses an argument a command does not take instead of ignoring it (`plan fleet.yml` is not `--fleet fleet.yml`)', async () => {
    const r = await runCli(['plan', 'other-fleet.yml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('WPF_USAGE unexpected argument "other-fleet.yml"');
    expect(r.stderr).toContain('--fleet FILE');
    const undo = await runCli(['undo', 'a', 'b'], { cwd: dir });
    expect(undo.code).toBe(2);
    expect(undo.stderr).toContain('unexpected argument "b"');
  });
});
