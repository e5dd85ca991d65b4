// Inventory bench: 20 fleet Sites spread over the lab's 4 Hosts (40 probe round trips, source and target each),
// collected in parallel (bounded per Host) and one site at a time, in the same run, alternating, on fresh
// connections each time. Prints both wall times and the ratio.
// Usage: pnpm build && pnpm lab up && pnpm exec tsx bench/inventory/run.ts [--sites 20] [--per-host 4] [--rounds 3]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseFleet, type Fleet } from '../../packages/core/src/index.js';
import { HostPool, collectInventory, type HostLimitsOverride } from '../../packages/wp/src/index.js';
import { labFleet, readLabState, type LabState } from '../../lab/src/index.js';

const { values } = parseArgs({
  options: {
    sites: { type: 'string', default: '20' },
    'per-host': { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
  },
});
const siteCount = Number(values.sites);
const perHost = Number(values['per-host']);
const rounds = Number(values.rounds);

/**
 * The lab has 6 installs on its sources and their 6 waiting installs on its targets. The fleet parser refuses two
 * sites on one target path, so each bench site gets its own copies: `cp -rs` symlink trees of a lab install in
 * its host's scratch directory (`<host root>/tmp/wpfleet-bench/NN`). A copy shares its original's files and
 * database, so it costs a probe exactly what the original costs (load WordPress, COUNT(*) every table, walk
 * uploads). Removed at the end.
 */
async function benchFleet(lab: LabState, pool: HostPool): Promise<Fleet> {
  const roots = new Map(lab.hosts.map((h) => [h.name, h.root]));
  const sites: Record<string, unknown> = {};
  const copies: Array<Promise<unknown>> = [];
  for (let i = 0; i < siteCount; i++) {
    const name = `bench-${String(i + 1).padStart(2, '0')}`;
    const source = lab.sites[i % lab.sites.length]!;
    const target = lab.targets.find((t) => t.site === source.name)!;
    const copy = (host: string, original: string): string => {
      const path = `${roots.get(host)!}/tmp/wpfleet-bench/${name}`;
      copies.push(
        pool
          .get(host)
          .exec(['sh', '-c', 'rm -rf "$2" && mkdir -p "$2" && cp -rs "$1/." "$2/"', 'sh', original, path]),
      );
      return path;
    };
    sites[name] = {
      source: { host: source.host, path: copy(source.host, source.path), url: source.url },
      target: { host: target.host, path: copy(target.host, target.path), url: target.url },
    };
  }
  await Promise.all(copies);
  const result = parseFleet(
    JSON.stringify({
      version: 1,
      defaults: { concurrency: { global: 64, perHost } },
      hosts: labHosts(lab),
      sites,
    }),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.fleet;
}

function labHosts(lab: LabState): Record<string, unknown> {
  return (labFleet(lab) as { hosts: Record<string, unknown> }).hosts;
}

function hostPool(fleet: Pick<Fleet, 'hosts'>, lab: LabState): HostPool {
  return new HostPool(fleet, {
    home: process.env['HOME'] ?? '/root',
    user: 'root',
    sshConfigText: readFileSync(lab.sshConfig, 'utf8'),
  });
}

function parseFleetOrThrow(data: unknown): Fleet {
  const result = parseFleet(JSON.stringify(data));
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.fleet;
}

async function timeInventory(
  fleet: Fleet,
  lab: LabState,
  limits: HostLimitsOverride,
): Promise<{ ms: number; failed: number }> {
  const pool = hostPool(fleet, lab);
  const t0 = performance.now();
  try {
    const inventory = await collectInventory({ fleet, pool, sites: Object.keys(fleet.sites), limits });
    const failed = Object.values(inventory.sites).filter((s) => s.source.error || s.target.error).length;
    return { ms: performance.now() - t0, failed };
  } finally {
    await pool.close();
  }
}

const lab = readLabState();
const setup = hostPool(parseFleetOrThrow({ version: 1, hosts: labHosts(lab), sites: {} }), lab);
const fleet = await benchFleet(lab, setup);
const hosts = new Set(Object.values(fleet.sites).flatMap((s) => [s.source.host, s.target.host]));
console.log(
  `inventory bench: ${siteCount} sites (${siteCount * 2} probes) over ${hosts.size} hosts; parallel: ${perHost} per host; ${rounds} rounds`,
);

// Warm-up: first loads of PHP files and DB pages are not what is compared.
await timeInventory(fleet, lab, { perHost });
const parallel: number[] = [];
const serial: number[] = [];
for (let round = 0; round < rounds; round++) {
  const p = await timeInventory(fleet, lab, { perHost, global: 64 });
  const s = await timeInventory(fleet, lab, { perHost: 1, global: 1 });
  if (p.failed + s.failed > 0)
    throw new Error(`${p.failed + s.failed} sites failed to probe; is the lab healthy?`);
  parallel.push(p.ms);
  serial.push(s.ms);
  console.log(
    `round ${round + 1}: parallel ${(p.ms / 1000).toFixed(2)} s, one at a time ${(s.ms / 1000).toFixed(2)} s`,
  );
}
await Promise.all(lab.hosts.map((h) => setup.get(h.name).exec(['rm', '-rf', `${h.root}/tmp/wpfleet-bench`])));
await setup.close();
const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const p = median(parallel);
const s = median(serial);
console.log(
  `median: parallel ${(p / 1000).toFixed(2)} s, one at a time ${(s / 1000).toFixed(2)} s, speed-up ${(s / p).toFixed(2)}x`,
);
