// The zod schema of `fleet.yml`: hosts, sites, defaults, policies and DNS. It is the single source of the
// fleet file's shape; the editor JSON Schema (schema/fleet.schema.json) is generated from it.
import { z } from 'zod';
import { checkPage, sitePath, siteUrl } from './fleet-location.js';
import { workPrefixProblem } from './work-prefix.js';

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Names of hosts and sites end up in run directories and journal records, so keep them path-safe. */
const fleetName = z.string().regex(NAME_PATTERN, {
  error: 'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"',
});

const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
  error: 'must be an environment variable name (letters, digits, "_")',
});

const tags = z.array(z.string().min(1)).default([]);
const portNumber = z.number().int().min(1).max(65535);
const concurrency = z.number().int().min(1).max(256);

/** Actions a policy can forbid on a host or site. */
const FLEET_ACTIONS = [
  'migrate',
  'swap',
  'undo',
  'cleanup',
  'files-delete',
  'freeze',
  'cutover',
  'dns-switch',
  'rollback',
] as const;
export type FleetAction = (typeof FLEET_ACTIONS)[number];

const hostSchema = z
  .strictObject({
    address: z
      .string()
      .min(1)
      .optional()
      .describe('Hostname or IP address. Optional when `sshAlias` names an entry of ~/.ssh/config.'),
    port: portNumber.optional(),
    user: z.string().min(1).optional(),
    identityFile: z.string().min(1).optional(),
    knownHostsFile: z
      .string()
      .min(1)
      .optional()
      .describe("known_hosts file checked strictly; defaults to the user's own."),
    sshAlias: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A `Host` entry of ~/.ssh/config; its HostName, Port, User, IdentityFile and ProxyJump apply.',
      ),
    proxyJump: z
      .string()
      .min(1)
      .optional()
      .describe('Another host of this fleet by name, or `user@host:port`.'),
    transport: z
      .enum(['ssh', 'local'])
      .default('ssh')
      .describe('`local` runs commands on the controller itself (execa) instead of over SSH.'),
    concurrency: concurrency.optional().describe('How many sites may work on this host at once.'),
    wpCli: z
      .union([z.string().min(1), z.strictObject({ phar: z.string().min(1) })])
      .optional()
      .describe(
        'Path of `wp` on the host, or `{ phar }`: a local WP-CLI phar uploaded for the run and removed after.',
      ),
    tags,
  })
  .refine((h) => h.transport === 'local' || h.address !== undefined || h.sshAlias !== undefined, {
    error: 'a host needs `address` or `sshAlias` (or `transport: local`)',
  })
  .meta({ id: 'Host', description: 'A machine reached over SSH (or locally).' });

const dbSchema = z
  .strictObject({
    name: z.string().min(1),
    user: z.string().min(1),
    host: z.string().min(1).default('localhost'),
    port: portNumber.optional(),
    passwordEnv: envVarName
      .optional()
      .describe('Name of the environment variable that holds the password on the controller.'),
    passwordFrom: z
      .enum(['wp-config', 'none'])
      .optional()
      .describe(
        "`wp-config`: read the password from the target's own wp-config.php; `none`: the DB user has no password.",
      ),
    password: z
      .never({ error: 'a literal DB password is not allowed in the fleet file' })
      .optional()
      .describe('Refused on purpose: see `passwordEnv` and `passwordFrom`.'),
  })
  .refine((db) => !(db.passwordEnv !== undefined && db.passwordFrom !== undefined), {
    error: 'set either `passwordEnv` or `passwordFrom`, not both',
    path: ['passwordFrom'],
  })
  .refine(
    (db) => db.password !== undefined || db.passwordEnv !== undefined || db.passwordFrom !== undefined,
    {
      error: 'say where the DB password comes from: `passwordEnv` or `passwordFrom`',
      path: ['passwordEnv'],
    },
  )
  .meta({
    id: 'TargetDb',
    description:
      'Target DB settings. The password comes from `passwordEnv` or `passwordFrom`, never from this file.',
  });

const sourceSchema = z.strictObject({
  host: fleetName,
  path: sitePath.describe(
    'WordPress root (the directory with wp-config.php / wp-load.php): absolute, normalised, not `/`.',
  ),
  url: siteUrl.describe('http(s) address of the site, without `user:pw@` and without a `#fragment`.'),
});

const targetSchema = z.strictObject({
  host: fleetName,
  path: sitePath.describe('WordPress root on the target: absolute, normalised, not `/`.'),
  url: siteUrl.describe('http(s) address of the site, without `user:pw@` and without a `#fragment`.'),
  db: dbSchema.optional().describe("When absent, the target's wp-config.php supplies the DB settings."),
});

const replacementSchema = z.strictObject({ from: z.string().min(1), to: z.string() });

const checksSchema = z
  .strictObject({
    urls: z
      .array(checkPage)
      .default([])
      .describe(
        'Paths (or absolute URLs of the site) the target must answer with 2xx/3xx wherever the source does.',
      ),
    forms: z
      .array(z.strictObject({ url: checkPage, selector: z.string().min(1).default('form') }))
      .default([])
      .describe('Pages holding a form that must render (the form is not submitted).'),
    login: z
      .union([z.boolean(), z.string().min(1)])
      .default(true)
      .describe('Check the login page (true: wp-login.php, or a path).'),
    checkout: z
      .string()
      .min(1)
      .optional()
      .describe('Checkout page path of a shop, checked for status and title.'),
  })
  .meta({ id: 'Checks' });

