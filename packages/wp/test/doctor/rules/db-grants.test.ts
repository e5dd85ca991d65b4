import { describe, expect, it } from 'vitest';
import { dbGrants } from '../../../src/doctor/rules/db-grants.js';
import { siteContext } from './rule-context.js';

const HASH = '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9';

function grants(lines: string) {
  return siteContext((argv) => {
    const line = argv.join(' ');
    if (line.includes('SHOW GRANTS'))
      return { stdout: `GRANT USAGE ON *.* TO \`wpapp\`@\`%\` IDENTIFIED BY PASSWORD '${HASH}'\n${lines}` };
    if (line.includes('SELECT CURRENT_USER()')) return { stdout: 'wpapp@%\n' };
    return undefined;
  });
}

describe('Doctor rule db-grants', () => {
  it('passes a user with every right on the database, and fails one without, with a GRANT to run and no password hash', async () => {
    expect(await dbGrants.check(grants('GRANT ALL PRIVILEGES ON `acme`.* TO `wpapp`@`%`\n'))).toEqual([
      expect.objectContaining({
        severity: 'info',
        message: expect.stringMatching(/^the target DB user may .* on acme$/),
      }),
    ]);
    const checks = await dbGrants.check(
      grants('GRANT SELECT, INSERT, UPDATE, DELETE ON `acme`.* TO `wpapp`@`%`\n'),
    );
    expect(checks).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'the target DB user lacks CREATE, DROP, ALTER, INDEX, LOCK TABLES on acme',
        fix: expect.objectContaining({
          kind: 'db-grants',
          sql: "GRANT CREATE, DROP, ALTER, INDEX, LOCK TABLES ON `acme`.* TO 'wpapp'@'%';",
        }),
      }),
    ]);
    expect(JSON.stringify(checks)).not.toContain(HASH);
  });
});
