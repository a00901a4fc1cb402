import { createHash, randomBytes } from 'node:crypto';
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
    /** the ETag this request's answer carries (public GETs whose data version is known) */
    httpCacheEtag?: string;
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
 * Search answers come from Meilisearch, which the data version cannot see (search/service.ts keeps its
 * answers 60 s for the same reason): their ETag also changes every minute.
 */
const SEARCH_PREFIX = '/api/v1/drugs/';
const SEARCH_WINDOW_MS = 60_000;

/**
 * This process's ETags only: Db.dataVersion() is a per-connection token (SQLite's data_version, the
 * PostgreSQL listener's counter), so two API processes could write the same token for different data.
 */
const BOOT = randomBytes(6).toString('hex');

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
 * HTTP caching of API answers. A public GET's ETag is derived from the database's data version and the
 * request (method + URL), so it is known before any query runs: a matching If-None-Match answers 304
 * with no body and no work. Weak (`W/`), since compression changes the bytes but not the meaning.
 * Anything but a 200 on a public GET, and every private answer, is `no-store`.
 */
export default fp<HttpCacheOptions>(
  async (app, opts) => {
    const maxAge = opts.maxAgeSeconds ?? 60;
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const policy = policyOf(req);
      if (!policy) return;
      req.httpCachePolicy = policy;
      if (policy !== 'public' || (req.method !== 'GET' && req.method !== 'HEAD')) return;
      const version = await app.db.dataVersion();
      if (version === null) return;
      const path = req.url.split('?', 1)[0] ?? '';
      const window = path.startsWith(SEARCH_PREFIX) ? Math.floor(Date.now() / SEARCH_WINDOW_MS) : 0;
      const hash = createHash('sha256').update(`${BOOT}\n${version}\n${window}\n${req.url}`).digest('base64url').slice(0, 27);
      req.httpCacheEtag = `W/"${hash}"`;
      if (matches(req.headers['if-none-match'], req.httpCacheEtag)) {
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
        if (req.httpCacheEtag) reply.header('etag', req.httpCacheEtag);
      } else if (!reply.hasHeader('cache-control')) {
        reply.header('cache-control', 'no-store');
      }
      return payload;
    });
  },
  { name: 'http-cache', dependencies: ['db'] },
);
