import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { noSearch, type TempDb, tempDb } from './helper.js';

// docs/API.md promises that a route going away carries Deprecation and Sunset headers and is marked in the
// OpenAPI document. No route of /api/v1 is deprecated today, so this test deprecates one of its own the way
// a future change will (route config), on the real app.
let t: TempDb;
let app: App;
beforeAll(async () => {
  t = await tempDb();
  app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url }), db: t.db, search: noSearch });
  app.get('/api/v1/old-thing', { config: { deprecated: { since: '2026-12-01', sunset: '2027-06-30' } }, schema: { summary: 'going away' } }, async () => ({ ok: true }));
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

it('answers of a deprecated route carry Deprecation (RFC 9745), Sunset (RFC 8594) and a Link to the guide', async () => {
  const r = await app.inject({ method: 'GET', url: '/api/v1/old-thing' });
  expect(r.statusCode).toBe(200);
  expect(r.headers.deprecation).toBe(`@${Date.parse('2026-12-01') / 1000}`);
  expect(r.headers.sunset).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
  expect(r.headers.link).toContain('rel="deprecation"');
});

it('the OpenAPI document marks it deprecated, and only it', async () => {
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, { deprecated?: boolean }>> };
  expect(doc.paths['/api/v1/old-thing']!.get!.deprecated).toBe(true);
  const others = Object.entries(doc.paths).filter(([p, ops]) => p !== '/api/v1/old-thing' && Object.values(ops).some((o) => o.deprecated));
  expect(others).toEqual([]);
});

it('a live route carries none of it', async () => {
  const r = await app.inject({ method: 'GET', url: '/api/v1/regions' });
  expect(r.headers.deprecation).toBeUndefined();
  expect(r.headers.sunset).toBeUndefined();
});
