// Before the DNS switch a new host often has no certificate the public trusts for the site's name yet (an ACME
// HTTP-01 challenge needs the DNS to point at it first). The HTTP check therefore reads the target over TLS without
// verifying it, and this one strict handshake says whether the certificate would pass for visitors.
import tls from 'node:tls';

/** Why a browser would refuse the target's certificate for `url`'s host, or null when it would accept it. */
export async function targetCertificateProblem(
  url: string,
  address: string | undefined,
  timeoutMs = 15_000,
): Promise<string | null> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') return null;
  const host = parsed.hostname;
  const port = Number(parsed.port || 443);
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: address ?? host,
      port,
      servername: host,
      rejectUnauthorized: true,
      timeout: timeoutMs,
    });
    const done = (problem: string | null) => {
      socket.destroy();
      resolve(problem);
    };
    // `on`, not `once`: a second 'error' during teardown with no listener would be thrown at the process.
    socket.once('secureConnect', () => done(null));
    socket.once('timeout', () =>
      done(`no TLS answer from ${address ?? host}:${port} within ${timeoutMs} ms`),
    );
    socket.on('error', (error: NodeJS.ErrnoException) =>
      done(`${error.code ?? 'TLS error'}: ${error.message}`),
    );
  });
}
