// `wpfleet inventory`: every selected Site's facts on both sides (one probe round trip each), the drift between
// source and target environments and plugin/theme parity; printed, or `--json`, and cached as inventory.json.
import { join } from 'node:path';
import { formatBytes, formatDuration } from '@wpfleet/core';
import {
  INVENTORY_FILE,
  collectInventory,
  makeRunDir,
  type Inventory,
  type SideInventory,
  writeRunFile,
} from '@wpfleet/wp';
import { defineCommand, type CommandContext } from '../argv/command.js';
import { ExitCode } from '../argv/exit-code.js';
import {
  fleetOptions,
  hostPoolFor,
  runDirOption,
  selectSites,
  loadFleetFile,
  type LoadedFleet,
} from '../fleet/load-fleet.js';
import { renderTable } from '../output/render-table.js';
import { plural } from '../reporters/plural.js';
import { terminalStyle } from '../terminal/terminal-style.js';

export const inventoryCommand = defineCommand({
  name: 'inventory',
  summary: 'Collect the facts of every site, source and target, with drift and plugin parity.',
  description:
    'Runs one PHP probe per site side (`wp eval-file -`): WordPress, PHP and extensions, DB server, collations, ' +
    'tables with rows and bytes, multisite subsites, plugins and themes with versions, uploads, cron and free disk. ' +
    'Sites run in parallel, bounded per host (`concurrency`). The result is cached in the run directory as ' +
    'inventory.json for `wpfleet plan`. Exit code 1 when a site could not be probed (the others are still reported).',
  options: [
    ...fleetOptions,
    {
      name: 'per-host',
      type: 'number',
      min: 1,
      valueName: 'N',
      description:
        "Sites probed at once per host (default: the host's `concurrency`, else `defaults.concurrency.perHost`).",
    },
  ],
  examples: [
    'wpfleet inventory --fleet fleet.yml',
    'wpfleet inventory --sites acme-blog,acme-shop --json',
    'wpfleet inventory --run-dir .wpfleet/runs/today',
  ],
  async run(ctx) {
    const loaded = loadFleetFile(ctx);
    const sites = selectSites(loaded.fleet, ctx);
    const runDir = await makeRunDir(ctx.cwd, runDirOption(ctx));
    const inventory = await gatherInventory(ctx, loaded, sites, runDir);
    if (ctx.options['json']) ctx.io.stdout.write(JSON.stringify(inventory, null, 2) + '\n');
    else {
      ctx.io.stdout.write(renderInventory(inventory, ctx));
      ctx.io.stdout.write(`\ninventory saved to ${join(runDir, INVENTORY_FILE)}\n`);
    }
    const failed = Object.values(inventory.sites).some((s) => s.source.error || s.target.error);
    return failed ? ExitCode.failedSites : ExitCode.ok;
  },
});

/** Probe the sites and write inventory.json into the run directory. */
export async function gatherInventory(
  ctx: CommandContext,
  loaded: LoadedFleet,
  sites: readonly string[],
  runDir: string,
): Promise<Inventory> {
  const pool = hostPoolFor(loaded, ctx);
  const progress = !ctx.options['json'] && !ctx.options['quiet'];
  const perHost = ctx.options['per-host'];
  let inventory: Inventory;
  try {
    inventory = await collectInventory({
      fleet: loaded.fleet,
      pool,
      sites,
      signal: ctx.signal,
      ...(typeof perHost === 'number' ? { limits: { perHost } } : {}),
      onSide: (site, side, result) => {
        if (progress)
          ctx.io.stderr.write(
            `  ${result.error ? 'failed' : 'probed'} ${site} (${side}) on ${result.host} in ${formatDuration(result.durationMs)}\n`,
          );
      },
    });
  } finally {
    await pool.close();
  }
  await writeRunFile(join(runDir, INVENTORY_FILE), JSON.stringify(inventory, null, 2) + '\n');
  return inventory;
}

function sideRow(site: string, side: 'source' | 'target', s: SideInventory): string[] {
  const f = s.facts;
  if (!f)
    return [
      site,
      side,
      s.host,
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      `error: ${s.error?.code ?? 'unknown'}`,
    ];
  const rows = f.database.tables.reduce((n, t) => n + t.rows, 0);
  const bytes = f.database.tables.reduce((n, t) => n + t.bytes, 0);
  const active = f.plugins.filter((p) => p.status !== 'inactive').length;
  return [
    site,
    side,
    s.host,
    f.wordpress.version,
    f.php.version,
    `${f.database.flavour} ${f.database.version}`,
    String(f.database.tables.length),
    String(rows),
    formatBytes(bytes),
    `${f.uploads.files} / ${formatBytes(f.uploads.bytes)}`,
    `${active}/${f.plugins.length}`,
    f.wordpress.multisite ? `multisite: ${plural(f.sites.length, 'site')}` : '',
  ];
}

export function renderInventory(inventory: Inventory, ctx: Pick<CommandContext, 'io'>): string {
  const c = terminalStyle(ctx.io.color);
  const rows: string[][] = [];
  for (const site of Object.values(inventory.sites)) {
    rows.push(sideRow(site.name, 'source', site.source), sideRow(site.name, 'target', site.target));
  }
  let out = renderTable(
    ['SITE', 'SIDE', 'HOST', 'WP', 'PHP', 'DB', 'TABLES', 'ROWS', 'DB SIZE', 'UPLOADS', 'PLUGINS', 'NOTE'],
    rows,
  );
  for (const site of Object.values(inventory.sites)) {
    const lines: string[] = [];
    for (const side of ['source', 'target'] as const) {
      const e = site[side].error;
      if (e)
        lines.push(
          `  ${c.red('error')} ${side} on ${site[side].host}: ${e.message}${e.hint ? `\n    hint: ${e.hint}` : ''}`,
        );
    }
    const f = site.source.facts;
    if (f?.wordpress.multisite) {
      lines.push(`  subsites: ${f.sites.map((s) => `${s.blogId} ${s.url}`).join(', ')}`);
    }
    for (const d of site.drift) {
      const mark =
        d.severity === 'error'
          ? c.red('blocker')
          : d.severity === 'warning'
            ? c.yellow('warning')
            : c.dim('info');
      lines.push(`  ${mark} ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
    }
    if (site.parity) {
      for (const [kind, p] of [
        ['plugin', site.parity.plugins],
        ['theme', site.parity.themes],
      ] as const) {
        for (const m of p.missing)
          lines.push(`  ${kind} ${m.name} ${m.version} is on the source, not on the target`);
        for (const x of p.extra) lines.push(`  ${kind} ${x.name} ${x.version} is only on the target`);
        for (const v of p.versionDiffers)
          lines.push(`  ${kind} ${v.name}: ${v.source} on the source, ${v.target} on the target`);
        for (const v of p.statusDiffers)
          lines.push(`  ${kind} ${v.name}: ${v.source} on the source, ${v.target} on the target`);
      }
    }
    if (lines.length > 0) out += `\n${c.bold(site.name)}\n${lines.join('\n')}\n`;
  }
  return out;
}
