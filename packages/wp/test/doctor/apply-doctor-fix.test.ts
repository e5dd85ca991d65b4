// `doctor --fix` for DB grants, with a stand-in `mariadb` on PATH that keeps a copy of the option file it was given
// and fails quoting the password it read (the real client names an option-file line it does not understand).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WpfleetError } from '@wpfleet/core';
import { LocalTransport } from '../../src/transport/local-transport.js';
import { applyDoctorFix, optionValue } from '../../src/doctor/apply-doctor-fix.js';
import type { DoctorFix } from '../../src/doctor/doctor-check.js';

const FAKE_MARIADB = `#!/bin/sh
cnf="\${1#--defaults-extra-file=}"
cp "$cnf" "$WPF_TEST_DIR/copy.cnf"
printf %s "$cnf" > "$WPF_TEST_DIR/path"
stat -c %a "$cnf" > "$WPF_TEST_DIR/mode"
# A client that quotes the password it read: the error must still not show it.
my_print_defaults --defaults-file="$cnf" client | sed 's/^--password=/denied for password /' >&2
exit 1
`;

const fix: Extract<DoctorFix, { kind: 'db-grants' }> = {
  kind: 'db-grants',
  host: 'new-1',
  site: 'acme',
  database: 'acme',
  account: 'acme@localhost',
  privileges: ['CREATE', 'DROP'],
  sql: "GRANT CREATE, DROP ON `acme`.* TO 'acme'@'localhost';",
  dbHost: 'localhost',
};

let dir: string;
let savedPath: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wpf-fix-'));
  writeFileSync(join(dir, 'mariadb'), FAKE_MARIADB);
  chmodSync(join(dir, 'mariadb'), 0o755);
  savedPath = process.env['PATH'];
  process.env['PATH'] = `${dir}:${savedPath ?? ''}`;
  process.env['WPF_TEST_DIR'] = dir;
});
afterEach(() => {
  process.env['PATH'] = savedPath;
  delete process.env['WPF_TEST_DIR'];
  rmSync(dir, { recursive: true, force: true });
});

describe('doctor --fix for DB grants', () => {
  it('keeps a DB admin password with a newline, quotes and backslashes on its own option-file line and out of the error', async () => {
    const password = 'first line\nsecond "line" \\ $(id) #not-a-comment\r';
    const transport = new LocalTransport();
    const error = (await applyDoctorFix(fix, { transport, dbAdmin: { user: 'admin', password } }).catch(
      (e: unknown) => e,
    )) as WpfleetError;
    await transport.close();
    expect(error).toBeInstanceOf(WpfleetError);
    expect(error.code).toBe('WPF_DOCTOR_FIX');
    for (const piece of ['first line', 'second', '$(id)', 'not-a-comment'])
      expect(error.message).not.toContain(piece);
    expect(error.message).toContain('***');
    // The option file was private, and the real option-file reader gets the password back byte for byte.
    expect(readFileSync(join(dir, 'mode'), 'utf8').trim()).toBe('600');
    const parsed = execFileSync('my_print_defaults', [`--defaults-file=${join(dir, 'copy.cnf')}`, 'client'], {
      encoding: 'utf8',
    });
    expect(parsed).toBe(`--user=admin\n--password=${password}\n--host=localhost\n`);
    expect(readFileSync(join(dir, 'copy.cnf'), 'utf8').split('\n')).toHaveLength(5);
  });

  it('writes option values that cannot end their line or their quotes', () => {
    expect(optionValue('a"b\\c\nd\re')).toBe('"a\\"b\\\\c\\nd\\re"');
    expect(optionValue('a"b\\c\nd\re')).not.toMatch(/[\n\r]/);
  });

  it('removes the option file afterwards', async () => {
    const transport = new LocalTransport();
    await applyDoctorFix(fix, { transport, dbAdmin: { user: 'admin', password: 'pw' } }).catch(
      () => undefined,
    );
    await transport.close();
    expect(readFileSync(join(dir, 'copy.cnf'), 'utf8')).toContain('password="pw"');
    const used = readFileSync(join(dir, 'path'), 'utf8');
    expect(used).toMatch(/^\/tmp\/wpfleet-fix\.[^/]+\/admin\.cnf$/);
    expect(() => statSync(dirname(used))).toThrow(/ENOENT/);
  });
});
