// Target DB passwords come from the environment or the target's wp-config, and never print.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DbPassword, dbPasswordProblem } from '../../src/fleet-hosts/db-password.js';

const db = { name: 'acme', user: 'wp', host: 'localhost', passwordEnv: 'ACME_DB_PASSWORD' };

describe('target DB passwords', () => {
  it('names the unset environment variable and the fleet key when passwordEnv is missing', () => {
    expect(dbPasswordProblem(db, {}, 'acme-blog')).toBe(
      'sites.acme-blog.target.db.passwordEnv names ACME_DB_PASSWORD, which is not set in this environment',
    );
    expect(dbPasswordProblem(db, { ACME_DB_PASSWORD: 's3cret' }, 'acme-blog')).toBeUndefined();
    expect(
      dbPasswordProblem({ ...db, passwordEnv: undefined, passwordFrom: 'wp-config' }, {}, 'acme-blog'),
    ).toBeUndefined();
  });

  it('never shows the password in JSON, string conversion or util.inspect', () => {
    const password = new DbPassword('s3cret-value');
    const seen = [
      JSON.stringify({ password }),
      String(password),
      `${password}`,
      inspect(password),
      inspect({ password }),
    ].join(' ');
    expect(seen).not.toContain('s3cret-value');
    expect(password.reveal()).toBe('s3cret-value');
  });
});
