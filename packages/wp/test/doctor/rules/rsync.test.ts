import { describe, expect, it } from 'vitest';
import { rsync } from '../../../src/doctor/rules/rsync.js';
import { hostContext } from './rule-context.js';

describe('Doctor rule rsync', () => {
  it('fails a host without rsync, on either side', async () => {
    expect((await rsync.check(hostContext(() => undefined)))[0]).toMatchObject({
      severity: 'info',
      message: '/usr/bin/rsync',
    });
    const none = hostContext(
      (argv) => (argv[0] === 'sh' ? { stdout: 'mariadb=/usr/bin/mariadb\n' } : undefined),
      { roles: new Set(['target']) },
    );
    expect((await rsync.check(none))[0]).toMatchObject({
      severity: 'error',
      hint: 'install rsync on old-1; wp-content is copied with it',
    });
  });
});