export const CRITICALITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

const siteFields = {
  source: sourceSchema,
  target: targetSchema,
  tags,
  criticality: z.enum(CRITICALITIES).default('normal'),
  wave: z.number().int().min(1).optional().describe('Pin the site to this wave number (1-based).'),
  replacements: z
    .array(replacementSchema)
    .default([])
    .describe('Extra search-replace pairs, applied after the source → target URL and path pairs.'),
  excludes: z
    .array(z.string().min(1))
    .default([])
    .describe('rsync-style patterns relative to wp-content, added to `defaults.excludes`'),
  multisite: z
    .boolean()
    .optional()
    .describe("Expected multisite-ness; the probe's answer is checked against it when set."),
  checks: checksSchema.optional(),
};

const siteSchema = z
  .strictObject(siteFields)
  .meta({ id: 'Site', description: 'One WordPress install to move.' });
const listedSiteSchema = z
  .strictObject({ name: fleetName, ...siteFields })
  .meta({ id: 'ListedSite', description: 'A site in the list form of `sites`, with its name.' });

const defaultsSchema = z
  .strictObject({
    concurrency: z
      .strictObject({
        global: concurrency.default(8).describe('Sites in flight across the whole fleet.'),
        perHost: concurrency
          .default(2)
          .describe('Sites in flight per host when the host sets no `concurrency`.'),
      })
      .prefault({}),
    /**
     * rsync-style patterns relative to wp-content (a leading `/` anchors), added to wpfleet's built-in excludes
     * (caches, logs, backup folders in uploads). Only the managed directories are copied at all.
     */
    excludes: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'rsync-style patterns relative to wp-content, added to the built-in excludes (caches, logs, backups)',
      ),
    replace: z
      .strictObject({
        urls: z
          .boolean()
          .default(true)
          .describe('Replace the source URL with the target URL (http, https and protocol-relative forms).'),
        paths: z.boolean().default(true).describe('Replace the source filesystem path with the target path.'),
      })
      .prefault({}),
    stagingPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_]+$/)
      .default('wpfs_'),
    backupPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_]+$/)
      .default('wpfb_'),
    retries: z
      .strictObject({
        attempts: z.number().int().min(1).max(20).default(3),
        baseDelayMs: z.number().int().min(0).default(2000),
        maxDelayMs: z.number().int().min(0).default(60_000),
      })
      .prefault({}),
    waves: z
      .strictObject({
        maxSize: z.number().int().min(1).default(10),
        maxFailedFraction: z
          .number()
          .min(0)
          .max(1)
          .default(0)
          .describe("Fraction of a wave's sites that may fail before later waves are held back."),
        stopOnWaveFailure: z
          .boolean()
          .default(true)
          .describe(
            'When false, later waves still run after a wave fails its gate (the failure is reported).',
          ),
      })
      .prefault({}),
  })
  .superRefine((defaults, ctx) => {
    const problem = workPrefixProblem(defaults.stagingPrefix, defaults.backupPrefix);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        path: ['stagingPrefix'],
        message: problem,
        params: { hint: 'use prefixes of their own, e.g. the defaults `wpfs_` and `wpfb_`' },
      });
  })
  .meta({ id: 'Defaults' });

const policiesSchema = z
  .strictObject({
    protectedTargets: z
      .array(fleetName)
      .default([])
      .describe(
        'Host or site names whose targets need a typed confirmation (or --yes --i-understand-protected) before wpfleet writes there.',
      ),
    forbiddenActions: z
      .record(fleetName, z.array(z.enum(FLEET_ACTIONS)))
      .default({})
      .describe('Per host or site name, actions that are refused.'),
  })
  .meta({ id: 'Policies' });

const dnsSchema = z
  .strictObject({
    provider: z.enum(['rfc2136', 'powerdns', 'manual']),
    zone: z.string().min(1),
    server: z.string().min(1).optional().describe('Primary name server for updates (host or host:port).'),
    nameservers: z
      .array(z.string().min(1))
      .default([])
      .describe('Authoritative servers checked after a change.'),
    tsig: z
      .strictObject({
        name: z.string().min(1),
        algorithm: z.string().default('hmac-sha256'),
        secretEnv: envVarName,
      })
      .optional(),
    apiUrl: siteUrl.optional(),
    apiKeyEnv: envVarName.optional(),
    ttl: z.number().int().min(1).optional(),
  })
  .meta({ id: 'Dns' });

const fleetFields = {
  $schema: z.string().optional(),
  version: z.literal(1),
  defaults: defaultsSchema.prefault({}),
  hosts: z.record(fleetName, hostSchema),
  policies: policiesSchema.prefault({}),
  dns: dnsSchema.optional(),
};

/** Sites as a map (name → site), the usual form. */
export const fleetSchema = z.strictObject({ ...fleetFields, sites: z.record(fleetName, siteSchema) });
/** Sites as a list with a `name` each; normalised to the map form after validation. */
export const fleetListSchema = z.strictObject({ ...fleetFields, sites: z.array(listedSiteSchema) });
/** What editors see: either form. */
export const fleetFileSchema = z.union([fleetSchema, fleetListSchema]);

export type Fleet = z.output<typeof fleetSchema>;
export type FleetHost = Fleet['hosts'][string];
export type FleetSite = Fleet['sites'][string];
export type FleetDb = NonNullable<FleetSite['target']['db']>;
