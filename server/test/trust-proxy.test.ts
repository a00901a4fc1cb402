import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { noSearch, publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';

// Finding 1: with every hop trusted, a client named its own address in X-Forwarded-For and so escaped the
// per-client report limit (17,536 reports in 5 s). Only configured proxies may name the client.
let t: TempDb;
let institutionId: number;
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
  institutionId = (await t.db.get<{ id: number }>('SELECT id FROM institutions ORDER BY id LIMIT 1'))!.id;
});
afterAll(async () => {
  await t?.cleanup();
});

async function withApp(env: Record<string, string>, fn: (app: App) => Promise<void>) {
  await t.db.run('DELETE FROM rate_limits');
  const app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url, REPORT_RATE_LIMIT: '2', ...env }), db: t.db, search: noSearch });
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

const report = (app: App, remoteAddress: string, forwardedFor?: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    remoteAddress,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    payload: { institutionId, kind: 'other', note: '代理测试' },
  });

describe('TRUST_PROXY', () => {
  it('by default ignores X-Forwarded-For: a client cannot rename itself past the limit', async () => {
    await withApp({}, async (app) => {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await report(app, '203.0.113.9', `198.51.100.${i + 1}`)).statusCode);
      expect(codes).toEqual([201, 201, 429, 429]);
    });
  });

  it('with a hop count, takes the client address the trusted proxy appended', async () => {
    await withApp({ TRUST_PROXY: '1' }, async (app) => {
      // behind one proxy (127.0.0.1), two citizens are two clients
      expect((await report(app, '127.0.0.1', '198.51.100.1')).statusCode).toBe(201);
      expect((await report(app, '127.0.0.1', '198.51.100.1')).statusCode).toBe(201);
      expect((await report(app, '127.0.0.1', '198.51.100.1')).statusCode).toBe(429);
      expect((await report(app, '127.0.0.1', '198.51.100.2')).statusCode).toBe(201);
      // a forged left-most entry does not help: one hop means only the proxy's own entry counts
      expect((await report(app, '127.0.0.1', '10.9.9.9, 198.51.100.1')).statusCode).toBe(429);
    });
  });

  it('with a CIDR list, honours the header only from those proxies', async () => {
    await withApp({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }, async (app) => {
      expect((await report(app, '10.1.2.3', '198.51.100.7')).statusCode).toBe(201);
      expect((await report(app, '10.1.2.3', '198.51.100.7')).statusCode).toBe(201);
      expect((await report(app, '10.1.2.3', '198.51.100.7')).statusCode).toBe(429);
      // a caller outside the list is judged by its own address, whatever it claims
      expect((await report(app, '203.0.113.50', '198.51.100.8')).statusCode).toBe(201);
      expect((await report(app, '203.0.113.50', '198.51.100.9')).statusCode).toBe(201);
      expect((await report(app, '203.0.113.50', '198.51.100.10')).statusCode).toBe(429);
    });
  });

  it('refuses a TRUST_PROXY it cannot read, and trusts nobody when unset', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '192.168.0.0/16,::1' }).trustProxy).toEqual(['192.168.0.0/16', '::1']);
    for (const bad of ['true', 'everyone', '10.0.0.0/99', '-1', '1.5']) expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(ConfigError);
  });
});
