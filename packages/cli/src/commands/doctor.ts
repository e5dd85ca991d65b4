// `wpfleet doctor`: read-only preflight of every Host and Site in the selection; exit code 3 when a check fails.
import { WpfleetError } from '@wpfleet/core';
import {
  applyDoctorFix,
  doctorStatus,
  runDoctor,
  worstStatus,
  type DoctorCheck,
  type DoctorFix,
  type DoctorStatus,
  type HostPool,
} from '@wpfleet/wp';
import { defineCommand, type CommandContext } from '../argv/command.js';
import { ExitCode } from '../argv/exit-code.js';
import { fleetOptions, hostPoolFor, loadFleetFile, selectSites } from '../fleet/load-fleet.js';
import { renderTable } from '../output/render-table.js';
import { parseCollationMap } from './plan.js';
import { plural } from '../reporters/plural.js';
import { rawStream } from '../terminal/terminal-stream.js';
import { terminalStyle } from '../terminal/terminal-style.js';

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'Check every host and site without changing anything.',
  description:
    'Connects to every host the selected sites use (strict host keys) and checks WP-CLI, PHP, the dump and client ' +
    "tools, rsync (and rrsync on sources), that each site path holds an installed WordPress, the target DB user's " +
    "rights, free disk on the target against the copy's size, collations the target does not know, and that the " +
    'staging/backup table prefixes do not clash. Nothing is written on any host. Exit code 3 when a check fails.',
  options: [
    ...fleetOptions,
    {
      name: 'map-collation',
      type: 'list',
      valueName: 'FROM=TO',
      description:
        'A collation the dump will rewrite (as `wpfleet plan --map-collation`): the target need not know FROM (repeatable).',
    },
    {
      name: 'fix',
      type: 'boolean',
      description:
        'Offer the safe fixes (target DB grants, uploading a WP-CLI phar): each is shown in full and asked for first.',
    },
    {
      name: 'yes',
      short: 'y',
      type: 'boolean',
      description: 'With --fix: apply the fixes without asking (required without a terminal).',
    },
    {
      name: 'db-admin-user',
      type: 'string',
      valueName: 'USER',
      default: 'root',
      description:
        'With --fix: the DB account that grants; its password comes from WPFLEET_DB_ADMIN_PASSWORD (or none).',
    },
    {
      name: 'wp-cli-phar',
      type: 'string',
      valueName: 'FILE',
      description: 'With --fix: a WP-CLI phar to upload to hosts that have no `wp`.',
    },
  ],
  examples: [
    'wpfleet doctor --fleet fleet.yml',
    'WPFLEET_DB_ADMIN_PASSWORD=... wpfleet doctor --fix --db-admin-user admin',
    'wpfleet doctor --sites acme-blog --json',
    'wpfleet doctor --ssh-config ./ssh_config --known-hosts ./known_hosts',
  ],
  async run(ctx) {
    const loaded = loadFleetFile(ctx);
    const sites = selectSites(loaded.fleet, ctx);
    const collationMap = parseCollationMap(ctx.options['map-collation'] as string[] | undefined);
    const pool = hostPoolFor(loaded, ctx);
    const doctorOnce = () =>
      runDoctor({ fleet: loaded.fleet, pool, sites, signal: ctx.signal, env: ctx.env, collationMap });
    let checks: DoctorCheck[];
    try {
      checks = await doctorOnce();
      if (ctx.options['fix'] && (await applyFixes(checks, pool, ctx)) > 0) {
        // Show where things stand after the fixes.
        checks = await doctorOnce();
      }
    } finally {
      await pool.close();
    }
    const status = worstStatus(checks);
    if (ctx.options['json']) {
      ctx.io.stdout.write(JSON.stringify({ type: 'doctor', status, sites, checks }, null, 2) + '\n');
    } else {
      ctx.io.stdout.write(renderDoctor(checks, ctx));
    }
    return status === 'fail' ? ExitCode.preflight : ExitCode.ok;
  },
});

