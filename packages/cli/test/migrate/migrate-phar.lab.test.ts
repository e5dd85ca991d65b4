// A target host without WP-CLI whose fleet entry gives `wpCli: { phar }`: the doctor promises the phar is uploaded
// for the run, so every migrate step must run it (not plain `wp`), and nothing of it may stay on the host after.
// The default lab's targets all have `wp`: this test hides tgt-2's for its own run (under the lab lock every lab
// test takes) and puts it back in `finally`, which is cheaper than a lab of its own for the cycle topology.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labFleet, readLabState, type LabState } from '@wpfleet/lab';
import { sql, tableDigests } from './lab-snapshot.js';
import { runCli } from '../run-cli/run-cli.js';
import { undoLastDemoRun } from './undo-last-demo-run.js';

const SITE = 'docs';
const standin = fileURLToPath(new URL('../../../../lab/wp-cli-standin', import.meta.url));

let lab: LabState;
let work: string;

/** A real phar of the lab's WP-CLI stand-in (what an operator downloads as wp-cli.phar). */
function buildStandinPhar(file: string): void {
  const build = [
    '$p = new Phar($argv[1], 0, "wp-cli.phar");',
    '$p->buildFromDirectory($argv[2]);',
    '$p->setStub("#!/usr/bin/env php\\n<?php Phar::mapPhar(\\"wp-cli.phar\\"); require \\"phar://wp-cli.phar/wp\\"; __HALT_COMPILER();");',
  ].join(' ');
  execFileSync('php', ['-d', 'phar.readonly=0', '-r', build, file, standin]);
  chmodSync(file, 0o644);
}

/** The private directories an uploaded phar lives in (`mktemp -d /tmp/wpfleet-wpcli.XXXXXXXXXX`), of one user. */
function pharDirsOf(uid: number): string[] {
  return readdirSync('/tmp')
    .filter((name) => name.startsWith('wpfleet-wpcli.'))
    .filter((name) => statSync(join('/tmp', name)).uid === uid);
}

beforeAll(async () => {
  await undoLastDemoRun();
  lab = readLabState();
  work = mkdtempSync(join(tmpdir(), 'wpfleet-phar-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("migrate on a host that only has the fleet's WP-CLI phar", () => {
  it('runs every step with the uploaded phar and leaves no phar on the host afterwards', async () => {
    const target = lab.targets.find((t) => t.site === SITE)!;
    const host = lab.hosts.find((h) => h.name === target.host)!;
    const uid = statSync(join(host.root, 'home')).uid;
    const wp = join(host.binDir, 'wp');
    const hidden = join(host.binDir, 'wp.hidden-by-migrate-phar-test');
    const phar = join(work, 'wp-cli.phar');
    buildStandinPhar(phar);
    const fleet = labFleet(lab, { only: [SITE] }) as { hosts: Record<string, Record<string, unknown>> };
    fleet.hosts[host.name]!['wpCli'] = { phar };
    const fleetFile = join(work, 'fleet.yml');
    writeFileSync(fleetFile, JSON.stringify(fleet));
    const runDir = join(work, 'run');
    const common = ['--fleet', fleetFile, '--ssh-config', lab.sshConfig, '--run-dir', runDir];
    // The live tables only: another test's leftovers under the staging prefix are not the live site (cleanup below
    // removes those as well).
    const liveTables = () =>
      Object.fromEntries(
        Object.entries(tableDigests(lab, target.host, target.db.name, { ignoreTransients: true })).filter(
          ([name]) => name.startsWith(target.prefix),
        ),
      );
    const liveBefore = liveTables();
    const pharDirsBefore = pharDirsOf(uid);
    let ran = false;
    let swapped = false;
    const restored: Array<{ what: string; code: number | null; stderr: string }> = [];
    renameSync(wp, hidden);
    try {
      const none = execFileSync('ssh', ['-F', lab.sshConfig, host.name, 'command -v wp || echo none'], {
        encoding: 'utf8',
      });
      expect(none.trim()).toBe('none');

      const plan = await runCli(['plan', ...common], { built: true });
      expect(plan.code, plan.stderr + plan.stdout).toBe(0);
      // While the run is under way its phar sits in a private directory of the host's user.
      let pharDirsDuringRun: string[] = [];
      const run = await runCli(['migrate', ...common, '--yes', '--json'], {
        built: true,
        onEvent: (event) => {
          if (event.type === 'step-finished' && event.step === 'db') {
            pharDirsDuringRun = pharDirsOf(uid).filter((d) => !pharDirsBefore.includes(d));
          }
        },
      });
      ran = true;
      swapped = run.events.some(
        (e) => e.type === 'step-finished' && e.site === SITE && (e as { step: string }).step === 'swap',
      );
      expect(run.code, run.stderr + run.stdout.slice(-4000)).toBe(0);
      const finished = run.events
        .filter((e) => e.type === 'step-finished' && e.site === SITE)
        .map((e) => (e as { step: string; status: string }).step);
      expect(finished).toEqual(
        expect.arrayContaining(['preflight', 'db', 'files', 'verify', 'swap', 'http-check']),
      );
      // The copy went live on the target through the phar: its tables are the migrated ones now.
      expect(liveTables()).not.toEqual(liveBefore);
      expect(pharDirsDuringRun).toHaveLength(1);
      expect(existsSync(join('/tmp', pharDirsDuringRun[0]!))).toBe(false);
      expect(pharDirsOf(uid)).toEqual(pharDirsBefore);
    } finally {
      renameSync(hidden, wp);
      // Back to the lab's own target: the backup goes live again, then the copy and backup are removed.
      if (swapped)
        restored.push({
          what: 'undo',
          ...(await runCli(['undo', SITE, '--run-dir', runDir], { built: true })),
        });
      if (ran)
        restored.push({
          what: 'cleanup',
          ...(await runCli(['cleanup', '--run-dir', runDir, '--yes'], { built: true })),
        });
    }
    for (const r of restored) expect(r.code, `${r.what}: ${r.stderr}`).toBe(0);
    expect(liveTables()).toEqual(liveBefore);
    expect(
      sql(
        lab,
        target.host,
        `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '${target.db.name}' AND (table_name LIKE 'wpfs\\_%' OR table_name LIKE 'wpfb\\_%')`,
      ).trim(),
    ).toBe('0');
    expect(existsSync(wp)).toBe(true);
  });
});
