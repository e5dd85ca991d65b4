// Writes the fleet file for the running lab from its lab.json: every lab Host by its ssh-config alias and every
// Site with its source and its waiting target install. Used by the lab tests, the e2e tests and the bench.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface LabJson {
  dir: string;
  clientKey: string;
  knownHosts: string;
  sshConfig: string;
  hosts: Array<{ name: string; role: string; address: string; sshPort: number; user: string; root: string; binDir: string }>;
  sites: Array<{ name: string; host: string; path: string; url: string; multisite: boolean; subsites: string[]; prefix: string; db: LabDb }>;
  targets: Array<{ site: string; host: string; path: string; url: string; prefix: string; db: LabDb }>;
}

interface LabDb {
  name: string;
  user: string;
  password: string;
  host: string;
  port: number;
}

function labDir(): string {
  return process.env['WPFLEET_LAB_DIR'] ?? '/tmp/wpfleet-lab';
}

export function readLab(dir = labDir()): LabJson {
  return JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')) as LabJson;
}

export interface LabFleetOptions {
  /** Extra sites (e.g. bench copies or broken paths), merged over the lab's. */
  extraSites?: Record<string, unknown>;
  /** Only these lab sites. */
  only?: readonly string[];
  defaults?: Record<string, unknown>;
}

/** The fleet file (as data) for the lab. DB passwords are read from each target's wp-config.php, never written here. */
export function labFleet(lab: LabJson, options: LabFleetOptions = {}): Record<string, unknown> {
  const hosts: Record<string, unknown> = {};
  for (const h of lab.hosts) hosts[h.name] = { sshAlias: h.name, tags: [h.role] };
  const sites: Record<string, unknown> = {};
  for (const s of lab.sites) {
    if (options.only && !options.only.includes(s.name)) continue;
    const t = lab.targets.find((x) => x.site === s.name);
    if (!t) continue;
    sites[s.name] = {
      source: { host: s.host, path: s.path, url: s.url },
      target: { host: t.host, path: t.path, url: t.url, db: { name: t.db.name, user: t.db.user, host: t.db.host, port: t.db.port, passwordFrom: 'wp-config' } },
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

export function writeLabFleet(file: string, lab: LabJson, options: LabFleetOptions = {}): string {
  writeFileSync(file, `# Generated from ${join(lab.dir, 'lab.json')} by packages/cli/test/lab/lab-fleet.ts\n${stringify(labFleet(lab, options))}`);
  return file;
}
