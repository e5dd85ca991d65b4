// Turns a host-key verdict into the error an operator sees: the fingerprint, and the explicit way to trust it.
import { WpfleetError } from '@wpfleet/core';
import { fingerprintSha256, keyTypeOf, type HostKeyVerdict } from './known-hosts.js';

/** A refused host key, with what the wizard needs to offer `trustHostKey(knownHostsFile, host, port, key)`. */
export class HostKeyError extends WpfleetError {
  constructor(
    code: 'WPF_HOST_KEY_UNKNOWN' | 'WPF_HOST_KEY_CHANGED' | 'WPF_HOST_KEY_REVOKED',
    message: string,
    options: ConstructorParameters<typeof WpfleetError>[2],
    readonly host: string,
    readonly port: number,
    /** The key blob the server presented. */
    readonly key: Buffer,
    readonly fingerprint: string,
    /** The first known_hosts file checked: where a trusted key would be added. */
    readonly knownHostsFile: string,
  ) {
    super(code, message, options);
    this.name = 'HostKeyError';
  }
}

export function hostKeyError(
  verdict: Exclude<HostKeyVerdict, { status: 'trusted' }>,
  host: string,
  port: number,
  key: Buffer,
  knownHostsFiles: readonly string[],
): HostKeyError {
  const fingerprint = fingerprintSha256(key);
  const type = keyTypeOf(key);
  const file = knownHostsFiles[0] ?? '~/.ssh/known_hosts';
  const where = { host: `${host}:${port}` };
  const make = (
    code: ConstructorParameters<typeof HostKeyError>[0],
    message: string,
    options: ConstructorParameters<typeof WpfleetError>[2],
  ) => new HostKeyError(code, message, options, host, port, key, fingerprint, file);
  if (verdict.status === 'unknown') {
    return make(
      'WPF_HOST_KEY_UNKNOWN',
      `The host key of ${host}:${port} is not in ${knownHostsFiles.join(', ')}: ${type} ${fingerprint}. wpfleet did not connect.`,
      {
        kind: 'environment',
        where,
        hint:
          `Check this fingerprint with the host's administrator (on the host: ssh-keygen -lf /etc/ssh/ssh_host_${type.replace(/^ssh-/, '').replace(/^ecdsa-sha2-nistp\d+$/, 'ecdsa')}_key.pub), ` +
          `then trust it: ssh-keyscan -p ${port} ${host} >> ${file} (or answer yes in \`wpfleet init\`). ` +
          `This only adds one line to ${file}.`,
      },
    );
  }
  if (verdict.status === 'revoked') {
    return make(
      'WPF_HOST_KEY_REVOKED',
      `The host key of ${host}:${port} (${type} ${fingerprint}) is marked @revoked in known_hosts line ${verdict.entry.line}. wpfleet refused to connect.`,
      {
        kind: 'environment',
        where,
        hint: 'The host presents a key you revoked: treat the host as compromised until its administrator explains.',
      },
    );
  }
  const lines = verdict.expected.map((e) => e.line).join(', ');
  return make(
    'WPF_HOST_KEY_CHANGED',
    `WARNING: THE HOST KEY OF ${host}:${port} HAS CHANGED. It now presents ${type} ${fingerprint}, which does not match ` +
      `known_hosts line ${lines} in ${knownHostsFiles.join(', ')}. Someone may be intercepting the connection (man in the middle), ` +
      `or the host was reinstalled. wpfleet refused to connect and sent nothing.`,
    {
      kind: 'environment',
      where,
      hint:
        `Ask the host's administrator whether the key changed and compare the fingerprint. Only then remove the old entry ` +
        `(ssh-keygen -R ${port === 22 ? host : `'[${host}]:${port}'`} -f ${file}) and trust the new one.`,
    },
  );
}
