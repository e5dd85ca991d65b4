// WP-CLI runs on the host, or the fleet names a phar to upload for the run; else `doctor --fix` can upload one.
import { runsAsRoot } from '../../wp-cli/wp-cli.js';
import { wpCliCommand } from '../../fleet-hosts/site-side.js';
import { doctorCheck } from '../doctor-check.js';
import { firstLine, type HostRule } from './doctor-rule.js';

/** Where `doctor --fix` puts an uploaded WP-CLI phar (relative to the SSH user's home). */
const WP_CLI_FIX_DESTINATION = '.wpfleet/bin/wp';

export const wpCli: HostRule = {
  name: 'wp-cli',
  async check({ host, fleet, transport, exec }) {
    const where = { host };
    const fleetHost = fleet.hosts[host];
    const asRoot = await runsAsRoot(transport).catch(() => false);
    const wp = await exec([
      ...wpCliCommand(fleetHost),
      ...(asRoot ? ['--allow-root'] : []),
      'cli',
      'version',
    ]);
    if (wp.exitCode === 0) return [doctorCheck('wp-cli', where, 'ok', wp.stdout.trim())];
    if (typeof fleetHost?.wpCli === 'object') {
      return [
        doctorCheck(
          'wp-cli',
          where,
          'warn',
          `no WP-CLI on ${host}; the phar ${fleetHost.wpCli.phar} will be uploaded for the run and removed after`,
        ),
      ];
    }
    return [
      {
        ...doctorCheck(
          'wp-cli',
          where,
          'fail',
          `WP-CLI does not run on ${host}: ${firstLine(wp.stderr) || `exit code ${wp.exitCode}`}`,
          `install WP-CLI on ${host}, set \`hosts.${host}.wpCli\` to its path, give a phar with \`hosts.${host}.wpCli: { phar: ./wp-cli.phar }\`, or upload one with \`wpfleet doctor --fix --wp-cli-phar ./wp-cli.phar\``,
        ),
        fix: { kind: 'wp-cli-phar', host, destination: WP_CLI_FIX_DESTINATION },
      },
    ];
  },
};
