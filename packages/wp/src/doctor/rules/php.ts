// PHP CLI runs on the host (WP-CLI needs it); one past its end of life is a warning.
import { doctorCheck } from '../doctor-check.js';
import { firstLine, type HostRule } from './doctor-rule.js';

const OLDEST_PHP = [7, 4] as const;

export const php: HostRule = {
  name: 'php',
  async check({ host, exec }) {
    const where = { host };
    const result = await exec(['php', '-r', 'echo PHP_VERSION;']);
    if (result.exitCode !== 0) {
      return [
        doctorCheck(
          'php',
          where,
          'fail',
          `php does not run on ${host}: ${firstLine(result.stderr) || `exit code ${result.exitCode}`}`,
          `install PHP CLI on ${host} (WP-CLI needs it)`,
        ),
      ];
    }
    const version = result.stdout.trim();
    const [major = 0, minor = 0] = version.split('.').map(Number);
    const old = major < OLDEST_PHP[0] || (major === OLDEST_PHP[0] && minor < OLDEST_PHP[1]);
    return [
      doctorCheck(
        'php',
        where,
        old ? 'warn' : 'ok',
        `PHP ${version}`,
        old
          ? `PHP older than ${OLDEST_PHP.join('.')} is past its end of life; WP-CLI 2.12 still runs, but plan an upgrade`
          : '',
      ),
    ];
  },
};
