// HTTP requests that resolve a site's hostname to an address we choose (the target host), the way a browser
// would see the site after the DNS switch, without changing DNS. Host header and TLS SNI stay the site's name.
// Pages are hostile input: a body is read up to a cap and a request has an overall deadline, so a huge or
// endless page costs bounded memory and time (issue 13: a 700 MB page ended the whole run).
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

export interface PinnedFetchOptions {
  /** IP address every request to the URL's hostname goes to. Without it, normal DNS applies. */
  address?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Longest silence on the socket before the request fails (default 15 s). */
  timeoutMs?: number;
  /** Longest a whole fetch may take, redirects and body included (default 60 s): a slow drip never ends it. */
  deadlineMs?: number;
  /** Bytes of body kept (default 8 MiB); the rest is not read and the response says `truncated`. */
  maxBodyBytes?: number;
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
  /** The body was longer than `maxBodyBytes`: `body` holds its start only. */
  truncated: boolean;
  redirects: string[];
  ms: number;
}

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
const DEFAULT_DEADLINE_MS = 60_000;

function pinnedLookup(address: string): LookupFunction {
  const family = address.includes(':') ? 6 : 4;
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address, family },
      ]);
    } else {
      callback(null, address, family);
    }
  };
}

function requestOnce(
  url: URL,
  options: PinnedFetchOptions,
  signal: AbortSignal,
): Promise<Omit<PinnedResponse, 'redirects' | 'ms' | 'url'>> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    // Past the deadline every error the teardown raises is reported as the deadline itself.
    const fail = (error: Error) =>
      settle(() => reject(signal.aborted && signal.reason instanceof Error ? signal.reason : error));
    const request = client.request(
      url,
      {
        method: options.method ?? 'GET',
        // No shared agent: a pooled keep-alive socket is keyed by hostname, so it could carry a request pinned to
        // the target over a connection made to the source.
        agent: false,
        headers: { 'user-agent': 'wpfleet-check/1', accept: '*/*', ...options.headers },
        ...(options.address ? { lookup: pinnedLookup(options.address) } : {}),
        ...(url.protocol === 'https:'
          ? { servername: url.hostname, rejectUnauthorized: !options.insecureTls }
          : {}),
        timeout: options.timeoutMs ?? 15_000,
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        const finish = (truncated: boolean) =>
          settle(() =>
            resolve({
              status: response.statusCode ?? 0,
              headers,
              body: Buffer.concat(chunks).toString('utf8'),
              truncated,
            }),
          );
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          if (kept + chunk.length > maxBodyBytes) {
            chunks.push(chunk.subarray(0, maxBodyBytes - kept));
            finish(true);
            // The rest is never read: closing the socket stops the sender instead of buffering it.
            request.destroy();
            return;
          }
          chunks.push(chunk);
          kept += chunk.length;
        });
        response.on('error', fail);
        response.on('aborted', () => fail(new Error('the connection closed before the whole page arrived')));
        response.on('end', () => finish(false));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no data for ${options.timeoutMs ?? 15_000} ms`)));
    request.on('error', fail);
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

export async function pinnedFetch(input: string, options: PinnedFetchOptions = {}): Promise<PinnedResponse> {
  const started = Date.now();
  let url = new URL(input);
  const redirects: string[] = [];
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new Error(`the page did not finish within ${deadlineMs} ms`)),
    deadlineMs,
  );
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  try {
    return await followRedirects();
  } finally {
    clearTimeout(timer);
  }

  async function followRedirects(): Promise<PinnedResponse> {
    for (;;) {
      const response = await requestOnce(url, options, signal);
      const location = response.headers.location;
      if (
        response.status >= 300 &&
        response.status < 400 &&
        location &&
        redirects.length < (options.maxRedirects ?? 5)
      ) {
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
}
