// The shape of what the PHP probe (packages/wp/php/probe.php) prints, validated with zod so that a changed
// probe or a noisy plugin shows up as a clear error instead of wrong facts.
import { z } from 'zod';

const plugin = z.object({
  name: z.string(),
  file: z.string(),
  version: z.string(),
  status: z.enum(['active', 'active-network', 'inactive']),
  title: z.string(),
});
const theme = z.object({
  name: z.string(),
  version: z.string(),
  status: z.enum(['active', 'parent', 'inactive']),
  title: z.string(),
});
const table = z.object({
  name: z.string(),
  engine: z.string(),
  collation: z.string(),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});

export const probeFactsSchema = z.object({
  probeVersion: z.literal(1),
  wordpress: z.object({
    version: z.string(),
    dbVersion: z.number().int(),
    siteurl: z.string(),
    home: z.string(),
    multisite: z.boolean(),
    subdomainInstall: z.boolean(),
    locale: z.string(),
    abspath: z.string(),
    contentDir: z.string(),
    tablePrefix: z.string(),
  }),
  php: z.object({
    version: z.string(),
    sapi: z.string(),
    extensions: z.array(z.string()),
    memoryLimit: z.union([z.string(), z.literal(false)]),
  }),
  database: z.object({
    flavour: z.enum(['mariadb', 'mysql']),
    version: z.string(),
    versionString: z.string(),
    name: z.string(),
    charset: z.string(),
    collation: z.string(),
    wpCharset: z.string(),
    wpCollate: z.string(),
    tables: z.array(table),
    collations: z.array(z.string()),
    supportedCollations: z.array(z.string()),
  }),
  sites: z.array(
    z.object({
      blogId: z.number().int(),
      domain: z.string(),
      path: z.string(),
      url: z.string(),
      archived: z.boolean(),
      deleted: z.boolean(),
    }),
  ),
  plugins: z.array(plugin),
  muPlugins: z.array(z.object({ file: z.string(), version: z.string(), title: z.string() })),
  dropins: z.array(z.string()),
  themes: z.array(theme),
  uploads: z.object({ dir: z.string(), files: z.number().int(), bytes: z.number() }),
  /** The managed wp-content directories the files step copies; absent from facts cached by an older probe. */
  content: z.object({ dir: z.string(), files: z.number().int(), bytes: z.number() }).optional(),
  cron: z.object({ events: z.number().int(), overdue: z.number().int(), disabled: z.boolean() }),
  disk: z.object({ freeBytes: z.number().nullable(), path: z.string() }),
  objectCache: z.object({ external: z.boolean() }),
  probeMs: z.number(),
});

export type ProbeFacts = z.infer<typeof probeFactsSchema>;
