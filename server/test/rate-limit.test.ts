import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Db, openDb } from '../src/db/client.js';
import { noSearch, publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';

// Two API processes behind a load balancer share one database: their rate limits must agree.
let t: TempDb;
let second: Db;
let replicas: App[] = [];
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
  const config = loadConfig({ DATABASE_URL: t.url, REPORT_RATE_LIMIT: '3' });
  second = await openDb(t.url); // its own connection (pool), like another process
  replicas = [await buildApp({ config, db: t.db, search: noSearch }), await buildApp({ config, db: second, search: noSearch })];
});
afterAll(async () => {
  for (const app of replicas) await app.close();
  await second?.close();
  await t?.cleanup();
});

it('counts a client’s reports across replicas and refuses the one over the limit with 429', async () => {
  const institutionId = (await t.db.get<{ id: number }>('SELECT id FROM institutions ORDER BY id LIMIT 1'))!.id;
  const post = (app: App, ip: string) =>
    app.inject({ method: 'POST', url: '/api/v1/reports', remoteAddress: ip, payload: { institutionId, kind: 'other', note: '测试' } });
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await post(replicas[i % 2]!, '203.0.113.7')).statusCode);
  expect(codes).toEqual([201, 201, 201, 429]);
  // another client is not affected
  expect((await post(replicas[1]!, '203.0.113.8')).statusCode).toBe(201);
  const stored = (await t.db.get<{ n: number }>('SELECT count(*) AS n FROM reports'))!.n;
  expect(stored).toBe(4);
});

it('a client at its limit is refused from memory: a flood of refused reports writes nothing, and the other replica still refuses it', async () => {
  const institutionId = (await t.db.get<{ id: number }>('SELECT id FROM institutions ORDER BY id LIMIT 1'))!.id;
  const post = (app: App) =>
    app.inject({ method: 'POST', url: '/api/v1/reports', remoteAddress: '203.0.113.9', payload: { institutionId, kind: 'other', note: '洪水' } });
  const counted = async () =>
    Number((await t.db.get<{ n: number }>("SELECT count AS n FROM rate_limits WHERE key LIKE '%203.0.113.9%'"))!.n);
  for (let i = 0; i < 3; i++) expect((await post(replicas[0]!)).statusCode).toBe(201);
  expect((await post(replicas[0]!)).statusCode).toBe(429); // the one over the limit is counted: now known in memory
  const atLimit = await counted();
  for (let i = 0; i < 50; i++) expect((await post(replicas[0]!)).statusCode).toBe(429);
  expect(await counted()).toBe(atLimit);
  // the other process has not seen this client over the limit: it asks the database, which refuses too
  expect((await post(replicas[1]!)).statusCode).toBe(429);
  expect(Number((await t.db.get<{ n: number }>("SELECT count(*) AS n FROM reports WHERE note = '洪水'"))!.n)).toBe(3);
});
