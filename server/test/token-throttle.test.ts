import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Db, openDb } from '../src/db/client.js';
import { TOKEN_FAILURES_ALLOWED } from '../src/plugins/auth.js';
import { issueToken } from '../src/repositories/tokens.js';
import { noSearch, publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';

// Issue 13, finding 9: 2,000 wrong tokens a second were answered 401 for ever. A client that presents too
// many wrong tokens is throttled (429) for the window, on every replica (the count lives in the database).
let t: TempDb;
let second: Db;
let replicas: App[] = [];
let valid: string;
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
  const institutionId = (await t.db.get<{ id: number }>('SELECT id FROM institutions ORDER BY id LIMIT 1'))!.id;
  valid = (await issueToken(t.db, { role: 'institution', institutionId, days: 30, actor: 'test' })).token;
  const config = loadConfig({ DATABASE_URL: t.url });
  second = await openDb(t.url);
  replicas = [await buildApp({ config, db: t.db, search: noSearch }), await buildApp({ config, db: second, search: noSearch })];
});
afterAll(async () => {
  for (const app of replicas) await app.close();
  await second?.close();
  await t?.cleanup();
});

const me = (app: App, ip: string, token: string) =>
  app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: ip, headers: { authorization: `Bearer ${token}` } });

it('answers 429 with Retry-After once a client has tried too many wrong tokens, across replicas, even for a valid token', async () => {
  const attacker = '198.51.100.23';
  const codes: number[] = [];
  for (let i = 0; i < TOKEN_FAILURES_ALLOWED; i++) codes.push((await me(replicas[i % 2]!, attacker, `yjt_guess${i}`)).statusCode);
  expect(new Set(codes)).toEqual(new Set([401]));

  const next = await me(replicas[0]!, attacker, 'yjt_one-more-guess');
  expect(next.statusCode).toBe(429);
  expect(Number(next.headers['retry-after'])).toBeGreaterThan(0);
  expect(next.json<{ message: string }>().message).toContain('分钟后再试');
  // a guess that happens to be right is refused too, so the throttle gives nothing away
  expect((await me(replicas[1]!, attacker, valid)).statusCode).toBe(429);

  // another client with its valid token is not affected
  expect((await me(replicas[1]!, '198.51.100.24', valid)).statusCode).toBe(200);
});

it('a malformed Authorization header counts as a wrong token', async () => {
  const ip = '198.51.100.40';
  for (let i = 0; i < TOKEN_FAILURES_ALLOWED; i++) {
    expect((await replicas[0]!.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: ip, headers: { authorization: `Basic x${i}` } })).statusCode).toBe(401);
  }
  expect((await me(replicas[0]!, ip, valid)).statusCode).toBe(429);
});
