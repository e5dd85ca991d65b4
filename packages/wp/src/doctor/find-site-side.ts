// The Doctor's gate before a site's rules: the side's directory exists (`site-path`), WordPress is installed there
// (`wordpress`) and the Probe runs (`probe`). A side that passes all three gives the rules its facts and WP-CLI.
import type { HostPool } from '../fleet-hosts/host-pool.js';
import { probeSite, siteWpCli, type SiteSide } from '../fleet-hosts/site-side.js';
import type { ProbeFacts } from '../probe/probe-facts.js';
import type { WpCli } from '../wp-cli/wp-cli.js';
import type { Fleet } from '@wpfleet/core';
import type { DoctorStatus } from './doctor-check.js';
import { fromError, TOOL_TIMEOUT_MS } from './rules/doctor-rule.js';

export async function findSiteSide(
  fleet: Fleet,
  pool: HostPool,
  side: SiteSide,
  check: (id: string, status: DoctorStatus, message: string, hint?: string) => void,
): Promise<{ facts: ProbeFacts; cli: WpCli } | undefined> {
  const key = `sites.${side.site}.${side.side}.path`;
  const transport = pool.get(side.host);
  const dir = await transport.exec(['test', '-d', side.path], { reject: false, timeoutMs: TOOL_TIMEOUT_MS });
  if (dir.exitCode !== 0) {
    check(
      'site-path',
      'fail',
      `there is no directory ${JSON.stringify(side.path)} on ${side.host}`,
      `check \`${key}\` in the fleet file`,
    );
    return undefined;
  }
  check('site-path', 'ok', side.path);
  let cli: WpCli;
  try {
    cli = siteWpCli(pool, fleet, side, { command: await pool.wpCommand(side.host) });
  } catch (error) {
    const { message, hint } = fromError(error);
    check('wordpress', 'fail', message, hint || `check \`${key}\` and the site's wp-config.php`);
    return undefined;
  }
  // The probe boots WordPress once and proves it is installed when it succeeds; only a failed probe pays for a
  // second boot (`wp core is-installed`) to tell "not WordPress / no database" and "not installed" apart.
  let facts: ProbeFacts;
  try {
    facts = await probeSite(cli, { host: side.host, site: side.site });
  } catch (probeError) {
    let installed: boolean;
    try {
      // Throws for a path that is not WordPress or a database WordPress cannot reach; false means not installed.
      installed = await cli.isInstalled();
    } catch (error) {
      const { message, hint } = fromError(error);
      check('wordpress', 'fail', message, hint || `check \`${key}\` and the site's wp-config.php`);
      return undefined;
    }
    if (!installed) {
      check(
        'wordpress',
        side.side === 'source' ? 'fail' : 'warn',
        `WordPress files are at ${side.path} on ${side.host}, but WordPress is not installed in its database`,
        side.side === 'source'
          ? `check \`${key}\` and DB_NAME/$table_prefix in its wp-config.php`
          : 'the copy installs the source site here; nothing to do unless this is the wrong path',
      );
      return undefined;
    }
    check('wordpress', 'ok', 'WordPress is installed');
    const { message, hint } = fromError(probeError);
    check('probe', 'fail', message, hint);
    return undefined;
  }
  check('wordpress', 'ok', 'WordPress is installed');
  check(
    'probe',
    'ok',
    `WordPress ${facts.wordpress.version}, PHP ${facts.php.version}, ${facts.database.flavour} ${facts.database.version}${facts.wordpress.multisite ? `, multisite with ${facts.sites.length} site${facts.sites.length === 1 ? '' : 's'}` : ''}`,
  );
  return { facts, cli };
}
