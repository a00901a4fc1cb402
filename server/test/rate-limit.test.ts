import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDb } from '../src/db/client.js';
import { noSearch, publishTaiyuanFixtures, tempDb } from './helper.js';

// Two API processes behind a load balancer share one database: their rate limits must agree.
const t = tempDb();
let replicas: App[] = [];
beforeAll(async () => {
  await publishTaiyuanFixtures(t.db);
  const config = loadConfig({ DATABASE_URL: t.file, REPORT_RATE_LIMIT: '3' });
  replicas = [
    await buildApp({ config, db: t.db, search: noSearch }),
    await buildApp({ config, db: openDb(t.file), search: noSearch }), // its own connection, like another process
  ];
});
afterAll(async () => {
  for (const app of replicas) await app.close();
  t.cleanup();
});

it('counts a client’s reports across replicas and refuses the one over the limit with 429', async () => {
  const institutionId = (t.db.$client.prepare('SELECT id FROM institutions LIMIT 1').get() as { id: number }).id;
  const post = (app: App, ip: string) =>
    app.inject({ method: 'POST', url: '/api/v1/reports', remoteAddress: ip, payload: { institutionId, kind: 'other', note: '测试' } });
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await post(replicas[i % 2]!, '203.0.113.7')).statusCode);
  expect(codes).toEqual([201, 201, 201, 429]);
  // another client is not affected
  expect((await post(replicas[1]!, '203.0.113.8')).statusCode).toBe(201);
  const stored = (t.db.$client.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
  expect(stored).toBe(4);
});
