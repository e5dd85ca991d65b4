import { describe, expect, it } from 'vitest';
import { dbClient } from '../../../src/doctor/rules/db-client.js';
import { hostContext } from './rule-context.js';

describe('Doctor rule db-client', () => {
  it('takes mysql when there is no mariadb, and fails a host with neither', async () => {
    const mysqlOnly = hostContext((argv) =>
      argv[0] === 'sh' ? { stdout: 'mysql=/usr/bin/mysql\n' } : undefined,
    );
    expect(await dbClient.check(mysqlOnly)).toEqual([
      { code: 'db-client', severity: 'info', message: 'mysql (/usr/bin/mysql)', where: { host: 'old-1' } },
    ]);
    const none = hostContext((argv) => (argv[0] === 'sh' ? { stdout: '' } : undefined));
    expect((await dbClient.check(none))[0]).toMatchObject({
      severity: 'error',
      message: "neither mariadb nor mysql is on old-1's PATH",
    });
  });
});
