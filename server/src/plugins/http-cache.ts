import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * How an API answer may be cached. `public`: the same for everyone (search, offers, institutions…):
 * an ETag and `Cache-Control: public, max-age`. `private`: a signed-in institution's own data or a
 * citizen's own report: `no-store`. A route can say so itself with `config: { httpCache: 'private' }`.
 */
export type HttpCachePolicy = 'public' | 'private';

declare module 'fastify' {
  interface FastifyContextConfig {
    httpCache?: HttpCachePolicy;
  }
  interface FastifyRequest {
    /** the data version this public GET was answered at (null: the database cannot say) */
    httpCacheVersion?: string | null;
    httpCachePolicy?: HttpCachePolicy;
  }
}

export interface HttpCacheOptions {
  /** max-age of public answers, seconds */
  maxAgeSeconds?: number;
}

/** Paths that are private whatever their method: an institution's own data, a citizen's own report. */
const PRIVATE_PREFIXES = ['/api/v1/me', '/api/v1/reports'];
/**
 * Search answers come from Meilisearch, which the data version cannot see: they are always answered and
 * hashed, never 304ed from memory.
 */
const SEARCH_PREFIX = '/api/v1/drugs/';

/** The ETag of an answer: a hash of its JSON, so every API process (and a restart) gives the same one. */
const etagOf = (payload: string | Buffer) => `W/"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;

/**
 * Per process, the ETag each public URL last answered with and the data version it was answered at: a
 * revalidation at an unchanged version answers 304 before any query runs. Kept for at most max-age (an
 * answer may change with the date alone, e.g. a price turning 未及时更新).
 */
const KNOWN_MAX = 10_000;
interface Known {
  version: string;
  etag: string;
  at: number;
}

function policyOf(req: FastifyRequest): HttpCachePolicy | null {
  const path = req.url.split('?', 1)[0] ?? '';
  if (!path.startsWith('/api/')) return null;
  if (req.routeOptions.config?.httpCache) return req.routeOptions.config.httpCache;
  if (req.headers.authorization) return 'private';
  return PRIVATE_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`)) ? 'private' : 'public';
}

/** If-None-Match holds `etag` (weak comparison, RFC 9110 §13.1.2), or `*`. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  const want = bare(etag);
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === want);
}

/**
 * HTTP caching of API answers. A public GET's ETag is a hash of its JSON (equal across API processes
 * behind one port, and across restarts); a matching If-None-Match answers 304 with no body. This process
 * remembers the ETag it last sent for a URL at a data version, so a revalidation of unchanged data is
 * answered before any query runs. Weak (`W/`), since compression changes the bytes but not the meaning
 * (the hash is taken before compression: @fastify/compress hooks each route, after this instance hook).
 * Anything but a 200 on a public GET, and every private answer, is `no-store`.
 */
export default fp<HttpCacheOptions>(
  async (app, opts) => {
    const maxAge = opts.maxAgeSeconds ?? 60;
    const known = new Map<string, Known>();
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const policy = policyOf(req);
      if (!policy) return;
      req.httpCachePolicy = policy;
      if (policy !== 'public' || (req.method !== 'GET' && req.method !== 'HEAD')) return;
      const version = await app.db.dataVersion();
      req.httpCacheVersion = version;
      if (version === null || req.url.startsWith(SEARCH_PREFIX)) return;
      const k = known.get(req.url);
      if (k && k.version === version && Date.now() - k.at < maxAge * 1000 && matches(req.headers['if-none-match'], k.etag)) {
        reply.header('etag', k.etag);
        reply.header('cache-control', `public, max-age=${maxAge}`);
        return reply.code(304).send();
      }
    });
    app.addHook('onSend', async (req, reply, payload) => {
      const policy = req.httpCachePolicy;
      if (!policy) return payload;
      const status = reply.statusCode;
      if (policy === 'public' && (req.method === 'GET' || req.method === 'HEAD') && (status === 200 || status === 304)) {
        // a route that knows better (an immutable download with its own ETag) keeps its headers
        if (reply.hasHeader('cache-control')) return payload;
        reply.header('cache-control', `public, max-age=${maxAge}`);
        if (status === 200 && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
          const etag = etagOf(payload);
          reply.header('etag', etag);
          if (req.httpCacheVersion != null && !req.url.startsWith(SEARCH_PREFIX)) {
            known.delete(req.url);
            known.set(req.url, { version: req.httpCacheVersion, etag, at: Date.now() });
            if (known.size > KNOWN_MAX) known.delete(known.keys().next().value!);
          }
          if (matches(req.headers['if-none-match'], etag)) {
            reply.code(304);
            return '';
          }
        }
      } else if (!reply.hasHeader('cache-control')) {
        reply.header('cache-control', 'no-store');
      }
      return payload;
    });
  },
  { name: 'http-cache', dependencies: ['db'] },
);
