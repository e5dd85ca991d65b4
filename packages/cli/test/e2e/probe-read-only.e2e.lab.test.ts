// The probe only looks: inventory of a source site leaves its database exactly as it was, even when WordPress
// would store a cache on the way (wp_get_themes() writes the `theme_roots` site transient when it is missing).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabState, writeLabFleet, type LabState } from '@wpfleet/lab';
import { runCli } from '../run-cli/run-cli.js';

let lab: LabState;
let work: string;

beforeAll(() => {
  lab = readLabState();
  work = mkdtempSync(join(tmpdir(), 'wpf-probe-ro-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the site probe', () => {
  it('leaves the source database unchanged, even where WordPress would store a transient', async () => {
    const site = lab.sites.find((s) => s.name === 'blog')!;
    const host = lab.hosts.find((h) => h.name === site.host)!;
    const sql = (statement: string) =>
      execFileSync(
        'mariadb',
        ['--no-defaults', `--socket=${host.dbSocket}`, '-uroot', '-N', '-B', site.db.name],
        {
          input: statement,
          encoding: 'utf8',
        },
      );
    const options = `${site.prefix}options`;
    sql(`DELETE FROM \`${options}\` WHERE option_name LIKE '\\_site\\_transient%theme\\_roots'`);
    // SHOW CREATE TABLE carries AUTO_INCREMENT, which even a rolled-back insert would move.
    const state = () =>
      sql(
        `SELECT COUNT(*) FROM \`${options}\`; CHECKSUM TABLE \`${options}\`; SHOW CREATE TABLE \`${options}\``,
      );
    const before = state();

    const fleet = writeLabFleet(join(work, 'fleet.yml'), lab);
    const inventory = await runCli(
      [
        'inventory',
        '--fleet',
        fleet,
        '--sites',
        'blog',
        '--ssh-config',
        lab.sshConfig,
        '--run-dir',
        join(work, 'run'),
      ],
      {
        built: true,
        cwd: work,
      },
    );
    if (inventory.code !== 0) throw new Error(`inventory failed (${inventory.code}): ${inventory.stderr}`);

    expect(sql(`SELECT COUNT(*) FROM \`${options}\` WHERE option_name LIKE '%theme\\_roots'`).trim()).toBe(
      '0',
    );
    expect(state()).toBe(before);
  });
});
