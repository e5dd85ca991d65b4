// `wpfleet plan`: builds the Plan (waves, per-site steps, blockers, warnings, estimates) from the fleet file and the
// inventory (collected first when there is none for this fleet, or with --refresh); writes plan.json with its hash.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  WpfleetError,
  buildPlan,
  canonicalHash,
  describePrefixChange,
  formatDuration,
  type Plan,
  type ProbeError,
  type SiteFactsPair,
} from '@wpfleet/core';
import {
  INVENTORY_FILE,
  INVENTORY_FORMAT_VERSION,
  PLAN_FILE,
  factsPair,
  makeRunDir,
  previousRunDirs,
  type Inventory,
  writeRunFile,
} from '@wpfleet/wp';
import { defineCommand, type CommandContext } from '../argv/command.js';
import { ExitCode } from '../argv/exit-code.js';
import { fleetOptions, loadFleetFile, runDirOption, selectSites } from '../fleet/load-fleet.js';
import { renderTable } from '../output/render-table.js';
import { gatherInventory } from './inventory.js';
import { plural } from '../reporters/plural.js';
import { terminalStyle } from '../terminal/terminal-style.js';

export const planCommand = defineCommand({
  name: 'plan',
  summary:
    "Group the sites into waves and show each site's steps, blockers, warnings and estimated duration.",
  description:
    'Reads the inventory of this fleet (from --run-dir, else the newest .wpfleet/runs/* holding one for the same ' +
    'fleet file contents) and collects it first when there is none or with --refresh. The plan is written to ' +
    'plan.json in the run directory; `wpfleet migrate` runs exactly that plan, pinned by its hash. `--json` prints ' +
    'the plan itself. Exit code 3 when a site is blocked (the plan is still written).',
  options: [
    ...fleetOptions,
    {
      name: 'refresh',
      type: 'boolean',
      description: 'Collect a fresh inventory even when a cached one exists.',
    },
    {
      name: 'max-wave-size',
      type: 'number',
      min: 1,
      valueName: 'N',
      description: 'Most sites in one wave (default `defaults.waves.maxSize`).',
    },
    {
      name: 'map-collation',
      type: 'list',
      valueName: 'FROM=TO',
      description: 'Rewrite a collation the target does not know (repeatable).',
    },
  ],
  examples: [
    'wpfleet plan --fleet fleet.yml',
    'wpfleet plan --refresh --json > plan.json',
    'wpfleet plan --map-collation utf8mb4_0900_ai_ci=utf8mb4_unicode_ci',
  ],
  async run(ctx) {
    const loaded = loadFleetFile(ctx);
    const sites = selectSites(loaded.fleet, ctx);
    const collationMap = parseCollationMap(ctx.options['map-collation'] as string[] | undefined);
    const fleetHash = canonicalHash(loaded.fleet);
    let found = ctx.options['refresh'] ? undefined : await findInventory(ctx, fleetHash, sites);
    let runDir: string;
    let inventory: Inventory;
    if (found) {
      ({ runDir, inventory } = found);
      if (!ctx.options['json'] && !ctx.options['quiet'])
        ctx.io.stderr.write(
          `using the inventory in ${join(runDir, INVENTORY_FILE)} (collected ${inventory.collectedAt}; --refresh to collect again)\n`,
        );
    } else {
      runDir = await makeRunDir(ctx.cwd, runDirOption(ctx));
      inventory = await gatherInventory(ctx, loaded, sites, runDir);
      found = { runDir, inventory };
    }
    // By site name, with no prototype: a site named `constructor` must find its own facts or none.
    const facts = Object.create(null) as Record<string, SiteFactsPair>;
    const probeErrors = Object.create(null) as Record<
      string,
      Partial<Record<'source' | 'target', ProbeError>>
    >;
    for (const name of sites) {
      const site = Object.hasOwn(inventory.sites, name) ? inventory.sites[name] : undefined;
      if (!site) continue;
      facts[name] = factsPair(site);
      // Sites whose probe failed have no facts; the plan blocks them with what the host said.
      for (const side of ['source', 'target'] as const) {
        const error = site[side].error;
        if (error)
          (probeErrors[name] ??= {})[side] = {
            message: error.message,
            ...(error.hint ? { hint: error.hint } : {}),
          };
      }
    }
    const final = buildPlan({
      fleet: loaded.fleet,
      facts,
      probeErrors,
      options: {
        only: sites,
        collationMap,
        ...(typeof ctx.options['max-wave-size'] === 'number'
          ? { maxWaveSize: ctx.options['max-wave-size'] }
          : {}),
      },
    });
    await writeRunFile(join(runDir, PLAN_FILE), JSON.stringify(final, null, 2) + '\n');
    if (ctx.options['json']) ctx.io.stdout.write(JSON.stringify(final, null, 2) + '\n');
    else {
      ctx.io.stdout.write(renderPlan(final, ctx));
      ctx.io.stdout.write(`\nplan saved to ${join(runDir, PLAN_FILE)}\nplan hash ${final.hash}\n`);
    }
    return final.blocked.length > 0 ? ExitCode.preflight : ExitCode.ok;
  },
});

