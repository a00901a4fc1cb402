import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { tileSource } from '../src/plugins/security-headers.js';
import { noSearch, type TempDb, tempDb } from './helper.js';

// Issue 13, finding 9: no security headers on the API or the H5 page. The page itself is checked in
// Chromium by tests/e2e/citizen.test.ts (it fails on any console error, a CSP violation included).
const SNIPPET = '!function(n){n.document.documentElement.style.fontSize="20px"}(window);';
let t: TempDb;
let h5: string;
let app: App;
beforeAll(async () => {
  t = await tempDb();
  h5 = mkdtempSync(join(tmpdir(), 'yaojia-h5-'));
  mkdirSync(join(h5, 'js'));
  writeFileSync(join(h5, 'index.html'), `<!doctype html><html><head><script>${SNIPPET}</script><script defer="defer" src="/js/app.0123abcd.js"></script></head><body><div id="app"></div></body></html>`);
  writeFileSync(join(h5, 'js', 'app.0123abcd.js'), 'console.log(1)');
  app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url, H5_DIR: h5 }), db: t.db, search: noSearch });
});
afterAll(async () => {
  await app?.close();
  rmSync(h5, { recursive: true, force: true });
  await t?.cleanup();
});

const directives = (csp: string) => Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k!, v]));

describe('security headers', () => {
  it('the H5 page: a CSP allowing this origin and the hashed inline snippet only, no framing, no sniffing', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    const csp = directives(String(res.headers['content-security-policy']));
    const hash = `'sha256-${createHash('sha256').update(SNIPPET).digest('base64')}'`;
    expect(csp['script-src']).toEqual(["'self'", hash]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp).not.toHaveProperty('upgrade-insecure-requests'); // plain HTTP on loopback under npm start
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
  });

  it('every API answer carries them too, errors included, and says nothing about the framework', async () => {
    for (const url of ['/api/v1/regions', '/api/v1/offers?limit=Infinity', '/api/v1/nope', '/health']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-powered-by'], url).toBeUndefined();
    }
  });

  it('the open API stays readable cross-origin (CORS and Cross-Origin-Resource-Policy)', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/regions', headers: { origin: 'https://example.org' } });
    expect(res.headers['access-control-allow-origin']).toBe('https://example.org');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('no map tiles configured: images from this origin only, and the page is told there is no map', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(directives(String(res.headers['content-security-policy']))['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect((await app.inject({ method: 'GET', url: '/api/v1/config' })).json()).toEqual({ mapTiles: null });
  });

  it('TARO_APP_MAP_TILES: the tile host is allowed for images and handed to the page; a bad template stops the start', async () => {
    const tiles = 'https://{s}.tiles.example.cn:8443/osm/{z}/{x}/{y}.png';
    const withMap = await buildApp({ config: loadConfig({ DATABASE_URL: t.url, H5_DIR: h5, TARO_APP_MAP_TILES: tiles }), db: t.db, search: noSearch });
    try {
      const res = await withMap.inject({ method: 'GET', url: '/' });
      expect(directives(String(res.headers['content-security-policy']))['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https://*.tiles.example.cn:8443']);
      expect((await withMap.inject({ method: 'GET', url: '/api/v1/config' })).json()).toEqual({ mapTiles: tiles });
    } finally {
      await withMap.close();
    }
    expect(tileSource('http://127.0.0.1:9000/{z}/{x}/{y}.png')).toEqual(['http://127.0.0.1:9000']);
    expect(() => loadConfig({ TARO_APP_MAP_TILES: 'tiles.example.cn/{z}/{x}/{y}.png' })).toThrow(/TARO_APP_MAP_TILES/);
    expect(() => loadConfig({ TARO_APP_MAP_TILES: 'https://tiles.example.cn/{z}/{x}.png' })).toThrow(/\{y\}/);
  });
});
