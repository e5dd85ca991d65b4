// Contexts for one Doctor rule at a time, over scripted hosts: a host with every tool, and a site whose source
// and target were probed, with facts a test changes to break the rule it is about.
import { parseFleet, type Fleet } from '@wpfleet/core';
import type { HostRuleContext, SiteRuleContext } from '../../../src/doctor/rules/doctor-rule.js';
import { hostTools } from '../../../src/doctor/rules/host-tools.js';
import type { ProbeFacts } from '../../../src/probe/probe-facts.js';
import { WpCli } from '../../../src/wp-cli/wp-cli.js';
import { ScriptedTransport, type Answer } from '../scripted-transport.js';

export type Script = (argv: readonly string[]) => Answer | undefined;

const FLEET = `version: 1
hosts:
  old-1: { address: 10.0.0.1 }
  new-1: { address: 10.0.0.2 }
sites:
  acme:
    source: { host: old-1, path: /srv/acme, url: "https://acme.test" }
    target: { host: new-1, path: /var/www/acme, url: "https://acme.test" }
`;

function fleetOf(text = FLEET): Fleet {
  const parsed = parseFleet(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.fleet;
}

/** The fleet above with lines added under `sites.acme` or at the end. */
export function fleetWith(replace: (text: string) => string): Fleet {
  return fleetOf(replace(FLEET));
}

const ALL_TOOLS =
  'mariadb-dump=/usr/bin/mariadb-dump\nmariadb=/usr/bin/mariadb\nrsync=/usr/bin/rsync\nrrsync=/usr/bin/rrsync\n';

export function hostContext(script: Script, over: Partial<HostRuleContext> = {}): HostRuleContext {
  const transport = new ScriptedTransport('old-1', (argv) => {
    const answer = script(argv);
    if (answer) return answer;
    if (argv.join(' ') === 'id -u') return { stdout: '1000\n' };
    if (argv[0] === 'sh' && argv[3] === 'wpfleet-tools') return { stdout: ALL_TOOLS };
    return undefined;
  });
  const exec = (argv: readonly string[]) => transport.exec(argv, { reject: false });
  return {
    host: 'old-1',
    fleet: fleetOf(),
    roles: new Set(['source']),
    transport,
    exec,
    tools: () => hostTools(exec),
    ...over,
  };
}

export function probeFacts(
  over: {
    prefix?: string;
    collations?: string[];
    supported?: string[];
    tables?: string[];
    multisite?: boolean;
    flavour?: 'mysql' | 'mariadb';
  } = {},
): ProbeFacts {
  const prefix = over.prefix ?? 'wp_';
  const collations = over.collations ?? ['utf8mb4_unicode_ci'];
  return {
    probeVersion: 1,
    wordpress: {
      version: '6.4.3',
      dbVersion: 56657,
      siteurl: 'https://acme.test',
      home: 'https://acme.test',
      multisite: over.multisite ?? false,
      subdomainInstall: false,
      locale: 'en_US',
      abspath: '/srv/acme/',
      contentDir: '/srv/acme/wp-content',
      tablePrefix: prefix,
    },
    php: { version: '8.2.7', sapi: 'cli', extensions: ['mysqli'], memoryLimit: '256M' },
    database: {
      flavour: over.flavour ?? 'mariadb',
      version: '10.11.6',
      versionString: '10.11.6',
      name: 'acme',
      charset: 'utf8mb4',
      collation: collations[0]!,
      wpCharset: 'utf8mb4',
      wpCollate: '',
      tables: (over.tables ?? [`${prefix}posts`]).map((name) => ({
        name,
        engine: 'InnoDB',
        collation: collations[0]!,
        rows: 10_000,
        bytes: 2 * 1024 ** 3,
      })),
      collations,
      supportedCollations: over.supported ?? ['utf8mb4_unicode_ci', 'utf8mb4_general_ci'],
    },
    sites: [],
    plugins: [],
    muPlugins: [],
    dropins: [],
    themes: [],
    uploads: { dir: '/srv/acme/wp-content/uploads', files: 5000, bytes: 3 * 1024 ** 3 },
    cron: { events: 1, overdue: 0, disabled: false },
    disk: { freeBytes: null, path: '/srv/acme' },
    objectCache: { external: false },
    probeMs: 10,
  };
}

/** `wp config get` output for the target. */
function configJson(values: { dbUser?: string; password?: string } = {}): string {
  return (
    JSON.stringify([
      { name: 'table_prefix', value: 'wp_', type: 'variable' },
      { name: 'DB_NAME', value: 'acme', type: 'constant' },
      { name: 'DB_USER', value: values.dbUser ?? 'wpapp', type: 'constant' },
      { name: 'DB_PASSWORD', value: values.password ?? 'hunter2-secret', type: 'constant' },
      { name: 'DB_HOST', value: '127.0.0.1:3306', type: 'constant' },
    ]) + '\n'
  );
}

export function siteContext(
  targetScript: Script = () => undefined,
  over: Partial<SiteRuleContext> = {},
): SiteRuleContext & { targetTransport: ScriptedTransport } {
  const targetTransport = new ScriptedTransport('new-1', (argv) => {
    const answer = targetScript(argv);
    if (answer) return answer;
    if (argv.join(' ').includes('config get --format=json')) return { stdout: configJson() };
    return undefined;
  });
  const sourceTransport = new ScriptedTransport('old-1', () => ({ stdout: '0\t0\n' }));
  return {
    fleet: fleetOf(),
    site: 'acme',
    targetHost: 'new-1',
    source: probeFacts(),
    target: probeFacts(),
    sourceCli: new WpCli(sourceTransport, { name: 'acme (source)', path: '/srv/acme' }),
    targetCli: new WpCli(targetTransport, { name: 'acme (target)', path: '/var/www/acme' }),
    env: {},
    collationMap: {},
    stagingPrefix: 'wpfs_',
    backupPrefix: 'wpfb_',
    execOnTarget: (argv) => targetTransport.exec(argv, { reject: false }),
    targetTransport,
    ...over,
  };
}

/** `df -Pk` output with this much available. */
export function dfOutput(availableBytes: number): string {
  return `Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda1 104857600 1 ${Math.floor(availableBytes / 1024)} 1% /\n`;
}
