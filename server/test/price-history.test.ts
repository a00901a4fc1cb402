import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { issueToken } from '../src/repositories/tokens.js';
import { noSearch, publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';

// Finding 7: the same price sent 60 times added 60 history rows, and the history endpoint returned them all.
const CODE = 'XC08CAA040A001010100001';
let t: TempDb;
let app: App;
let institutionId: number;
let token: string;
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
  institutionId = (await t.db.get<{ id: number }>("SELECT id FROM institutions WHERE code = 'P14010500001'"))!.id;
  token = (await issueToken(t.db, { role: 'institution', institutionId, days: 30, actor: 'test' })).token;
  app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url }), db: t.db, search: noSearch });
});
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

const rows = async () =>
  (await t.db.get<{ n: number }>(
    'SELECT count(*) AS n FROM price_history h JOIN products p ON p.id = h.product_id WHERE h.institution_id = ? AND p.code = ?',
    [institutionId, CODE],
  ))!.n;
// the edit and upload limits per minute are not under test here: each call starts a fresh window
const fresh = () => t.db.run('DELETE FROM rate_limits');
const patch = async (sellingPrice: string) =>
  (await fresh(), app).inject({ method: 'PATCH', url: `/api/v1/me/offers/${CODE}`, headers: { authorization: `Bearer ${token}` }, payload: { sellingPrice } });
const upload = async (price: string) =>
  (await fresh(), app).inject({ method: 'POST', url: '/api/v1/me/offers/upload', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload: `药品统一编码,销售价\n${CODE},${price}\n` });

it('records a price change once, however often the same price is sent again', async () => {
  const start = await rows();
  expect((await patch('4.50')).statusCode).toBe(200);
  expect(await rows()).toBe(start + 1);
  for (let i = 0; i < 60; i++) expect((await patch('4.50')).statusCode).toBe(200);
  for (let i = 0; i < 5; i++) expect((await upload('4.50')).statusCode).toBe(200);
  expect(await rows()).toBe(start + 1);
  expect((await upload('4.40')).statusCode).toBe(200);
  expect(await rows()).toBe(start + 2);
  // the offer itself still shows the price was confirmed just now
  const offer = await t.db.get<{ fen: number }>('SELECT o.selling_price_fen AS fen FROM offers o JOIN products p ON p.id = o.product_id WHERE o.institution_id = ? AND p.code = ?', [institutionId, CODE]);
  expect(offer!.fen).toBe(440);
});

it('pages the history endpoint: newest page first, each page oldest to newest, with the total', async () => {
  for (let i = 0; i < 30; i++) expect((await patch(`5.${String(i).padStart(2, '0')}`)).statusCode).toBe(200);
  const total = await rows();
  const url = (q: string) => `/api/v1/institutions/${institutionId}/history?code=${CODE}${q}`;
  const first = await app.inject(url('&limit=10'));
  expect(first.statusCode).toBe(200);
  const p1 = first.json();
  expect(p1.total).toBe(total);
  expect(p1.items).toHaveLength(10);
  expect(p1.items.at(-1).sellingPrice).toBe('5.29'); // the latest price ends the first page
  expect(p1.items[0].sellingPrice).toBe('5.20');
  const p2 = (await app.inject(url('&limit=10&offset=10'))).json();
  expect(p2.items.map((i: { sellingPrice: string }) => i.sellingPrice)).toEqual(Array.from({ length: 10 }, (_, i) => `5.${String(10 + i).padStart(2, '0')}`));
  // the default page is bounded, and a huge page is refused
  expect((await app.inject(url(''))).json().items.length).toBeLessThanOrEqual(100);
  expect((await app.inject(url('&limit=100000'))).statusCode).toBe(400);
});
