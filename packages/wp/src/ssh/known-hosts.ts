// Strict host-key checking against an OpenSSH known_hosts file: plain, `[host]:port`, hashed `|1|salt|hash`,
// comma-separated names, wildcards and negations; `@revoked` keys are refused and `@cert-authority` lines are
// skipped (wpfleet does not accept host certificates). There is no switch to turn checking off.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface KnownHostEntry {
  readonly marker: 'revoked' | 'cert-authority' | undefined;
  /** Host patterns, or one hashed name. */
  readonly patterns: readonly string[];
  readonly hashed: { salt: Buffer; hash: Buffer } | undefined;
  readonly keyType: string;
  /** The key blob, base64 as written in the file. */
  readonly keyBase64: string;
  /** 1-based line number, for messages. */
  readonly line: number;
}

export type HostKeyVerdict =
  | { status: 'trusted'; entry: KnownHostEntry }
  | { status: 'unknown' }
  | { status: 'changed'; expected: readonly KnownHostEntry[] }
  | { status: 'revoked'; entry: KnownHostEntry };

/** Parse known_hosts text; malformed lines are skipped as OpenSSH does. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return;
    }
    const [hostField, keyType, keyBase64] = fields;
    if (!hostField || !keyType || !keyBase64) return;
    let hashed: KnownHostEntry['hashed'];
    let patterns: string[] = [];
    if (hostField.startsWith('|1|')) {
      const [, , salt, hash] = hostField.split('|');
      if (!salt || !hash) return;
      hashed = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    } else {
      patterns = hostField.split(',').filter((p) => p.length > 0);
    }
    entries.push({ marker, patterns, hashed, keyType, keyBase64, line: index + 1 });
  });
  return entries;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Whether an entry names this host (hashed names are compared with HMAC-SHA1, as OpenSSH does). */
export function entryMatchesHost(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  if (entry.hashed) {
    const digest = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return digest.length === entry.hashed.hash.length && timingSafeEqual(digest, entry.hashed.hash);
  }
  let matched = false;
  for (const pattern of entry.patterns) {
    const negated = pattern.startsWith('!');
    const re = globToRegExp(negated ? pattern.slice(1) : pattern);
    if (re.test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** Decide whether the key a server presented is trusted, unknown, changed or revoked. */
export function verifyHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  key: Buffer,
): HostKeyVerdict {
  const presented = key.toString('base64');
  const revoked = entries.find((e) => e.marker === 'revoked' && e.keyBase64 === presented);
  if (revoked) return { status: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === undefined && entryMatchesHost(e, host, port));
  const trusted = forHost.find((e) => e.keyBase64 === presented);
  if (trusted) return { status: 'trusted', entry: trusted };
  const type = keyTypeOf(key);
  const sameType = forHost.filter((e) => e.keyType === type);
  // A known key of another type is not a change: the server may hold several keys (we ask for known types).
  if (sameType.length > 0) return { status: 'changed', expected: sameType };
  return forHost.length > 0 ? { status: 'changed', expected: forHost } : { status: 'unknown' };
}

/** The key types known for a host, so the client asks the server for one of those first. */
export function knownKeyTypes(entries: readonly KnownHostEntry[], host: string, port: number): string[] {
  const types = entries
    .filter((e) => e.marker === undefined && entryMatchesHost(e, host, port))
    .map((e) => e.keyType);
  return [...new Set(types)];
}

/** The algorithm name stored at the start of an SSH public key blob (`ssh-ed25519`, `ssh-rsa`, ...). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString('latin1');
}

/** OpenSSH's fingerprint format: `SHA256:` and unpadded base64 of the SHA-256 of the key blob. */
export function fingerprintSha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** One known_hosts line trusting `key` for host:port (plain name, so an operator can read and audit it). */
export function knownHostsLine(host: string, port: number, key: Buffer): string {
  return `${knownHostsName(host, port)} ${keyTypeOf(key)} ${key.toString('base64')}`;
}
