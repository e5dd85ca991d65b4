// Fleet benchmark, all in one run on the lab: (1) the lab fleet migrated with the planned concurrency, (2) the same
// sites one at a time, (3) a hand-written floor for the largest site (mariadb-dump | mariadb plus a plain rsync, no
// wpfleet). Prints the ratios and the controller's peak RSS, and the machine's busy CPU-seconds in each (CpuSampler):
// with every lab host on the same cores, C CPU-seconds cannot take less than C / cores seconds, which bounds how low
// each ratio can go on this machine. Needs `pnpm build` and a running lab (`pnpm lab up`).
//
//   pnpm exec tsx bench/fleet/run.ts            # prints a Markdown table for docs/benchmarks.md
//   pnpm exec tsx bench/fleet/run.ts --grow-mb 200 --grow-sites archive,shop,blog,news
//                                               # the same with those sources grown to ~200 MB of posts each
import { execFileSync, spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLabState, writeLabFleet, type LabState } from '../../lab/src/index.js';
import { CpuSampler, idleCpuRate } from './cpu-sampler.js';
import { growSiteDatabase, shrinkSiteDatabase } from './grow-site-database.js';

const BIN = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'dist', 'bin.js');
const { values: opts } = parseArgs({
  options: {
    'grow-mb': { type: 'string', default: '0' },
    'grow-sites': { type: 'string', default: 'archive,shop,blog,news' },
  },
});
const growMb = Number(opts['grow-mb']);
const growSites = growMb > 0 ? opts['grow-sites']!.split(',').filter(Boolean) : [];
const lab: LabState = readLabState();
const work = mkdtempSync(join(tmpdir(), 'wpfleet-bench-'));

interface Measured {
  ms: number;
  /** Epoch milliseconds. */
  started: number;
  ended: number;
  peakRssKb: number;
  code: number | null;
  siteMs: Record<string, number>;
  /** Per site, per step: duration of the attempt that finished. */
  stepMs: Record<string, Record<string, number>>;
  /** Per site: dump bytes the db step streamed. */
  dbBytes: Record<string, number>;
  /** Per site and per wave: [started, finished] in epoch milliseconds, from the run's events. */
  siteSpan: Record<string, [number, number]>;
  waveSpan: Record<number, { span: [number, number]; sites: string[] }>;
}

/** Runs the built CLI, sampling its peak RSS (VmHWM) until it exits. */
function cli(args: string[]): Promise<Measured> {
  return new Promise((resolve) => {
    const started = performance.now();
    const startedAt = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let peak = 0;
    let out = '';
    const sample = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peak = Math.max(peak, Number(hwm[1]));
      } catch {
        // exited
      }
    }, 100);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      clearInterval(sample);
      const siteMs: Record<string, number> = {};
      const stepMs: Record<string, Record<string, number>> = {};
      const dbBytes: Record<string, number> = {};
      const siteSpan: Record<string, [number, number]> = {};
      const waveSpan: Record<number, { span: [number, number]; sites: string[] }> = {};
      for (const line of out.split('\n')) {
        if (!line.startsWith('{"type":')) continue;
        const event = JSON.parse(line) as {
          type: string;
          at: number;
          wave?: number;
          sites?: string[];
          site?: string;
          step?: string;
          durationMs?: number;
          bytesDone?: number;
        };
        if (event.type === 'site-started' && event.site) siteSpan[event.site] = [event.at, event.at];
        if (event.type === 'site-finished' && event.site && siteSpan[event.site])
          siteSpan[event.site]![1] = event.at;
        if (event.type === 'wave-started' && event.wave !== undefined)
          waveSpan[event.wave] = { span: [event.at, event.at], sites: event.sites ?? [] };
        if (event.type === 'wave-finished' && event.wave !== undefined && waveSpan[event.wave])
          waveSpan[event.wave]!.span[1] = event.at;
        if (event.type === 'step-progress' && event.step === 'db' && event.site && event.bytesDone)
          dbBytes[event.site] = event.bytesDone;
        if (event.type === 'site-finished' && event.site) siteMs[event.site] = event.durationMs ?? 0;
        if (event.type === 'step-finished' && event.site && event.step)
          (stepMs[event.site] ??= {})[event.step] = event.durationMs ?? 0;
      }
      resolve({
        ms: performance.now() - started,
        started: startedAt,
        ended: Date.now(),
        peakRssKb: peak,
        code,
        siteMs,
        stepMs,
        dbBytes,
        siteSpan,
        waveSpan,
      });
    });
  });
}

