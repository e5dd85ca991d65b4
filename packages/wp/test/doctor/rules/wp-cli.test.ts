import { describe, expect, it } from 'vitest';
import { wpCli } from '../../../src/doctor/rules/wp-cli.js';
import { fleetWith, hostContext } from './rule-context.js';

describe('Doctor rule wp-cli', () => {
  it('passes with the version WP-CLI prints, and fails with a phar upload fix when it does not run', async () => {
    expect(
      await wpCli.check(
        hostContext((argv) =>
          argv.join(' ') === 'wp cli version' ? { stdout: 'WP-CLI 2.12.0\n' } : undefined,
        ),
      ),
    ).toEqual([{ code: 'wp-cli', severity: 'info', message: 'WP-CLI 2.12.0', where: { host: 'old-1' } }]);
    const [failed] = await wpCli.check(
      hostContext((argv) =>
        argv[0] === 'wp' ? { exitCode: 127, stderr: 'sh: wp: not found\n' } : undefined,
      ),
    );
    expect(failed).toMatchObject({
      severity: 'error',
      message: 'WP-CLI does not run on old-1: sh: wp: not found',
      fix: { kind: 'wp-cli-phar', host: 'old-1' },
    });
  });

  it('only warns when the fleet names a phar to upload for the run', async () => {
    const fleet = fleetWith((t) =>
      t.replace(
        'old-1: { address: 10.0.0.1 }',
        'old-1: { address: 10.0.0.1, wpCli: { phar: ./wp-cli.phar } }',
      ),
    );
    const checks = await wpCli.check(
      hostContext((argv) => (argv.includes('cli') ? { exitCode: 1 } : undefined), { fleet }),
    );
    expect(checks.map((c) => [c.severity, c.message])).toEqual([
      [
        'warning',
        'no WP-CLI on old-1; the phar ./wp-cli.phar will be uploaded for the run and removed after',
      ],
    ]);
  });
});