export function renderDoctor(
  checks: readonly DoctorCheck[],
  ctx: Pick<CommandContext, 'io' | 'options'>,
): string {
  const c = terminalStyle(ctx.io.color);
  const mark = { ok: c.green('ok'), warn: c.yellow('warn'), fail: c.red('FAIL') };
  const rows = checks
    .filter((check) => !ctx.options['quiet'] || check.severity !== 'info')
    .map(({ where, code, severity, message }) => [
      where.host,
      where.site ? `${where.site}${where.side ? ` (${where.side})` : ''}` : '-',
      code,
      mark[doctorStatus(severity)],
      message,
    ]);
  let out = renderTable(['HOST', 'SITE', 'CHECK', 'STATUS', 'RESULT'], rows);
  const problems = checks.filter((check) => check.severity !== 'info' && check.hint);
  if (problems.length > 0) {
    out += '\nWhat to do:\n';
    // A site's source and target can fail the same check: say which side, and on which host.
    for (const { where, code, severity, hint } of problems)
      out += `  ${mark[doctorStatus(severity)]} ${where.site ? `${where.site}${where.side ? ` ${where.side}` : ''} on ${where.host}` : where.host} ${code}: ${hint}\n`;
  }
  const count = (s: DoctorStatus): number =>
    checks.filter((check) => doctorStatus(check.severity) === s).length;
  out += `\n${count('ok')} ok, ${plural(count('warn'), 'warning')}, ${count('fail')} failed\n`;
  return out;
}

function describeFix(fix: DoctorFix): string {
  return fix.kind === 'db-grants'
    ? `On ${fix.host}, as DB admin, for site ${fix.site}:\n    ${fix.sql}`
    : `Upload a WP-CLI phar to ~/${fix.destination} on ${fix.host}`;
}

/** Shows each safe fix, asks (or takes --yes), applies it; returns how many were applied. */
async function applyFixes(
  checks: readonly DoctorCheck[],
  pool: HostPool,
  ctx: CommandContext,
): Promise<number> {
  const seen = new Set<string>();
  const fixes = checks
    .flatMap((c) => (c.fix ? [c.fix] : []))
    .filter((fix) => {
      const key = JSON.stringify(fix);
      return !seen.has(key) && seen.add(key);
    });
  const err = ctx.io.stderr;
  if (fixes.length === 0) {
    err.write('doctor --fix: nothing that wpfleet can fix safely.\n');
    return 0;
  }
  if (!ctx.options['yes'] && !ctx.io.isTTY) {
    throw new WpfleetError('WPF_NO_TTY', 'doctor --fix asks before each fix, and there is no terminal', {
      kind: 'user',
      hint: 'Read the fixes with `wpfleet doctor` (they are in the hints), then run `wpfleet doctor --fix --yes`.',
    });
  }
  const password = ctx.env['WPFLEET_DB_ADMIN_PASSWORD'];
  const dbAdmin = {
    user: String(ctx.options['db-admin-user'] ?? 'root'),
    ...(password !== undefined ? { password } : {}),
  };
  const pharPath = typeof ctx.options['wp-cli-phar'] === 'string' ? ctx.options['wp-cli-phar'] : undefined;
  let applied = 0;
  for (const fix of fixes) {
    err.write(`\n${describeFix(fix)}\n`);
    if (fix.kind === 'wp-cli-phar' && !pharPath) {
      err.write('  skipped: pass --wp-cli-phar FILE to upload one.\n');
      continue;
    }
    const go =
      ctx.options['yes'] === true ||
      (await (
        await import('@inquirer/prompts')
      ).confirm(
        { message: 'Apply this fix?', default: false },
        { input: ctx.io.stdin, output: rawStream(ctx.io.stderr), signal: ctx.signal },
      ));
    if (!go) {
      err.write('  skipped.\n');
      continue;
    }
    const done = await applyDoctorFix(fix, {
      transport: await pool.connect(fix.host),
      dbAdmin,
      ...(pharPath ? { pharPath } : {}),
      signal: ctx.signal,
    });
    err.write(`  done: ${done}\n`);
    applied += 1;
  }
  return applied;
}