async function migrateFleet(
  name: string,
  concurrency: { global: number; perHost: number },
): Promise<Measured> {
  const fleet = writeLabFleet(join(work, `${name}.yml`), lab, {
    defaults: { concurrency, waves: { maxSize: 10, stopOnWaveFailure: false, maxFailedFraction: 1 } },
  });
  const common = ['--fleet', fleet, '--ssh-config', lab.sshConfig];
  const runDir = join(work, name);
  const plan = await cli(['plan', ...common, '--run-dir', runDir, '--quiet']);
  if (plan.code !== 0) throw new Error(`plan failed for ${name}`);
  const run = await cli(['migrate', ...common, '--run-dir', runDir, '--yes', '--json']);
  if (run.code !== 0) throw new Error(`migrate ${name} exited ${run.code}; see ${runDir}`);
  for (const site of lab.sites) await cli(['undo', site.name, '--run-dir', runDir]);
  // The migrated copies would otherwise pile up on the targets (200 MB each with --grow-mb) and slow later runs.
  await cli(['cleanup', '--run-dir', runDir, '--yes']);
  return run;
}

/** The floor: what a person would type for one site: dump piped into the client, and a plain rsync. */
async function floor(siteName: string): Promise<{ ms: number; span: [number, number] }> {
  const site = lab.sites.find((s) => s.name === siteName)!;
  const target = lab.targets.find((t) => t.site === siteName)!;
  const tgtRoot = lab.hosts.find((h) => h.name === target.host)!.root;
  const socket = join(tgtRoot, 'run', 'mysqld', 'mysqld.sock');
  const scratchDb = 'wpfleet_bench_floor';
  const scratchDir = join(tgtRoot, 'tmp', 'wpfleet-bench-floor');
  execFileSync('mariadb', [
    '--no-defaults',
    `--socket=${socket}`,
    '-uroot',
    '-e',
    `DROP DATABASE IF EXISTS ${scratchDb}; CREATE DATABASE ${scratchDb}`,
  ]);
  rmSync(scratchDir, { recursive: true, force: true });
  const started = performance.now();
  const startedAt = Date.now();
  const db = new Promise<void>((resolve, reject) => {
    const dump = spawn(
      'mariadb-dump',
      [
        '--no-defaults',
        '-h',
        site.db.host,
        '-P',
        String(site.db.port),
        '-u',
        site.db.user,
        '--single-transaction',
        '--order-by-primary',
        site.db.name,
      ],
      {
        env: { ...process.env, MYSQL_PWD: site.db.password },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const load = spawn('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', scratchDb], {
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    dump.stdout.pipe(load.stdin);
    load.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`floor import exited ${code}`))));
  });
  const files = new Promise<void>((resolve, reject) => {
    const rsync = spawn('rsync', ['-a', '--delete', `${site.path}/wp-content/`, `${scratchDir}/`], {
      stdio: 'inherit',
    });
    rsync.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`floor rsync exited ${code}`))));
  });
  await Promise.all([db, files]);
  const ms = performance.now() - started;
  const span: [number, number] = [startedAt, Date.now()];
  execFileSync('mariadb', [
    '--no-defaults',
    `--socket=${socket}`,
    '-uroot',
    '-e',
    `DROP DATABASE ${scratchDb}`,
  ]);
  rmSync(scratchDir, { recursive: true, force: true });
  return { ms, span };
}

