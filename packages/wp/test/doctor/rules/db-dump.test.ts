import { describe, expect, it } from 'vitest';
import { dbDump } from '../../../src/doctor/rules/db-dump.js';
import { hostContext } from './rule-context.js';

const noTools = (argv: readonly string[]) =>
  argv[0] === 'sh' ? { stdout: 'rsync=/usr/bin/rsync\n' } : undefined;

describe('Doctor rule db-dump', () => {
  it('names the dump tool found, fails a source without one and only warns for a target', async () => {
    expect((await dbDump.check(hostContext(() => undefined)))[0]).toMatchObject({
      severity: 'info',
      message: 'mariadb-dump (/usr/bin/mariadb-dump)',
    });
    expect((await dbDump.check(hostContext(noTools)))[0]).toMatchObject({ severity: 'error' });
    expect((await dbDump.check(hostContext(noTools, { roles: new Set(['target']) })))[0]).toMatchObject({
      severity: 'warning',
      hint: expect.stringContaining('for rollback'),
    });
  });
});
