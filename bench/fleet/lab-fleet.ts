// The lab's fleet file, made from lab.json: every lab Site moves from its source Host to the empty install
// waiting for it on its target Host. Used by scripts/demo.sh, the migrate lab tests and the bench.
import { readFileSync, writeFileSync } from 'node:fs';

interface LabJson {
  clientKey: string;
  knownHosts: string;
  hosts: Array<{ name: string; role: string; address: string; sshPort: number; user: string }>;
  sites: Array<{ name: string; host: string; path: string; url: string; multisite: boolean }>;
  targets: Array<{ site: string; host: string; path: string; url: string }>;
}

export function labFleet(labJsonPath: string, options: { concurrency?: { global: number; perHost: number }; sites?: string[] } = {}): Record<string, unknown> {
  const lab = JSON.parse(readFileSync(labJsonPath, 'utf8')) as LabJson;
  const hosts: Record<string, unknown> = {};
  for (const h of lab.hosts) {
    hosts[h.name] = { address: h.address, port: h.sshPort, user: h.user, identityFile: lab.clientKey, knownHostsFile: lab.knownHosts, tags: [h.role] };
  }
  const sites: Record<string, unknown> = {};
  for (const s of lab.sites) {
    if (options.sites && !options.sites.includes(s.name)) continue;
    const t = lab.targets.find((x) => x.site === s.name);
    if (!t) continue;
    sites[s.name] = {
      source: { host: s.host, path: s.path, url: s.url },
      target: { host: t.host, path: t.path, url: t.url },
      multisite: s.multisite,
      tags: [s.multisite ? 'multisite' : 'single'],
    };
  }
  return {
    version: 1,
    defaults: {
      concurrency: options.concurrency ?? { global: 6, perHost: 3 },
      retries: { attempts: 3, baseDelayMs: 500, maxDelayMs: 5000 },
      waves: { maxSize: 10, maxFailedFraction: 1, stopOnWaveFailure: false },
    },
    hosts,
    sites,
  };
}

export function writeLabFleet(labJsonPath: string, file: string, options: Parameters<typeof labFleet>[1] = {}): string {
  // JSON is YAML too, so the fleet parser reads it as is.
  writeFileSync(file, `# Generated from ${labJsonPath} by bench/fleet/lab-fleet.ts\n${JSON.stringify(labFleet(labJsonPath, options), null, 2)}\n`);
  return file;
}

// `tsx bench/fleet/lab-fleet.ts LAB_JSON OUT.yml` writes the file.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const [labJson = `${process.env['WPFLEET_LAB_DIR'] ?? '/tmp/wpfleet-lab'}/lab.json`, out = 'lab-fleet.yml'] = process.argv.slice(2);
  console.log(writeLabFleet(labJson, out));
}
