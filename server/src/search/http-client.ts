import http from 'node:http';
import { MeiliHttpError } from '../errors.js';

/**
 * A keep-alive, no-delay HTTP client for meilisearch-js (its `httpClient` option). Node's built-in
 * fetch added ~40 ms per request in some runs here while Meilisearch reported 0–17 ms
 * (SEARCH-NOTES); plain node:http with a keep-alive agent does not.
 *
 * meilisearch-js hands a custom client the URL and RequestInit and expects the parsed body back;
 * errors are ours to raise.
 */

export function keepAliveClient(timeoutMs = 5000): { request: (url: URL | string | Request, init?: RequestInit) => Promise<unknown>; destroy(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 10_000 });
  const request = (input: URL | string | Request, init: RequestInit = {}): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((v, k) => {
        headers[k] = v;
      });
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = http.request(
        url,
        { method: init.method ?? 'GET', headers, agent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = undefined;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            const status = res.statusCode ?? 0;
            if (status >= 400) {
              const p = (parsed ?? {}) as { message?: string; code?: string };
              reject(new MeiliHttpError(`Meilisearch ${status}: ${p.message ?? text}`, status, p.code ?? null));
            } else resolve(parsed);
          });
          res.on('error', reject);
        },
      );
      // honour the caller's AbortSignal without leaving a listener behind on a reused signal
      const signal = init.signal;
      const onAbort = () => req.destroy(new Error('aborted'));
      if (signal) {
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
        req.once('close', () => signal.removeEventListener('abort', onAbort));
      }
      req.on('socket', (s) => s.setNoDelay(true));
      req.on('timeout', () => req.destroy(new Error(`Meilisearch request timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  return { request, destroy: () => agent.destroy() };
}
