import * as crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { noSearch, publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';

// the random source of report references, so a test can force the collision that cost 5 of 17,541
// reports a 500 (UNIQUE constraint failed: reports.reference)
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return { ...real, randomBytes: vi.fn(real.randomBytes) };
});

let t: TempDb;
let app: App;
let institutionId: number;
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
  institutionId = (await t.db.get<{ id: number }>('SELECT id FROM institutions ORDER BY id LIMIT 1'))!.id;
  app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url, REPORT_RATE_LIMIT: '1000' }), db: t.db, search: noSearch });
});
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

const report = () => app.inject({ method: 'POST', url: '/api/v1/reports', payload: { institutionId, kind: 'other', note: '回执测试' } });

it('stores a report whose random reference collides with an earlier one, under a fresh reference', async () => {
  const same = (size: number) => Buffer.alloc(size, 7);
  const randomBytes = vi.mocked(crypto.randomBytes) as unknown as { mockImplementationOnce(f: (n: number) => Buffer): unknown };
  randomBytes.mockImplementationOnce(same);
  const first = await report();
  expect(first.statusCode).toBe(201);
  randomBytes.mockImplementationOnce(same);
  const second = await report();
  expect(second.statusCode).toBe(201);
  expect(second.json().reference).not.toBe(first.json().reference);
  const refs = await t.db.all<{ reference: string }>('SELECT reference FROM reports');
  expect(new Set(refs.map((r) => r.reference)).size).toBe(2);
});

it('gives references with enough randomness that a day of reports does not collide (≥ 40 bits)', async () => {
  const r = await report();
  const reference: string = r.json().reference;
  // JB + yymmdd + the random part, in characters a citizen can read out over the phone
  const m = /^JB(\d{6})([0-9A-HJKMNP-TV-Z]+)$/.exec(reference);
  expect(m, reference).not.toBeNull();
  expect(m![2]!.length * 5).toBeGreaterThanOrEqual(40);
});
