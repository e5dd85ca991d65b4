// The target DB password can be found: in the environment variable the fleet names, or in wp-config.php. It is
// resolved to prove it can be, then dropped: the value is never printed.
import { dbPasswordProblem, resolveDbPassword } from '../../fleet-hosts/db-password.js';
import { doctorCheck, type DoctorCheck } from '../doctor-check.js';
import { fromError, type SiteRule } from './doctor-rule.js';

export const dbPassword: SiteRule = {
  name: 'db-password',
  async check({ fleet, site, targetHost, targetCli, target, env }) {
    const check = (status: 'ok' | 'fail', message: string, hint = ''): DoctorCheck[] => [
      doctorCheck('db-password', { host: targetHost, site, side: 'target' }, status, message, hint),
    ];
    const db = fleet.sites[site]!.target.db;
    const problem = dbPasswordProblem(db, env, site);
    if (problem)
      return check(
        'fail',
        problem,
        `export ${db?.passwordEnv ?? 'it'} in the shell that runs wpfleet, or write \`passwordFrom: wp-config\``,
      );
    if (!targetCli || !target) return [];
    try {
      await resolveDbPassword(db, env, targetCli, site);
    } catch (error) {
      const { message, hint } = fromError(error);
      return check('fail', message, hint);
    }
    return check(
      'ok',
      db?.passwordEnv
        ? `from $${db.passwordEnv}`
        : db?.passwordFrom === 'none'
          ? 'the DB user has no password'
          : "from the target's wp-config.php",
    );
  },
};
