import { describe, expect, it } from 'vitest';
import { dbUser } from '../../../src/doctor/rules/db-user.js';
import { fleetWith, siteContext } from './rule-context.js';

const withUser = (user: string) =>
  fleetWith((t) =>
    t.replace(
      'target: { host: new-1, path: /var/www/acme, url: "https://acme.test" }',
      `target: { host: new-1, path: /var/www/acme, url: "https://acme.test", db: { name: acme, user: ${user}, host: 127.0.0.1, passwordFrom: wp-config } }`,
    ),
  );

describe('Doctor rule db-user', () => {
  it("warns when the fleet's target.db.user is not the user wp-config.php connects as", async () => {
    expect(await dbUser.check(siteContext(undefined, { fleet: withUser('wpapp') }))).toEqual([]);
    expect(await dbUser.check(siteContext(undefined, { fleet: withUser('deploy') }))).toEqual([
      expect.objectContaining({
        code: 'db-user',
        severity: 'warning',
        message: expect.stringContaining('connects as wpapp'),
      }),
    ]);
  });
});
