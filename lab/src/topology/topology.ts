// Lab topologies (fixtures/lab/topology.yml): which Hosts the lab builds and which Sites it seeds on them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fixturesDir } from '../lab-paths.js';
import type { LabRole } from '../lab-state.js';

export interface TopologyHost {
  name: string;
  role: LabRole;
  address: string;
  user: string;
  sshPort: number;
  dbPort: number;
  /** Site directory below the Host root; `{site}` is replaced by the Site name. */
  sitesDir: string;
  /** false: the Host gets no `wp`, for tests that upload one. */
  wpCli: boolean;
}

interface TopologySite {
  name: string;
  host: string;
  target: string;
  prefix: string;
  multisite: boolean;
  subsites: string[];
  /** `large` Sites grow to tens of MB and thousands of files when the lab runs with `--size large`. */
  scale: 'normal' | 'large';
  targetDomain?: string;
}

export interface Topology {
  name: string;
  seed: number;
  domain: string;
  hosts: TopologyHost[];
  sites: TopologySite[];
}

type Raw = Record<string, unknown>;

const str = (o: Raw, k: string, d?: string): string => {
  const v = o[k];
  if (typeof v === 'string' && v !== '') return v;
  if (d !== undefined) return d;
  throw new Error(`topology: "${k}" is missing in ${JSON.stringify(o)}`);
};

/** Parses one named topology out of the YAML text; every problem names the entry it is in. */
function parseTopology(text: string, name: string): Topology {
  const all = parse(text) as Record<string, Raw>;
  const raw = all[name];
  if (!raw) throw new Error(`topology "${name}" is not defined (have: ${Object.keys(all).join(', ')})`);
  const hosts = ((raw['hosts'] as Raw[] | undefined) ?? []).map((h): TopologyHost => {
    const role = str(h, 'role');
    if (role !== 'source' && role !== 'target')
      throw new Error(`topology: host ${str(h, 'name')} has role "${role}"`);
    return {
      name: str(h, 'name'),
      role,
      address: str(h, 'address'),
      user: str(h, 'user'),
      sshPort: typeof h['sshPort'] === 'number' ? h['sshPort'] : 2222,
      dbPort: typeof h['dbPort'] === 'number' ? h['dbPort'] : 3306,
      sitesDir: str(h, 'sitesDir', 'srv/www/{site}'),
      wpCli: h['wpCli'] !== false,
    };
  });
  const hostNames = new Set(hosts.map((h) => h.name));
  const sites = ((raw['sites'] as Raw[] | undefined) ?? []).map((s): TopologySite => {
    const site: TopologySite = {
      name: str(s, 'name'),
      host: str(s, 'host'),
      target: str(s, 'target'),
      prefix: str(s, 'prefix', 'wp_'),
      multisite: s['multisite'] === true,
      subsites: Array.isArray(s['subsites']) ? s['subsites'].map(String) : [],
      scale: s['scale'] === 'large' ? 'large' : 'normal',
    };
    if (typeof s['targetDomain'] === 'string') site.targetDomain = s['targetDomain'];
    for (const h of [site.host, site.target]) {
      if (!hostNames.has(h))
        throw new Error(`topology: site ${site.name} names host ${h}, which is not defined`);
    }
    return site;
  });
  return {
    name,
    seed: typeof raw['seed'] === 'number' ? raw['seed'] : 1,
    domain: str(raw, 'domain', 'lab.test'),
    hosts,
    sites,
  };
}

export function loadTopology(name = 'default', file = join(fixturesDir, 'topology.yml')): Topology {
  return parseTopology(readFileSync(file, 'utf8'), name);
}
