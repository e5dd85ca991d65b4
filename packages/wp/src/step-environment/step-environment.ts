// What the step handlers need from the world beyond the StepContext: a connected Host per fleet host name, and
// run-wide switches. The CLI builds it from the fleet file (packages/wp/src/fleet-hosts) and closes it after the run.
import type { PlannedSite } from '@wpfleet/core';
import type { SqlWorkerPool } from '@wpfleet/sql';
import type { Transport } from '../transport/transport.js';

export interface StepHost {
  /** The host's name in the fleet file. */
  name: string;
  transport: Transport;
  /** The address the host's web server and sshd listen on; HTTP checks pin the site's hostname to it. */
  address?: string | undefined;
  /** How another host reaches this one over SSH (host-to-host rsync); absent when it cannot be reached that way. */
  ssh?: { address: string; port: number; user: string; knownHostsLines: string[] } | undefined;
  /** How WP-CLI starts on the host, default `['wp']`. */
  wpCommand?: readonly string[] | undefined;
}

/** What the source's probe found that later steps can use instead of booting WordPress again. */
export interface DoctorSourceFacts {
  plugins: Array<{ name: string; version: string }>;
  themes: Array<{ name: string; version: string }>;
}

/**
 * Extra checks the Doctor runs for one site during preflight; an `error` finding fails the step. `source` is
 * what its probe of the source found (absent when the probe did not succeed).
 */
export type SiteDoctor = (
  site: PlannedSite,
  signal: AbortSignal,
) => Promise<{
  findings: Array<{ severity: 'info' | 'warning' | 'error'; code: string; message: string; hint?: string }>;
  source?: DoctorSourceFacts;
}>;

export interface StepEnvironment {
  host(name: string): Promise<StepHost>;
  doctor?: SiteDoctor | undefined;
  /** Also write each transformed dump to this directory on the controller (off by default: no dump on disk). */
  keepDumpDir?: string | undefined;
  /** The run directory on the controller: steps keep there what the journal does not hold (row hashes). */
  stateDir?: string | undefined;
  /** Extra arguments for the source's `wp db export` (passed on to mysqldump). */
  dbExportArgs?: readonly string[] | undefined;
  /** Never copy files host to host, always relay through the controller. */
  relayOnly?: boolean | undefined;
  /** Collations to rewrite in the dump (`--map-collation` given to `wpfleet plan`, recorded in the plan). */
  collationMap?: Readonly<Record<string, string>> | undefined;
  /** Worker threads for the SqlStream (several sites' transforms then use every core); in-process without. */
  sqlWorkers?: SqlWorkerPool | undefined;
  /** Cap on one statement of the dump stream (default DEFAULT_MAX_STATEMENT_BYTES). */
  maxStatementBytes?: number | undefined;
}
