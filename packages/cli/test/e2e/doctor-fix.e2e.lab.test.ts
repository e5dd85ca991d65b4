// End to end: `wpfleet doctor --fix` against a lab target whose DB user lost rights. The Doctor shows the GRANT,
// applies it as a DB admin whose password comes from the environment (never shown), and the re-check passes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabState, writeLabFleet, type LabState } from '@wpfleet/lab';
import { runCli } from '../run-cli/run-cli.js';

const ADMIN_PASSWORD = 'adm-Pa55"\'$(id)';
let lab: LabState;
let work: string;
let fleet: string;
let socket: string;
let dbName: string;
let dbUser: string;

function asLabRoot(sql: string): string {
  return execFileSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-N', '-B'], {
    input: sql,
    encoding: 'utf8',
  });
}

async function wpfleet(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  const run = await runCli([...args, '--ssh-config', lab.sshConfig], {
    built: true,
    cwd: work,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...env },
  });
  return { code: run.code, out: run.stdout + run.stderr };
}

beforeAll(() => {
  lab = readLabState();
  work = mkdtempSync(join(tmpdir(), 'wpf-doctor-fix-'));
  fleet = writeLabFleet(join(work, 'fleet.yml'), lab);
  const target = lab.targets.find((t) => t.site === 'docs')!;
  const host = lab.hosts.find((h) => h.name === target.host)!;
  socket = host.dbSocket;
  dbName = target.db.name;
  dbUser = target.db.user;
  asLabRoot(
    `CREATE USER IF NOT EXISTS 'wpfadmin'@'%' IDENTIFIED BY '${ADMIN_PASSWORD.replace(/\\/g, '\\\\').replace(/'/g, "''")}';\n` +
      `GRANT ALL PRIVILEGES ON *.* TO 'wpfadmin'@'%' WITH GRANT OPTION;\n` +
      `REVOKE CREATE, DROP ON \`${dbName}\`.* FROM '${dbUser}'@'%';\n`,
  );
});

afterAll(() => {
  asLabRoot(
    `GRANT ALL PRIVILEGES ON \`${dbName}\`.* TO '${dbUser}'@'%';\nDROP USER IF EXISTS 'wpfadmin'@'%';\n`,
  );
  // The fix must not have left a second grant entry for the database (it would shadow the first).
  rmSync(work, { recursive: true, force: true });
  expect(
    asLabRoot(`SHOW GRANTS FOR '${dbUser}'@'%'`)
      .split('\n')
      .filter((l) => l.includes(dbName.replace(/_/g, '\\\\_'))),
  ).toEqual([]);
});

describe('wpfleet doctor --fix', () => {
  it('reports the missing rights with the exact GRANT, and exits 3 without --fix', async () => {
    const r = await wpfleet(['doctor', '--fleet', fleet, '--sites', 'docs']);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/lacks CREATE, DROP on/);
    expect(r.out).toContain(`GRANT CREATE, DROP ON \`${dbName}\`.* TO '${dbUser}'@'%';`);
  });

  it('refuses to apply fixes without a terminal unless --yes is given', async () => {
    const r = await wpfleet(['doctor', '--fleet', fleet, '--sites', 'docs', '--fix']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('WPF_NO_TTY');
    expect(asLabRoot(`SHOW GRANTS FOR '${dbUser}'@'%'`)).not.toMatch(/GRANT ALL PRIVILEGES ON `docs/);
  });

  it('grants them as the DB admin, never shows the admin password, and the re-check passes', async () => {
    const r = await wpfleet(
      ['doctor', '--fleet', fleet, '--sites', 'docs', '--fix', '--yes', '--db-admin-user', 'wpfadmin'],
      {
        WPFLEET_DB_ADMIN_PASSWORD: ADMIN_PASSWORD,
      },
    );
    expect(r.out).toContain(`done: granted CREATE, DROP on ${dbName} to ${dbUser}@%`);
    expect(r.out).not.toContain(ADMIN_PASSWORD);
    expect(r.code).toBe(0);
    expect(r.out, r.out).toMatch(/db-grants\s+ok/);
    // The user keeps every right it had: the grant joined its existing entry instead of shadowing it.
    expect(asLabRoot(`SHOW GRANTS FOR '${dbUser}'@'%'`)).toContain(`GRANT ALL PRIVILEGES ON \`${dbName}\`.*`);
  });
});
