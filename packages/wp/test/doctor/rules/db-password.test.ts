import { describe, expect, it } from 'vitest';
import { dbPassword } from '../../../src/doctor/rules/db-password.js';
import { fleetWith, siteContext } from './rule-context.js';

describe('Doctor rule db-password', () => {
  it("finds the password in the target's wp-config.php, and never prints it", async () => {
    const checks = await dbPassword.check(siteContext());
    expect(checks).toEqual([
      expect.objectContaining({ severity: 'info', message: "from the target's wp-config.php" }),
    ]);
    expect(JSON.stringify(checks)).not.toContain('hunter2');
  });

  it('fails when the variable the fleet names is not set, even before the target is reached', async () => {
    const fleet = fleetWith((t) =>
      t.replace(
        'target: { host: new-1, path: /var/www/acme, url: "https://acme.test" }',
        'target: { host: new-1, path: /var/www/acme, url: "https://acme.test", db: { name: acme, user: wpapp, host: 127.0.0.1, passwordEnv: ACME_DB_PASSWORD } }',
      ),
    );
    const ctx = siteContext(undefined, { fleet });
    delete ctx.targetCli;
    delete ctx.target;
    const [check] = await dbPassword.check(ctx);
    expect(check).toMatchObject({
      severity: 'error',
      hint: expect.stringContaining('export ACME_DB_PASSWORD'),
    });
    expect(await dbPassword.check({ ...ctx, env: { ACME_DB_PASSWORD: 'x' } })).toEqual([]);
  });
});