const largest = lab.sites.find((s) => s.name === 'archive')?.name ?? lab.sites[0]!.name;
try {
  for (const name of growSites) {
    const started = performance.now();
    const rows = growSiteDatabase(lab, name, growMb);
    process.stderr.write(
      `grew ${name} by ${rows} posts (~${growMb} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
  const idle = await idleCpuRate();
  const cpu = new CpuSampler();
  cpu.start();
  const parallel = await migrateFleet('parallel', { global: 6, perHost: 3 });
  const sequential = await migrateFleet('sequential', { global: 1, perHost: 1 });
  const floorRun = await floor(largest);
  cpu.stop();
  const floorMs = floorRun.ms;
  const perSite = sequential.siteMs[largest] ?? 0;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const mbOf = (bytes: number | undefined) => `${((bytes ?? 0) / 1024 / 1024).toFixed(0)} MB`;
  // Busy CPU-seconds of an interval, less what the machine did while idle before the run.
  const busy = ([from, to]: [number, number]) =>
    Math.max(0, cpu.cpuSeconds(from, to) - (idle * (to - from)) / 1000);
  const share = (span: [number, number]) =>
    `${((100 * busy(span)) / (cpu.cores * ((span[1] - span[0]) / 1000))).toFixed(0)}%`;
  // The parallel run cannot beat, wave by wave, either its CPU work spread over every core or its slowest site
  // run alone (that site's time in the one-at-a-time run); waves run one after the other.
  const parallelBound = Object.values(parallel.waveSpan).reduce(
    (sum, wave) =>
      sum +
      Math.max(
        busy(wave.span) / cpu.cores,
        ...wave.sites.map((site) => (sequential.siteMs[site] ?? 0) / 1000),
      ),
    0,
  );
  // The same, with each site's CPU work as measured when it ran alone (the parallel run adds contention's own).
  const aloneBound = Object.values(parallel.waveSpan).reduce((sum, wave) => {
    const work = wave.sites.reduce((n, site) => n + busy(sequential.siteSpan[site] ?? [0, 0]), 0);
    return (
      sum + Math.max(work / cpu.cores, ...wave.sites.map((site) => (sequential.siteMs[site] ?? 0) / 1000))
    );
  }, 0);
  const siteSpan = sequential.siteSpan[largest] ?? [0, 0];
  console.log(
    `| dump streamed per site | ${lab.sites.map((x) => `${x.name} ${mbOf(parallel.dbBytes[x.name])}`).join(', ')} | |`,
  );
  console.log(`| measurement | value | goal |`);
  console.log(`|---|---|---|`);
  console.log(
    `| ${lab.sites.length} sites, planned concurrency (6 global, 3 per host) | ${s(parallel.ms)} | |`,
  );
  console.log(`| same sites one at a time | ${s(sequential.ms)} | |`);
  console.log(`| parallel / sequential | ${(parallel.ms / sequential.ms).toFixed(2)}× | ≤ 0.6× |`);
  console.log(
    `| busy CPU, parallel / one at a time (${cpu.cores} cores; idle ${idle.toFixed(2)} CPU-s/s subtracted) | ${busy([parallel.started, parallel.ended]).toFixed(1)} CPU-s (${share([parallel.started, parallel.ended])} of the cores) / ${busy([sequential.started, sequential.ended]).toFixed(1)} CPU-s (${share([sequential.started, sequential.ended])}) | |`,
  );
  console.log(
    `| parallel lower bound on this machine (per wave: CPU-s / cores, or its slowest site alone) | ${parallelBound.toFixed(1)} s = ${((1000 * parallelBound) / sequential.ms).toFixed(2)}× one at a time | |`,
  );
  console.log(
    `| the same with each site's CPU-s from the one-at-a-time run | ${aloneBound.toFixed(1)} s = ${((1000 * aloneBound) / sequential.ms).toFixed(2)}× one at a time | |`,
  );
  console.log(
    `| waves of the parallel run | ${Object.entries(parallel.waveSpan)
      .map(
        ([n, w]) =>
          `${n}: ${w.sites.join(', ')} (${s(w.span[1] - w.span[0])}, ${busy(w.span).toFixed(1)} CPU-s)`,
      )
      .join('; ')} | |`,
  );
  console.log(`| ${largest}: wpfleet site time (one at a time, all 6 steps) | ${s(perSite)} | |`);
  console.log(`| ${largest}: hand-written floor (mariadb-dump \\| mariadb ∥ rsync) | ${s(floorMs)} | |`);
  console.log(`| wpfleet / floor | ${(perSite / floorMs).toFixed(2)}× | ≤ 1.3× |`);
  console.log(
    `| ${largest}: busy CPU, wpfleet / floor | ${busy(siteSpan).toFixed(1)} CPU-s (${share(siteSpan)}) / ${busy(floorRun.span).toFixed(1)} CPU-s (${share(floorRun.span)}) | |`,
  );
  console.log(
    `| ${largest}: wpfleet lower bound on this machine (CPU-s / cores) | ${(busy(siteSpan) / cpu.cores).toFixed(1)} s = ${((1000 * busy(siteSpan)) / cpu.cores / floorMs).toFixed(2)}× floor | |`,
  );
  const steps = sequential.stepMs[largest] ?? {};
  const copyMs = Math.max(steps['db'] ?? 0, steps['files'] ?? 0);
  console.log(`| ${largest}: wpfleet copy only (db ∥ files steps) | ${s(copyMs)} | |`);
  console.log(`| wpfleet copy / floor | ${(copyMs / floorMs).toFixed(2)}× | |`);
  console.log(
    `| ${largest}: steps | ${Object.entries(steps)
      .map(([k, v]) => `${k} ${s(v)}`)
      .join(', ')} | |`,
  );
  console.log(
    `| controller peak RSS (parallel run) | ${(parallel.peakRssKb / 1024).toFixed(0)} MB | < 250 MB |`,
  );
} finally {
  for (const name of growSites) shrinkSiteDatabase(lab, name);
  rmSync(work, { recursive: true, force: true });
}
