// Fetches the host key a server presents, without authenticating (what ssh-keyscan does), so the wizard can show
// its fingerprint and ask before trusting it. The connection is dropped as soon as the key is seen.
import { WpfleetError } from '@wpfleet/core';
import { fingerprintSha256, keyTypeOf } from '../ssh/known-hosts.js';
import { loadSsh2 } from '../ssh/load-ssh2.js';

export interface ScannedHostKey {
  host: string;
  port: number;
  key: Buffer;
  type: string;
  fingerprint: string;
}

export async function scanHostKey(host: string, port = 22, timeoutMs = 10_000): Promise<ScannedHostKey> {
  const ssh2 = await loadSsh2();
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let seen: Buffer | undefined;
    const done = (error?: Error) => {
      client.removeAllListeners();
      client.on('error', () => {});
      client.end();
      if (seen) {
        resolve({ host, port, key: seen, type: keyTypeOf(seen), fingerprint: fingerprintSha256(seen) });
      } else {
        reject(
          new WpfleetError(
            'WPF_HOST_UNREACHABLE',
            `could not read the host key of ${host}:${port}: ${error?.message ?? 'no key presented'}`,
            {
              kind: 'environment',
              where: { host: `${host}:${port}` },
              hint: 'Check the address and port, and that sshd runs there.',
            },
          ),
        );
      }
    };
    client.on('error', (error) => done(error));
    client.on('close', () => done());
    client.connect({
      host,
      port,
      username: 'wpfleet-keyscan',
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        seen = Buffer.from(key);
        // Refusing the key ends the handshake: nothing is authenticated and nothing is sent.
        return false;
      },
    });
  });
}
