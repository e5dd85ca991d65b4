// The lab's description on disk (lab.json): everything tests and demos need to reach its Hosts and Sites.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLabDir } from './lab-paths.js';

export type LabRole = 'source' | 'target';

export interface LabDb {
  name: string;
  user: string;
  password: string;
  host: string;
  port: number;
}

export interface LabHost {
  name: string;
  role: LabRole;
  address: string;
  sshPort: number;
  user: string;
  /** The Host's own directory; everything it owns lives below it. */
  root: string;
  /** Directory first on the Host's PATH over SSH; holds its `wp` unless the topology says none. */
  binDir: string;
  wpCli: boolean;
  dbPort: number;
  dbSocket: string;
  httpPort: number;
  hostKeyFingerprint: string;
}

export interface LabSite {
  name: string;
  host: string;
  path: string;
  url: string;
  multisite: boolean;
  /** Subsite paths of a subdirectory multisite, e.g. `/en/`. */
  subsites: string[];
  prefix: string;
  db: LabDb;
}

/** The empty install waiting on a target Host for a Site, as a migration finds it. */
export interface LabTarget {
  site: string;
  host: string;
  path: string;
  url: string;
  prefix: string;
  db: LabDb;
}

export interface LabState {
  version: 1;
  dir: string;
  topology: string;
  seed: number;
  size: LabSize;
  /** Private key accepted by every Host. */
  clientKey: string;
  knownHosts: string;
  /** ssh_config with one Host alias per lab Host and strict host-key checking. */
  sshConfig: string;
  hosts: LabHost[];
  sites: LabSite[];
  targets: LabTarget[];
  web: { nginxPid: string; phpFpmPid: string };
  /** `test`: brought up by a test run's global setup, so the last test run out takes it down. */
  startedBy: 'cli' | 'test';
  startedAt: string;
  upSeconds: number;
}

export type LabSize = 'small' | 'large';

export function labStatePath(dir: string): string {
  return join(dir, 'lab.json');
}

/** Reads lab.json; throws when the lab was never brought up in `dir`. */
export function readLabState(dir: string = defaultLabDir()): LabState {
  const file = labStatePath(dir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} does not exist: bring the lab up with \`pnpm lab up\``);
  }
  return JSON.parse(text) as LabState;
}
