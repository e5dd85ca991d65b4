import { describe, expect, it } from 'vitest';
import { diskFree } from '../../../src/doctor/rules/disk-free.js';
import { dfOutput, siteContext } from './rule-context.js';

const df = (answer: { stdout?: string; exitCode?: number; stderr?: string }) =>
  siteContext((argv) => (argv[0] === 'df' ? answer : undefined));

describe('Doctor rule disk-free', () => {
  it('fails a target with less free than the copy needs, as the plan would, and warns when df says nothing', async () => {
    // The fixture site has 2 GiB of tables and 3 GiB of uploads: about 6.9 GiB needed.
    expect((await diskFree.check(df({ stdout: dfOutput(100 * 1024 ** 2) })))[0]).toMatchObject({
      severity: 'error',
      message: '100.0 MiB free on the target, the copy needs about 6.9 GiB',
    });
    expect((await diskFree.check(df({ stdout: dfOutput(100 * 1024 ** 3) })))[0]).toMatchObject({
      severity: 'info',
      message: expect.stringMatching(/^100\.0 GiB free, about 6\.9 GiB needed/),
    });
    expect(
      (await diskFree.check(df({ exitCode: 1, stderr: 'df: /var/www/acme: No such file' })))[0],
    ).toMatchObject({ severity: 'warning', message: expect.stringContaining('No such file') });
  });
});
