// Appends a host key to a known_hosts file, for the wizard's explicit "trust this fingerprint" step.
// Never called implicitly: an unknown key is always an error first.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { knownHostsLine, parseKnownHosts, verifyHostKey } from './known-hosts.js';

/** Trust `key` for host:port in `knownHostsPath` (created 0600). Refuses when a different key is already known. */
export async function trustHostKey(
  knownHostsPath: string,
  host: string,
  port: number,
  key: Buffer,
): Promise<void> {
  const existing = await readFile(knownHostsPath, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  const verdict = verifyHostKey(parseKnownHosts(existing), host, port, key);
  if (verdict.status === 'trusted') return;
  if (verdict.status !== 'unknown') {
    throw new Error(
      `refusing to trust a key for ${host}:${port}: ${knownHostsPath} already holds a different key (${verdict.status}); remove that line by hand after checking why it changed`,
    );
  }
  await mkdir(dirname(knownHostsPath), { recursive: true, mode: 0o700 });
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  await appendFile(knownHostsPath, `${separator}${knownHostsLine(host, port, key)}\n`, { mode: 0o600 });
}