/** `--map-collation FROM=TO` values (plan, doctor) as a map. */
export function parseCollationMap(values: readonly string[] | undefined): Record<string, string> {
  const map = Object.create(null) as Record<string, string>;
  for (const value of values ?? []) {
    const [from, to, ...rest] = value.split('=');
    if (!from || !to || rest.length > 0 || !/^[A-Za-z0-9_]+$/.test(from) || !/^[A-Za-z0-9_]+$/.test(to)) {
      throw new WpfleetError('WPF_USAGE', `--map-collation takes FROM=TO, got ${JSON.stringify(value)}`, {
        kind: 'user',
        hint: 'e.g. --map-collation utf8mb4_0900_ai_ci=utf8mb4_unicode_ci',
      });
    }
    map[from] = to;
  }
  return map;
}

/** The inventory of this fleet that covers the sites: in --run-dir, or the newest under .wpfleet/runs. */
async function findInventory(
  ctx: CommandContext,
  fleetHash: string,
  sites: readonly string[],
): Promise<{ runDir: string; inventory: Inventory } | undefined> {
  const given = ctx.options['run-dir'];
  const candidates =
    typeof given === 'string'
      ? [await makeRunDir(ctx.cwd, runDirOption(ctx))]
      : await previousRunDirs(ctx.cwd);
  for (const runDir of candidates) {
    const file = join(runDir, INVENTORY_FILE);
    if (!existsSync(file)) continue;
    let inventory: Inventory;
    try {
      inventory = JSON.parse(readFileSync(file, 'utf8')) as Inventory;
    } catch {
      continue;
    }
    if (inventory.formatVersion !== INVENTORY_FORMAT_VERSION || inventory.fleetHash !== fleetHash) continue;
    if (sites.every((s) => Object.hasOwn(inventory.sites, s))) return { runDir, inventory };
  }
  return undefined;
}

function renderPlan(plan: Plan, ctx: Pick<CommandContext, 'io'>): string {
  const c = terminalStyle(ctx.io.color);
  let out = '';
  for (const wave of plan.waves) {
    out += `${c.bold(`Wave ${wave.number}`)}  ${plural(wave.sites.length, 'site')}, about ${formatDuration(wave.estimatedMs)}  ${c.dim(wave.reason)}\n`;
    const rows = wave.sites.map((name) => {
      const s = plan.sites[name]!;
      return [
        name,
        `${s.source.host} -> ${s.target.host}`,
        s.criticality,
        String(s.steps.length),
        s.blockers.length ? c.red(String(s.blockers.length)) : '0',
        s.warnings.length ? c.yellow(String(s.warnings.length)) : '0',
        formatDuration(s.estimate.totalMs),
      ];
    });
    out += renderTable(['SITE', 'HOSTS', 'CRITICALITY', 'STEPS', 'BLOCKERS', 'WARNINGS', 'ESTIMATE'], rows, {
      indent: '  ',
    });
    for (const name of wave.sites) {
      const s = plan.sites[name]!;
      if (s.blockers.length + s.warnings.length === 0 && !s.prefixChange) continue;
      out += `  ${name}:\n`;
      if (s.prefixChange)
        out += `    ${c.cyan('prefix')} ${describePrefixChange(s.prefixChange, s.multisite)}\n`;
      for (const b of s.blockers)
        out += `    ${c.red('blocker')} ${b.message}${b.hint ? `\n      hint: ${b.hint}` : ''}\n`;
      for (const w of s.warnings)
        out += `    ${c.yellow('warning')} ${w.message}${w.hint ? `\n      hint: ${w.hint}` : ''}\n`;
    }
    out += '\n';
  }
  const first = plan.sites[plan.waves[0]?.sites[0] ?? ''];
  if (first) out += `Steps per site: ${first.steps.map((s) => s.kind).join(' -> ')}\n`;
  out += `${plural(plan.waves.length, 'wave')}, ${plural(Object.keys(plan.sites).length, 'site')}, about ${formatDuration(plan.estimatedMs)} in all`;
  out += plan.blocked.length ? `; ${c.red(`blocked: ${plan.blocked.join(', ')}`)}\n` : '; nothing blocked\n';
  return out;
}
