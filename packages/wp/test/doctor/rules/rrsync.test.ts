import { describe, expect, it } from 'vitest';
import { rrsync } from '../../../src/doctor/rules/rrsync.js';
import { hostContext } from './rule-context.js';

describe('Doctor rule rrsync', () => {
  it('warns on a source without rrsync (files are relayed), and says nothing for a host that is only a target', async () => {
    const none = (argv: readonly string[]) =>
      argv[0] === 'sh' ? { stdout: 'rsync=/usr/bin/rsync\n' } : undefined;
    expect((await rrsync.check(hostContext(() => undefined)))[0]).toMatchObject({
      severity: 'info',
      message: '/usr/bin/rrsync: files can go host to host',
    });
    expect((await rrsync.check(hostContext(none)))[0]).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('relayed through this machine'),
    });
    expect(await rrsync.check(hostContext(none, { roles: new Set(['target']) }))).toEqual([]);
  });
});
