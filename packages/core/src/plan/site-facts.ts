// What the planner knows about a site: the facts the Probe collected on the source, what it found at the target
// path, and per-host tool facts from the Doctor. Structural subsets of the wp probe's output, so wp passes its
// ProbeFacts straight in.

export interface PluginFact {
  name: string;
  version: string;
  status: string;
}

interface TableFact {
  name: string;
  engine: string;
  collation: string;
  rows: number;
  bytes: number;
}

export interface SiteFacts {
  wordpress: {
    version: string;
    siteurl: string;
    home: string;
    multisite: boolean;
    tablePrefix: string;
  };
  php: { version: string; extensions: string[] };
  database: {
    flavour: 'mariadb' | 'mysql';
    version: string;
    charset: string;
    collation: string;
    tables: TableFact[];
    /** Collations in use by tables and columns. */
    collations: string[];
    /** Collations the server knows. */
    supportedCollations: string[];
  };
  /** Multisite subsites (one entry for a single site). */
  sites: { blogId: number; url: string }[];
  plugins: PluginFact[];
  themes: PluginFact[];
  muPlugins: { file: string; version: string }[];
  dropins: string[];
  uploads: { files: number; bytes: number };
  /** What the files step copies (uploads, plugins, themes, mu-plugins, languages); absent from older facts. */
  content?: { files: number; bytes: number };
  disk: { freeBytes: number | null };
}

/**
 * The target side before the move. `wordpress: null` means the probe found no WordPress at the target path; an
 * absent field means it was not looked at.
 */
export interface TargetFacts {
  wordpress?: { version: string; multisite: boolean; tablePrefix: string } | null;
  php?: { version: string; extensions: string[] };
  database?: {
    flavour: 'mariadb' | 'mysql';
    version: string;
    supportedCollations: string[];
    /** The database's name (DB_NAME). */ name?: string;
  };
  plugins?: PluginFact[];
  themes?: PluginFact[];
  disk?: { freeBytes: number | null };
}

/** What the Doctor learned about a host's tools. Absent means unknown. */
export interface HostFacts {
  wpCli?: boolean;
  rsync?: boolean;
  /** `mysqldump` or `mariadb-dump`, which `wp db export` runs (needed on sources). */
  dumpTool?: boolean;
  /** `mysql` or `mariadb`, which `wp db import` runs (needed on targets). */
  dbClient?: boolean;
}

export interface SiteFactsPair {
  source?: SiteFacts;
  target?: TargetFacts;
}
