// Writes the fleet file for the running lab from its LabState: every lab Host by its ssh-config alias and every
// Site with its source and its waiting target install. Used by the lab tests, the e2e tests, the bench and the
// demo (`pnpm lab fleet FILE`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { LabState } from '../lab-state.js';

export interface LabFleetOptions {
  /** Extra sites (e.g. bench copies or broken paths), merged over the lab's. */
  extraSites?: Record<string, unknown>;
  /** Only these lab sites. */
  only?: readonly string[];
  defaults?: Record<string, unknown>;
}

/** The fleet file (as data) for the lab. DB passwords are read from each target's wp-config.php, never written here. */
export function labFleet(lab: LabState, options: LabFleetOptions = {}): Record<string, unknown> {
  const hosts: Record<string, unknown> = {};
  for (const h of lab.hosts) hosts[h.name] = { sshAlias: h.name, tags: [h.role] };
  const sites: Record<string, unknown> = {};
  for (const s of lab.sites) {
    if (options.only && !options.only.includes(s.name)) continue;
    const t = lab.targets.find((x) => x.site === s.name);
    if (!t) continue;
    sites[s.name] = {
      source: { host: s.host, path: s.path, url: s.url },
      target: {
        host: t.host,
        path: t.path,
        url: t.url,
        db: { name: t.db.name, user: t.db.user, host: t.db.host, port: t.db.port, passwordFrom: 'wp-config' },
      },
      tags: ['lab', s.multisite ? 'multisite' : 'single'],
      ...(s.multisite ? { multisite: true } : {}),
    };
  }
  return {
    version: 1,
    ...(options.defaults ? { defaults: options.defaults } : {}),
    hosts,
    sites: { ...sites, ...options.extraSites },
  };
}

export function writeLabFleet(file: string, lab: LabState, options: LabFleetOptions = {}): string {
  writeFileSync(
    file,
    `# Generated from ${join(lab.dir, 'lab.json')} by lab/src/fleet/lab-fleet.ts\n${stringify(labFleet(lab, options))}`,
  );
  return file;
}
