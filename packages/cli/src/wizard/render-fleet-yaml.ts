// Writes the wizard's answers as a commented fleet.yml: the same file a person would write by hand, with a
// comment on each section saying what it does and which command reads it.
import { Document, isMap, isScalar, type YAMLMap } from 'yaml';
import type { InitAnswers } from './init-answers.js';

export function renderFleetYaml(answers: InitAnswers, generatedBy: string): string {
  const hosts: Record<string, Record<string, unknown>> = {};
  for (const host of answers.hosts) {
    hosts[host.name] = {
      ...(host.sshAlias ? { sshAlias: host.sshAlias } : { address: host.address }),
      ...(host.port !== undefined ? { port: host.port } : {}),
      ...(host.user ? { user: host.user } : {}),
      ...(host.identityFile ? { identityFile: host.identityFile } : {}),
      ...(answers.knownHosts ? { knownHostsFile: answers.knownHosts } : {}),
    };
  }
  const sites: Record<string, Record<string, unknown>> = {};
  for (const site of answers.sites) {
    sites[site.name] = {
      source: { host: site.sourceHost, path: site.sourcePath, url: site.url },
      target: { host: site.targetHost, path: site.targetPath, url: site.targetUrl },
      ...(site.tags.length ? { tags: site.tags } : {}),
      ...(site.criticality !== 'normal' ? { criticality: site.criticality } : {}),
      ...(site.replacements.length ? { replacements: site.replacements } : {}),
    };
  }
  const doc = new Document({
    version: 1,
    defaults: { concurrency: { global: 8, perHost: 2 } },
    hosts,
    sites,
  });
  doc.commentBefore = [
    ' wpfleet fleet file, written by `wpfleet init`.',
    ` Repeat it without prompts: ${generatedBy}`,
    ' Check it with `wpfleet doctor`, see the waves with `wpfleet plan`, run it with `wpfleet migrate`.',
  ].join('\n');
  const comment = (key: string, text: string) => {
    const pair = (doc.contents as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) pair.key.commentBefore = text;
  };
  comment(
    'defaults',
    ' How many sites move at once, across the fleet and per host (a host may set its own `concurrency`).',
  );
  comment(
    'hosts',
    ' SSH endpoints. Host keys are checked strictly against known_hosts; wpfleet never turns that off.',
  );
  comment(
    'sites',
    ' Each site: where it lives now (source) and where it goes (target). The target keeps its own wp-config.php;\n' +
      ' DB credentials come from there. URLs and paths are replaced serialization-safely on the way.',
  );
  const sitesNode = doc.get('sites');
  if (isMap(sitesNode)) {
    for (const pair of sitesNode.items) {
      const site = answers.sites.find((s) => isScalar(pair.key) && s.name === pair.key.value);
      if (site && isScalar(pair.key)) pair.key.commentBefore = ` ${site.url} → ${site.targetUrl}`;
    }
  }
  return doc.toString({ lineWidth: 0 });
}
