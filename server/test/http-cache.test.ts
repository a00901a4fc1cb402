import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OffersResponse } from '@yaojia/shared';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { COMPRESS_THRESHOLD_BYTES } from '../src/plugins/compress.js';
import { publishFile } from '../src/ingest/index.js';
import { issueToken } from '../src/repositories/tokens.js';
import { buildTestApp, FIXTURES, type TestApp } from './helper.js';

/**
 * HTTP caching and compression as a browser or a third-party client sees them: the real app on a real
 * database with the 太原 fixtures published, search on the real Meilisearch of the global setup.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

const OFFERS = `/api/v1/offers?generic=${encodeURIComponent('苯磺酸氨氯地平片')}&region=shanxi&lat=37.87&lng=112.55&radiusKm=50`;

describe('ETag and 304', () => {
  it('a public GET carries a weak ETag and a short public max-age; the same request again with If-None-Match answers 304 with no body', async () => {
    const first = await t.app.inject({ method: 'GET', url: OFFERS });
    expect(first.statusCode).toBe(200);
    expect(first.json<OffersResponse>().items.length).toBeGreaterThan(0);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=60');

    const again = await t.app.inject({ method: 'GET', url: OFFERS, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('public, max-age=60');
  });

  it('another request (other query) has another ETag, and an old ETag does not match it', async () => {
    const a = await t.app.inject({ method: 'GET', url: OFFERS });
    const b = await t.app.inject({ method: 'GET', url: `${OFFERS}&sort=price` });
    expect(b.statusCode).toBe(200);
    expect(b.headers.etag).not.toBe(a.headers.etag);
    const cross = await t.app.inject({ method: 'GET', url: `${OFFERS}&sort=price`, headers: { 'if-none-match': a.headers.etag as string } });
    expect(cross.statusCode).toBe(200);
  });

  it('after a publish changes the data, the old ETag no longer matches and the new answer is sent', async () => {
    const before = await t.app.inject({ method: 'GET', url: OFFERS });
    // the same prices file with one price lowered, published through the real ingest
    const dir = mkdtempSync(join(tmpdir(), 'yaojia-prices-'));
    const changed = join(dir, 'prices-changed.csv');
    writeFileSync(changed, readFileSync(join(FIXTURES, 'prices-good.csv'), 'utf8').replace('P14010500001,XC08CAA040A001010100001,4.62,4.62', 'P14010500001,XC08CAA040A001010100001,4.50,4.50'));
    const r = await publishFile(t.db, { kind: 'prices', region: 'shanxi', file: changed, publisher: 'test' });
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe('published');
    const after = await t.app.inject({ method: 'GET', url: OFFERS, headers: { 'if-none-match': before.headers.etag as string } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.json<OffersResponse>().items.length).toBeGreaterThan(0);
  });

  it('two API processes on one database give the same ETag, so either answers a revalidation with 304', async () => {
    // a second app with its own connection (its own data version counter), as a second API_WORKERS process has
    const { openDb } = await import('../src/db/client.js');
    const { noSearch } = await import('./helper.js');
    const db2 = await openDb(t.url);
    const second = await buildApp({ config: loadConfig({ DATABASE_URL: t.url, UPLOAD_DIR: t.uploadDir }), db: db2, search: noSearch });
    try {
      const fromFirst = await t.app.inject({ method: 'GET', url: OFFERS });
      const fromSecond = await second.inject({ method: 'GET', url: OFFERS });
      expect(fromSecond.statusCode).toBe(200);
      expect(fromSecond.headers.etag).toBe(fromFirst.headers.etag);
      // revalidated at the other process, before and after that process has answered the URL itself
      const fresh = await buildApp({ config: loadConfig({ DATABASE_URL: t.url, UPLOAD_DIR: t.uploadDir }), db: db2, search: noSearch });
      try {
        const cold = await fresh.inject({ method: 'GET', url: OFFERS, headers: { 'if-none-match': fromFirst.headers.etag as string } });
        expect(cold.statusCode).toBe(304);
        expect(cold.rawPayload.length).toBe(0);
      } finally {
        await fresh.close();
      }
      const warm = await second.inject({ method: 'GET', url: OFFERS, headers: { 'if-none-match': fromFirst.headers.etag as string } });
      expect(warm.statusCode).toBe(304);
      const institution = fromFirst.json<OffersResponse>().items[0]!.institution.id;
      const a = await t.app.inject({ method: 'GET', url: `/api/v1/institutions/${institution}` });
      const b = await second.inject({ method: 'GET', url: `/api/v1/institutions/${institution}`, headers: { 'if-none-match': a.headers.etag as string } });
      expect(b.statusCode).toBe(304);
    } finally {
      await second.close();
      await db2.close();
    }
  });

  it('institution details carry an ETag too; errors are not cached', async () => {
    const offers = (await t.app.inject({ method: 'GET', url: OFFERS })).json<OffersResponse>();
    const id = offers.items[0]!.institution.id;
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/institutions/${id}` });
    expect(detail.headers.etag).toBeTruthy();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/institutions/${id}`, headers: { 'if-none-match': detail.headers.etag as string } })).statusCode).toBe(304);
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/institutions/999999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('an institution’s own data (/me) is no-store and never answers 304, signed in or not', async () => {
    const institutionId = (await t.db.get<{ id: number }>('SELECT id FROM institutions ORDER BY id LIMIT 1'))!.id;
    const { token } = await issueToken(t.db, { role: 'institution', institutionId, days: 1, actor: 'test' });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    expect(me.headers.etag).toBeUndefined();
    const again = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}`, 'if-none-match': '*' } });
    expect(again.statusCode).toBe(200);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['cache-control']).toBe('no-store');
  });
});

describe('compression', () => {
  it('a search answer goes out brotli- or gzip-compressed when asked, and decodes to the same JSON', async () => {
    // 盐酸二甲双胍片 and 盐酸西替利嗪片 of the fixture catalog: above the threshold
    const url = '/api/v1/drugs/search?q=yansuan&region=shanxi';
    const plain = await t.app.inject({ method: 'GET', url });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json().items.length).toBe(2);
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESS_THRESHOLD_BYTES);
    const br = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(plain.json());
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gz = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('a tiny answer is not compressed (below the threshold)', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/health', headers: { 'accept-encoding': 'br, gzip' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
  });
});

describe('the H5 page', () => {
  let h5: string;
  let app: App;
  const bundle = `console.log(${JSON.stringify('药价通 '.repeat(2000))});\n`;
  beforeAll(async () => {
    h5 = mkdtempSync(join(tmpdir(), 'yaojia-h5-'));
    mkdirSync(join(h5, 'js'));
    mkdirSync(join(h5, 'css'));
    writeFileSync(join(h5, 'index.html'), `<!doctype html><html><head><script src="js/app.0123abcd.js"></script></head><body>${'<div>药价通</div>'.repeat(200)}</body></html>`);
    writeFileSync(join(h5, 'js', 'app.0123abcd.js'), bundle);
    writeFileSync(join(h5, 'css', 'app.89abcdef.css'), `.a{color:red}\n`.repeat(300));
    app = await buildApp({ config: loadConfig({ DATABASE_URL: ':memory:', H5_DIR: h5 }), db: t.db, search: t.search });
    await app.ready();
  });
  afterAll(async () => {
    // the db belongs to the outer test app
    await app?.close().catch(() => {});
    rmSync(h5, { recursive: true, force: true });
  });

  it('hashed bundles are immutable for a year and go out compressed; index.html is revalidated', async () => {
    const js = await app.inject({ method: 'GET', url: '/js/app.0123abcd.js', headers: { 'accept-encoding': 'br' } });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(js.rawPayload).toString('utf8')).toBe(bundle);
    const css = await app.inject({ method: 'GET', url: '/css/app.89abcdef.css', headers: { 'accept-encoding': 'gzip' } });
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.headers['content-encoding']).toBe('gzip');
    const index = await app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'gzip' } });
    expect(index.statusCode).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(index.rawPayload).toString('utf8')).toContain('药价通');
  });
});
