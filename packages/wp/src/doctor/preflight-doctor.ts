// The Doctor as each migrate preflight runs it: its checks for one site turned into preflight findings (`fail` →
// error, which fails the step), and its source probe's plugins and themes handed on so verify need not boot
// WordPress again. Each host is checked once, by the first preflight that needs it (createSiteDoctor).
import type { Fleet, Plan } from '@wpfleet/core';
import type { HostPool } from '../fleet-hosts/host-pool.js';
import type { SiteDoctor } from '../step-environment/step-environment.js';
import { createSiteDoctor } from './run-doctor.js';

export interface PreflightDoctorOptions {
  fleet: Fleet;
  pool: HostPool;
  plan: Pick<Plan, 'collationMap' | 'sites'>;
  /** The run's sites (their hosts' roles decide which tools each host needs). */
  sites: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

export function preflightDoctor({ fleet, pool, plan, sites, env }: PreflightDoctorOptions): SiteDoctor {
  // The plan's prefixes: a site sharing its target database has its own (DC2b).
  const prefixes = Object.fromEntries(
    sites.flatMap((name) => {
      const planned = plan.sites[name];
      return planned
        ? [[name, { stagingPrefix: planned.stagingPrefix, backupPrefix: planned.backupPrefix }]]
        : [];
    }),
  );
  const doctor = createSiteDoctor({ fleet, pool, sites, env, collationMap: plan.collationMap, prefixes });
  return async (site) => {
    const { checks, facts } = await doctor(site.name);
    const findings = checks
      .filter((check) => check.severity !== 'info')
      .map(({ severity, code, where, message, hint }) => ({
        severity,
        code: `doctor-${code}`,
        message: `${where.host}${where.side ? ` (${where.side})` : ''}: ${message}`,
        ...(hint ? { hint } : {}),
      }));
    const source = facts.source;
    const named = (list: readonly { name: string; version: string }[]) =>
      list.map(({ name, version }) => ({ name, version }));
    return {
      findings,
      ...(source ? { source: { plugins: named(source.plugins), themes: named(source.themes) } } : {}),
    };
  };
}
