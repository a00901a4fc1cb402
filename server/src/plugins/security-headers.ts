import type { IncomingMessage, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecurityHeadersOptions {
  /** the built H5 page; its inline scripts are allowed by hash */
  h5Dir: string | null;
  /** TARO_APP_MAP_TILES: the H5 map loads its tiles from this origin */
  mapTiles?: string | null;
}

/** The CSP source of a tile URL template: its origin, `{s}.` subdomains as a wildcard. */
export function tileSource(template: string | null | undefined): string[] {
  if (!template) return [];
  const m = /^(https?:\/\/[^/]+)/.exec(template.replace('{s}.', 'SUBDOMAIN.'));
  return m?.[1] ? [m[1].replace('SUBDOMAIN.', '*.')] : [];
}

/**
 * CSP hashes of the inline scripts in the H5 build's index.html (Taro's rem-sizing snippet), so the page
 * runs under `script-src 'self'` without 'unsafe-inline'. Read once at start: a rebuilt page means a
 * restart, as it does for the static files themselves.
 */
export function inlineScriptHashes(h5Dir: string | null): string[] {
  const index = h5Dir ? join(h5Dir, 'index.html') : null;
  if (!index || !existsSync(index)) return [];
  const html = readFileSync(index, 'utf8');
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.push(`'sha256-${createHash('sha256').update(m[1] ?? '', 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/**
 * Security headers on every answer (API, H5 page, docs), as helmet writes them. The CSP fits the H5
 * build: scripts from this origin plus the hashed inline snippet, styles inline too (Taro's web
 * components inject <style> elements), images from data:/blob: (charts) and the map tile host, API calls to this origin only,
 * no plugins, no framing. No upgrade-insecure-requests: TLS ends at the reverse proxy (SECURITY.md) and
 * `npm start` serves plain HTTP on loopback. Resources may be read cross-origin: this is a public,
 * open-data API (CORS is open too).
 */
export function securityHeaderOptions(opts: SecurityHeadersOptions): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'script-src': ["'self'", ...inlineScriptHashes(opts.h5Dir)],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:', ...tileSource(opts.mapTiles)],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'worker-src': ["'self'", 'blob:'],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  };
}

/**
 * The headers helmet's middleware sets, worked out once: they depend only on the options (no CSP nonces
 * here). @fastify/helmet built the whole middleware again for every request (helmet(options) per
 * request: the CSP parsed and validated each time), a fixed cost on every answer.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

export default fp<SecurityHeadersOptions>(
  async (app, opts) => {
    const headers = helmetHeaders(securityHeaderOptions(opts));
    app.addHook('onRequest', (_req, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security-headers' },
);
