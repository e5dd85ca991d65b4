// HTTP requests that resolve a site's hostname to an address we choose (the target host), the way a browser
// would see the site after the DNS switch, without changing DNS. Host header and TLS SNI stay the site's name.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

export interface PinnedFetchOptions {
  /** IP address every request to the URL's hostname goes to. Without it, normal DNS applies. */
  address?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Follow redirects that stay on the same hostname (default 5). */
  maxRedirects?: number;
  /** Accept self-signed certificates on the target (the new host often has none yet). */
  insecureTls?: boolean;
}

export interface PinnedResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  redirects: string[];
  ms: number;
}

function pinnedLookup(address: string): LookupFunction {
  const family = address.includes(':') ? 6 : 4;
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    } else {
      callback(null, address, family);
    }
  };
}

function requestOnce(url: URL, options: PinnedFetchOptions): Promise<Omit<PinnedResponse, 'redirects' | 'ms' | 'url'>> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: options.method ?? 'GET',
        // No shared agent: a pooled keep-alive socket is keyed by hostname, so it could carry a request pinned to
        // the target over a connection made to the source.
        agent: false,
        headers: { 'user-agent': 'wpfleet-check/1', accept: '*/*', ...options.headers },
        ...(options.address ? { lookup: pinnedLookup(options.address) } : {}),
        ...(url.protocol === 'https:' ? { servername: url.hostname, rejectUnauthorized: !options.insecureTls } : {}),
        timeout: options.timeoutMs ?? 15_000,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`timed out after ${options.timeoutMs ?? 15_000} ms`)));
    request.on('error', reject);
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

export async function pinnedFetch(input: string, options: PinnedFetchOptions = {}): Promise<PinnedResponse> {
  const started = Date.now();
  let url = new URL(input);
  const redirects: string[] = [];
  for (;;) {
    const response = await requestOnce(url, options);
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location && redirects.length < (options.maxRedirects ?? 5)) {
      const next = new URL(location, url);
      // Only follow redirects on the same hostname: anything else would leave the pinned host.
      if (next.hostname === url.hostname) {
        redirects.push(next.toString());
        url = next;
        continue;
      }
    }
    return { ...response, url: url.toString(), redirects, ms: Date.now() - started };
  }
}
