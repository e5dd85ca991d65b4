// `wpfleet doctor`: read-only preflight of every Host and Site in the selection; exit code 3 when a check fails.
import { Chalk } from 'chalk';
import { runDoctor, worstStatus, type DoctorCheck } from '@wpfleet/wp';
import { defineCommand, type CommandContext } from '../command/command.js';
import { ExitCode } from '../command/exit-code.js';
import { fleetOptions, hostPoolFor, loadFleetFile, selectSites } from '../fleet/load-fleet.js';
import { renderTable } from '../render/render-table.js';

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'Check every host and site without changing anything.',
  description:
    'Connects to every host the selected sites use (strict host keys) and checks WP-CLI, PHP, the dump and client ' +
    'tools, rsync (and rrsync on sources), that each site path holds an installed WordPress, the target DB user\'s ' +
    'rights, free disk on the target against the copy\'s size, collations the target does not know, and that the ' +
    'staging/backup table prefixes do not clash. Nothing is written on any host. Exit code 3 when a check fails.',
  options: [...fleetOptions],
  examples: [
    'wpfleet doctor --fleet fleet.yml',
    'wpfleet doctor --sites acme-blog --json',
    'wpfleet doctor --ssh-config ./ssh_config --known-hosts ./known_hosts',
  ],
  async run(ctx) {
    const loaded = loadFleetFile(ctx);
    const sites = selectSites(loaded.fleet, ctx);
    const pool = hostPoolFor(loaded, ctx);
    let checks: DoctorCheck[];
    try {
      checks = await runDoctor({ fleet: loaded.fleet, pool, sites, signal: ctx.signal, env: ctx.env });
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

export function renderDoctor(checks: readonly DoctorCheck[], ctx: Pick<CommandContext, 'io' | 'options'>): string {
  const c = new Chalk({ level: ctx.io.color ? 1 : 0 });
  const mark = { ok: c.green('ok'), warn: c.yellow('warn'), fail: c.red('FAIL') };
  const rows = checks
    .filter((check) => !ctx.options['quiet'] || check.status !== 'ok')
    .map((check) => [check.host, check.site ? `${check.site}${check.side ? ` (${check.side})` : ''}` : '-', check.id, mark[check.status], check.message]);
  let out = renderTable(['HOST', 'SITE', 'CHECK', 'STATUS', 'RESULT'], rows);
  const problems = checks.filter((check) => check.status !== 'ok' && check.hint);
  if (problems.length > 0) {
    out += '\nWhat to do:\n';
    for (const p of problems) out += `  ${mark[p.status]} ${p.site ?? p.host} ${p.id}: ${p.hint}\n`;
  }
  const count = (s: DoctorCheck['status']): number => checks.filter((check) => check.status === s).length;
  out += `\n${count('ok')} ok, ${count('warn')} warnings, ${count('fail')} failed\n`;
  return out;
}
