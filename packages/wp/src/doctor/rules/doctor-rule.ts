// A Doctor rule: one read-only check of a Host (once per host, after it answered over SSH) or of a Site (once its
// sides are found and probed). The Doctor runs every rule in `HOST_RULES` and `SITE_RULES`; each returns its checks.
import { WpfleetError, type Fleet } from '@wpfleet/core';
import type { ShellResult, Transport } from '../../transport/transport.js';
import type { SideName } from '../../fleet-hosts/site-side.js';
import type { ProbeFacts } from '../../probe/probe-facts.js';
import type { WpCli } from '../../wp-cli/wp-cli.js';
import type { DoctorCheck } from '../doctor-check.js';

export interface HostRuleContext {
  host: string;
  fleet: Fleet;
  /** The sides this host plays for the sites checked (a host that is only a target may lack a dump tool). */
  roles: ReadonlySet<SideName>;
  transport: Transport;
  /** Runs a command on the host with the Doctor's timeout; never rejects for a non-zero exit. */
  exec(argv: readonly string[]): Promise<ShellResult>;
  /** The DB and copy tools on the host's PATH (name → path): one round trip, shared by the rules that need it. */
  tools(): Promise<ReadonlyMap<string, string>>;
}

export interface HostRule {
  /** Stable name, also the rule's file name and the `code` of what it reports. */
  name: string;
  check(ctx: HostRuleContext): Promise<DoctorCheck[]>;
}

export interface SiteRuleContext {
  fleet: Fleet;
  site: string;
  targetHost: string;
  /** The sides' probe facts and WP-CLI, for the sides that were reached, found and probed. */
  source?: ProbeFacts;
  target?: ProbeFacts;
  sourceCli?: WpCli;
  targetCli?: WpCli;
  /** The controller's environment, for `passwordEnv` (values are never printed). */
  env: Readonly<Record<string, string | undefined>>;
  collationMap: Readonly<Record<string, string>>;
  stagingPrefix: string;
  backupPrefix: string;
  /** Runs a command on the target host with the Doctor's timeout; never rejects for a non-zero exit. */
  execOnTarget(argv: readonly string[]): Promise<ShellResult>;
}

export interface SiteRule {
  name: string;
  check(ctx: SiteRuleContext): Promise<DoctorCheck[]>;
}

/** Commands the Doctor runs wait this long at most. */
export const TOOL_TIMEOUT_MS = 30_000;

export function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

/** A thrown error as a check's message and hint: a WpfleetError says both; anything else is a bug. */
export function fromError(error: unknown): { message: string; hint: string } {
  if (error instanceof WpfleetError) return { message: error.message, hint: error.hint ?? '' };
  return {
    message: error instanceof Error ? error.message : String(error),
    hint: 'this looks like a bug in wpfleet; run again with --verbose',
  };
}
