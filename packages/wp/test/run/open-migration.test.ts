// openMigration without hosts: scripted transports stand in for the hosts, so what the run opens, what its
// preflight asks of each host (the Doctor included) and what `close` releases can be seen.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, parseFleet, runPlan, type Fleet, type Plan } from '@wpfleet/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMigration } from '../../src/run/open-migration.js';
import { ScriptedTransport } from '../doctor/scripted-transport.js';

const fleetText = `
version: 1
hosts:
  old: { transport: local }
  new: { transport: local }
sites:
  blog:
    source: { host: old, path: /srv/old/blog, url: https://blog.example }
    target: { host: new, path: /srv/new/blog, url: https://blog.example }
`;

class ClosingTransport extends ScriptedTransport {
  closed = 0;
  override async close(): Promise<void> {
    this.closed += 1;
  }
}

let dir: string;
let fleet: Fleet;
let plan: Plan;
let transports: Map<string, ClosingTransport>;
const transportFor = (name: string): ClosingTransport => {
  let t = transports.get(name);
  if (!t) transports.set(name, (t = new ClosingTransport(name, () => undefined)));
  return t;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wpfleet-open-migration-'));
  const parsed = parseFleet(fleetText, { fileName: 'fleet.yml' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  fleet = parsed.fleet;
  plan = buildPlan({ fleet });
  transports = new Map();
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (options: { skipDoctor?: boolean } = {}) =>
  openMigration({
    fleet,
    fleetFile: join(dir, 'fleet.yml'),
    plan,
    runDir: dir,
    sites: ['blog'],
    options,
    cwd: dir,
    env: { HOME: dir, USER: 'op' },
    transportFor,
  });

describe('opening a migrate run', () => {
  it('starts the journal in the run directory with the plan it runs', async () => {
    const run = await open();
    await run.close();
    expect(run.journalFile).toBe(join(dir, 'journal.jsonl'));
    expect(JSON.parse(readFileSync(run.journalFile, 'utf8').split('\n')[0]!)).toMatchObject({
      type: 'journal',
      planHash: plan.hash,
    });
    expect(Object.keys(run.handlers).sort()).toEqual([
      'db',
      'files',
      'http-check',
      'preflight',
      'swap',
      'verify',
    ]);
  });

  it('runs the Doctor in each preflight unless the run skips it, and closes every host after a failed run', async () => {
    const withDoctor = await open();
    let summary;
    try {
      summary = await runPlan({
        plan,
        handlers: withDoctor.handlers,
        journal: withDoctor.journal,
        sites: ['blog'],
      });
    } finally {
      await withDoctor.close();
    }
    expect(summary.status).toBe('failed');
    const doctorAsked = [...transports.values()].flatMap((t) => t.commands.map((argv) => argv.join(' ')));
    expect([...transports.keys()].sort()).toEqual(['new', 'old']);
    for (const t of transports.values()) expect(t.closed).toBe(1);

    rmSync(join(dir, 'journal.jsonl'));
    transports = new Map();
    const skipping = await open({ skipDoctor: true });
    try {
      await runPlan({ plan, handlers: skipping.handlers, journal: skipping.journal, sites: ['blog'] });
    } finally {
      await skipping.close();
    }
    const skippedAsked = [...transports.values()].flatMap((t) => t.commands.map((argv) => argv.join(' ')));
    // The Doctor's host checks (WP-CLI, PHP, dump tools) are what the run without it never asks.
    expect(doctorAsked).toContain('wp cli version');
    expect(skippedAsked).not.toContain('wp cli version');
    for (const t of transports.values()) expect(t.closed).toBe(1);
  });

  it('refuses a run directory whose journal belongs to another plan', async () => {
    const first = await open();
    await first.close();
    plan = { ...plan, hash: 'f'.repeat(64) };
    await expect(open()).rejects.toMatchObject({ code: expect.stringMatching(/^WPF_/) });
  });
});
