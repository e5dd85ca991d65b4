// Finds WP-CLI on a Host, or uploads a user-supplied WP-CLI phar into a private directory (mktemp -d, 0700)
// and runs it with `php`; `dispose()` removes it again. wpfleet never downloads WP-CLI itself.
import type { Readable } from 'node:stream';
import { WpfleetError } from '@wpfleet/core';
import type { Transport } from '../transport/transport.js';

export interface WpCliInstall {
  /** The launcher to pass as WpCliOptions.command. */
  readonly command: readonly string[];
  /** True when wpfleet uploaded a phar that `dispose` removes. */
  readonly uploaded: boolean;
  dispose(): Promise<void>;
}

export interface EnsureWpCliOptions {
  /** A WP-CLI phar to upload when the host has no `wp` (a function, so it is only opened when needed). */
  phar?: () => Readable | Uint8Array;
  /** Prefer this phar even if the host has `wp` (a known WP-CLI version everywhere). */
  preferPhar?: boolean;
}

/** Whether a program is on the host's PATH. */
async function hasProgram(transport: Transport, name: string): Promise<boolean> {
  const r = await transport.exec(['sh', '-c', 'command -v "$1" >/dev/null 2>&1', 'wpfleet-which', name], {
    reject: false,
  });
  return r.exitCode === 0;
}

export async function ensureWpCli(
  transport: Transport,
  options: EnsureWpCliOptions = {},
): Promise<WpCliInstall> {
  if (!options.preferPhar && (await hasProgram(transport, 'wp'))) {
    return { command: ['wp'], uploaded: false, dispose: async () => undefined };
  }
  if (!options.phar) {
    throw new WpfleetError(
      'WPF_WP_CLI_MISSING',
      `WP-CLI (\`wp\`) is not installed on host ${transport.label}.`,
      {
        kind: 'environment',
        where: { host: transport.label },
        hint: 'Install WP-CLI on the host, or give wpfleet a wp-cli.phar: it is uploaded to a private temporary directory for the run and removed afterwards.',
      },
    );
  }
  if (!(await hasProgram(transport, 'php'))) {
    throw new WpfleetError(
      'WPF_WP_CLI_MISSING',
      `Host ${transport.label} has neither WP-CLI nor php to run a WP-CLI phar.`,
      {
        kind: 'environment',
        where: { host: transport.label },
        hint: 'Install the PHP command-line interpreter (php-cli) and WP-CLI on the host.',
      },
    );
  }
  const dir = await transport.makePrivateDir('wpfleet-wpcli');
  const pharPath = `${dir}/wp-cli.phar`;
  try {
    await transport.putFile(pharPath, options.phar(), { mode: 0o600 });
  } catch (error) {
    await transport.removeFile(dir, { recursive: true }).catch(() => undefined);
    throw error;
  }
  let disposed = false;
  return {
    command: ['php', pharPath],
    uploaded: true,
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await transport.removeFile(dir, { recursive: true });
    },
  };
}
