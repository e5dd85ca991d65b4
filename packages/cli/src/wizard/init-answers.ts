// What `wpfleet init` collects, whether from the wizard's prompts or from flags. Every prompt has a flag, and
// answers render back into the exact batch command that repeats them (`initArgv`), so the two modes meet here.
import { CRITICALITIES, WpfleetError, type Criticality } from '@wpfleet/core';

export interface InitHost {
  name: string;
  address: string;
  port?: number;
  user?: string;
  identityFile?: string;
  /** An alias of ~/.ssh/config; when set, address/port/user come from there. */
  sshAlias?: string;
}

export interface InitSite {
  name: string;
  sourceHost: string;
  sourcePath: string;
  url: string;
  targetHost: string;
  targetPath: string;
  targetUrl: string;
  replacements: { from: string; to: string }[];
  tags: string[];
  criticality: Criticality;
}

export interface InitAnswers {
  output: string;
  knownHosts?: string;
  /** An ssh config other than ~/.ssh/config, where the hosts' aliases live. */
  sshConfig?: string;
  hosts: InitHost[];
  sites: InitSite[];
}

// Specs are URL query strings (`name=blog&source=src-1:/srv/www/blog&...`): percent-encoding carries any path,
// quote or `$()` through a shell and back unchanged.
function spec(entries: [string, string | undefined][]): string {
  const params = new URLSearchParams();
  for (const [key, value] of entries) if (value !== undefined && value !== '') params.append(key, value);
  // Only `&`, `=`, `+`, `%`, `#` and spaces mean something in a query string; keep the rest readable.
  return params
    .toString()
    .replace(/%(2F|3A|2C|40|3E|7E|24|27|28|29|2A|21)/g, (escaped) => decodeURIComponent(escaped));
}

function usage(message: string, hint: string): WpfleetError {
  return new WpfleetError('WPF_USAGE', message, { kind: 'user', hint });
}

function hostAndPath(value: string | null, flag: string, field: string): { host: string; path: string } {
  const colon = value?.indexOf(':') ?? -1;
  if (!value || colon <= 0 || colon === value.length - 1) {
    throw usage(
      `--${flag} needs ${field}=HOST:PATH, got ${JSON.stringify(value)}`,
      'Example: --site "name=blog&source=old-1:/var/www/blog&url=https://blog.example&target=new-1:/srv/www/blog"',
    );
  }
  return { host: value.slice(0, colon), path: value.slice(colon + 1) };
}

function hostSpec(host: InitHost): string {
  return spec([
    ['name', host.name],
    ['alias', host.sshAlias],
    ['address', host.sshAlias ? undefined : host.address],
    ['port', host.port === undefined ? undefined : String(host.port)],
    ['user', host.user],
    ['identity-file', host.identityFile],
  ]);
}

export function parseHostSpec(text: string): InitHost {
  const params = new URLSearchParams(text);
  const alias = params.get('alias') || undefined;
  // An ssh-config alias names the host well enough on its own.
  const name = params.get('name') || alias;
  const address = params.get('address') || alias;
  if (!name || !address)
    throw usage(
      `--host needs name= and address=, or alias=: ${JSON.stringify(text)}`,
      'Example: --host "name=old-1&address=203.0.113.10&user=deploy&port=22" or --host "alias=old-1"',
    );
  const port = params.get('port');
  if (port !== null && !/^\d+$/.test(port))
    throw usage(`--host port must be a number: ${JSON.stringify(port)}`, 'Example: port=2222');
  const user = params.get('user');
  const identityFile = params.get('identity-file');
  return {
    name,
    address,
    ...(alias ? { sshAlias: alias } : {}),
    ...(port !== null ? { port: Number(port) } : {}),
    ...(user ? { user } : {}),
    ...(identityFile ? { identityFile } : {}),
  };
}

function siteSpec(site: InitSite): string {
  return spec([
    ['name', site.name],
    ['source', `${site.sourceHost}:${site.sourcePath}`],
    ['url', site.url],
    ['target', `${site.targetHost}:${site.targetPath}`],
    ['target-url', site.targetUrl === site.url ? undefined : site.targetUrl],
    ...site.replacements.map((r): [string, string] => ['replace', `${r.from}>${r.to}`]),
    ['tags', site.tags.join(',')],
    ['criticality', site.criticality === 'normal' ? undefined : site.criticality],
  ]);
}

export function parseSiteSpec(text: string): InitSite {
  const params = new URLSearchParams(text);
  const name = params.get('name');
  const url = params.get('url');
  if (!name || !url)
    throw usage(
      `--site needs name= and url=: ${JSON.stringify(text)}`,
      'Example: --site "name=blog&source=old-1:/var/www/blog&url=https://blog.example&target=new-1:/srv/www/blog"',
    );
  const source = hostAndPath(params.get('source'), 'site', 'source');
  const target = hostAndPath(params.get('target'), 'site', 'target');
  const criticality = (params.get('criticality') ?? 'normal') as Criticality;
  if (!CRITICALITIES.includes(criticality))
    throw usage(`--site criticality must be one of ${CRITICALITIES.join(', ')}`, 'Example: criticality=high');
  return {
    name,
    sourceHost: source.host,
    sourcePath: source.path,
    url,
    targetHost: target.host,
    targetPath: target.path,
    targetUrl: params.get('target-url') ?? url,
    replacements: params.getAll('replace').map((pair) => {
      const arrow = pair.indexOf('>');
      if (arrow <= 0)
        throw usage(
          `--site replace= needs FROM>TO: ${JSON.stringify(pair)}`,
          'Example: replace=http://old.example>https://new.example',
        );
      return { from: pair.slice(0, arrow), to: pair.slice(arrow + 1) };
    }),
    tags: (params.get('tags') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    criticality,
  };
}

/** The batch command (argv after `wpfleet`) that writes the same fleet file without prompting. */
export function initArgv(answers: InitAnswers): string[] {
  const argv = ['init', '--yes', '--output', answers.output];
  if (answers.knownHosts) argv.push('--known-hosts', answers.knownHosts);
  if (answers.sshConfig) argv.push('--ssh-config', answers.sshConfig);
  for (const host of answers.hosts) argv.push('--host', hostSpec(host));
  for (const site of answers.sites) argv.push('--site', siteSpec(site));
  return argv;
}

/** A site name from its URL: `https://www.acme-shop.example/blog` → `acme-shop-example-blog`. */
export function siteNameFromUrl(url: string, taken: ReadonlySet<string>): string {
  let base = 'site';
  try {
    const parsed = new URL(url);
    base = `${parsed.hostname.replace(/^www\./, '')}${parsed.pathname}`;
  } catch {
    base = url;
  }
  base =
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'site';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}
