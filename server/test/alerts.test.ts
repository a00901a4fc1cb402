import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertNotificationsResponse, AlertSubscription, AlertSubscriptionsResponse } from '@yaojia/shared';
import { watchOffers } from '../src/repositories/alert-outbox.js';
import { deliverDue, deliveryDeps, type DeliveryDeps } from '../src/alerts/worker.js';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import { publishFile } from '../src/ingest/index.js';
import { deleteExpiredSubscriptions } from '../src/repositories/alerts.js';
import { issueToken } from '../src/repositories/tokens.js';
import { type FakeWeChat, startFakeWeChat, wechatEnv } from './fake-wechat.js';
import { FIXTURES, noSearch, publishTaiyuanFixtures, tempDb } from './helper.js';

/**
 * 降价提醒 / 到货提醒 (issue 16 §3) on a real database (SQLite file; PostgreSQL in the pg project) with a fake
 * WeChat server API on loopback. The "Done when" flow: a citizen subscribes to a price drop, a pharmacy
 * lowers its price through /api/v1/me, the fake WeChat API receives exactly one message and 我的提醒 lists it.
 */
const AMLODIPINE = 'XC08CAA040A001010100001'; // 老百姓大药房（小店区）4.62, 康宁药店（迎泽区）5.20
const CLOPIDOGREL = 'XB01ACL025A001010102233'; // 老百姓大药房: 12.50, out of stock
const XIAODIAN = { lat: 37.822, lng: 112.562 }; // rounded, near 老百姓大药房（太原长风街店）
const DEVICE = 'dev_0123456789abcdefghijklmn';
const OTHER_DEVICE = 'dev_zyxwvutsrqponmlkjihgfedc';

let app: App;
let db: Db;
let dir: string;
let cleanup: () => Promise<void>;
let fake: FakeWeChat;
let deps: DeliveryDeps;
let pharmacyToken: string;
const logLines: string[] = [];

beforeAll(async () => {
  fake = await startFakeWeChat();
  const t = await tempDb();
  ({ db, dir, cleanup } = t);
  await publishTaiyuanFixtures(db);
  const inst = (await db.get<{ id: number }>("SELECT id FROM institutions WHERE code = 'P14010500001'"))!.id;
  pharmacyToken = (await issueToken(db, { role: 'institution', institutionId: inst, days: 90, actor: 'test' })).token;
  const config = loadConfig({ DATABASE_URL: t.url, ...wechatEnv(fake), ALERT_LEASE_SECONDS: '5' });
  deps = deliveryDeps(config);
  app = await buildApp({ config, db, search: noSearch, logger: { level: 'trace', stream: { write: (s: string) => void logLines.push(s) } } });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await cleanup?.();
  await fake?.close();
});
beforeEach(async () => {
  await db.run('DELETE FROM alert_subscriptions');
  fake.messages.length = 0;
  fake.requests.length = 0;
});

const asDevice = (id = DEVICE) => ({ 'x-device-id': id });
const asWeChat = (openid: string) => ({ 'x-wx-code': `code-${openid}` });

async function subscribeAs(headers: Record<string, string>, body: Record<string, unknown>): Promise<AlertSubscription> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/alerts/subscriptions', headers, payload: { region: 'shanxi', ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<AlertSubscription>();
}

async function lowerPrice(code: string, price: string) {
  const res = await app.inject({
    method: 'PATCH',
    url: `/api/v1/me/offers/${code}`,
    headers: { authorization: `Bearer ${pharmacyToken}` },
    payload: { sellingPrice: price },
  });
  expect(res.statusCode, res.body).toBe(200);
}

const inbox = async (headers: Record<string, string>) => {
  const res = await app.inject({ url: '/api/v1/alerts/notifications', headers });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store'); // one subscriber's own data
  return res.json<AlertNotificationsResponse>().items;
};
const outbox = () => db.all<{ status: string; channel: string; idempotencyKey: string; attempts: number }>(
  'SELECT status, channel, idempotency_key AS "idempotencyKey", attempts FROM alert_notifications ORDER BY id',
);

describe('降价提醒: subscribe, a pharmacy lowers its price, one WeChat message, 我的提醒 lists it', () => {
  it('the Done-when flow', async () => {
    // a citizen in the mini-program: below today's lowest price in the district of the position
    const sub = await subscribeAs(asWeChat('openid-citizen'), { kind: 'price_drop', code: AMLODIPINE, ...XIAODIAN });
    expect(sub).toMatchObject({ kind: 'price_drop', kindLabel: '降价提醒', area: '小店区', belowPrice: '4.62', channel: 'wechat' });
    expect(new Date(sub.expiresAt).getTime() - new Date(sub.createdAt).getTime()).toBe(90 * 86_400_000);
    // the same citizen's H5 page, by its device id, with its own line
    await subscribeAs(asDevice(), { kind: 'price_drop', code: AMLODIPINE, district: '小店区', belowPrice: '4.50' });

    // stored: the item, the area, the subscriber, nothing else — never the position
    const cols = db.dialect === 'pg'
      ? await db.column<string>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'alert_subscriptions' ORDER BY column_name`)
      : await db.column<string>(`SELECT name FROM pragma_table_info('alert_subscriptions') ORDER BY name`);
    expect(cols.sort()).toEqual(['city', 'code', 'created_at', 'district', 'expires_at', 'id', 'kind', 'region_id', 'subscriber', 'subscriber_kind', 'substitute', 'threshold_fen'].sort());
    const rows = await db.all<Record<string, unknown>>('SELECT * FROM alert_subscriptions ORDER BY id');
    expect(rows.map((r) => [r.subscriber_kind, r.subscriber, r.city, r.district])).toEqual([
      ['wechat', 'openid-citizen', '太原市', '小店区'],
      ['device', expect.stringMatching(/^[0-9a-f]{64}$/), null, '小店区'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(DEVICE);
    expect(JSON.stringify(rows)).not.toMatch(/37\.82|112\.56/);
    expect(logLines.join('\n')).not.toMatch(/37\.82|112\.56/);

    // nothing yet
    expect((await deliverDue(db, deps)).sent).toBe(0);
    expect(fake.messages).toEqual([]);

    // the pharmacy lowers its price through /api/v1/me: the outbox gets both notifications in that transaction
    await lowerPrice(AMLODIPINE, '4.20');
    expect((await outbox()).map((r) => [r.channel, r.status])).toEqual([['wechat', 'pending'], ['inbox', 'pending']]);
    expect(await inbox(asDevice())).toEqual([]); // not delivered yet

    expect(await deliverDue(db, deps)).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(fake.messages).toHaveLength(1);
    const [m] = fake.messages;
    expect(m).toMatchObject({ touser: 'openid-citizen', template_id: 'tmpl-price-drop', idempotencyKey: expect.stringMatching(/^alert-\d+-\d{4}-\d{2}-\d{2}$/) });
    expect(m!.data.thing1!.value).toContain('苯磺酸氨氯地平片');
    expect(m!.data.amount3!.value).toBe('¥4.20');
    expect(m!.data.thing2!.value).toContain('老百姓大药房');

    const h5 = await inbox(asDevice());
    expect(h5).toHaveLength(1);
    expect(h5[0]).toMatchObject({ kind: 'price_drop', code: AMLODIPINE, price: '4.20', title: '苯磺酸氨氯地平片 5mg 降价了' });
    expect(h5[0]!.text).toContain('小店区的老百姓大药房（太原长风街店）现价 ¥4.20');
    // the mini-program's 我的提醒 asks with a fresh login code: the same message
    expect((await inbox(asWeChat('openid-citizen'))).map((n) => n.price)).toEqual(['4.20']);
    expect(await inbox(asDevice(OTHER_DEVICE))).toEqual([]);

    // another drop the same day: at most one notification a subscription a day
    await lowerPrice(AMLODIPINE, '4.00');
    expect((await deliverDue(db, deps)).sent).toBe(0);
    expect(fake.messages).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
    expect(await inbox(asDevice())).toHaveLength(1);
  });

  it('the day after, a further drop notifies again; a price that stays low does not', async () => {
    await subscribeAs(asWeChat('openid-b'), { kind: 'price_drop', code: AMLODIPINE, district: '迎泽区', belowPrice: '5.00' });
    const tomorrow = new Date(Date.now() + 86_400_000);
    const change = async (fen: number, at: Date) =>
      db.transaction(async (tx) => {
        const w = await watchOffers(tx, {}, at);
        await tx.run(`UPDATE offers SET selling_price_fen = ? WHERE product_id = (SELECT id FROM products WHERE code = ?) AND institution_id = (SELECT id FROM institutions WHERE code = 'P14010600002')`, [fen, AMLODIPINE]);
        return w.finish();
      });
    expect(await change(480, new Date())).toBe(1);
    expect(await change(470, tomorrow)).toBe(0); // already below the line: not "falls below"
    expect(await change(520, tomorrow)).toBe(0);
    expect(await change(490, tomorrow)).toBe(1);
  });

  it('a change that rolls back leaves no notification', async () => {
    await subscribeAs(asDevice(), { kind: 'price_drop', code: AMLODIPINE, belowPrice: '9.00' });
    await db
      .transaction(async (tx) => {
        const w = await watchOffers(tx);
        await tx.run(`UPDATE offers SET selling_price_fen = 100 WHERE product_id = (SELECT id FROM products WHERE code = ?)`, [AMLODIPINE]);
        expect(await w.finish()).toBe(1);
        throw new Error('publish failed');
      })
      .catch(() => {});
    expect(await outbox()).toEqual([]);
  });
});

describe('到货提醒 after a publish', () => {
  it('a prices file that reports stock again notifies, in the publish transaction', async () => {
    await subscribeAs(asDevice(), { kind: 'restock', code: CLOPIDOGREL, ...XIAODIAN });
    await subscribeAs(asDevice(OTHER_DEVICE), { kind: 'restock', code: CLOPIDOGREL, district: '杏花岭区' }); // nobody there restocks
    const file = join(dir, 'prices-restock.csv');
    copyFileSync(join(FIXTURES, 'prices-good.csv'), file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('P14010500001,XB01ACL025A001010102233,￥12.5,12.50,0,');
    writeFileSync(file, text.replace('P14010500001,XB01ACL025A001010102233,￥12.5,12.50,0,', 'P14010500001,XB01ACL025A001010102233,￥12.5,12.50,40,'));
    const r = await publishFile(db, { kind: 'prices', region: 'shanxi', file, publisher: 'test' });
    expect(r.status).toBe('published');
    expect(await deliverDue(db, deps)).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [n] = await inbox(asDevice());
    expect(n).toMatchObject({ kind: 'restock', title: '硫酸氢氯吡格雷片 75mg 有货了', price: '12.50' });
    expect(await inbox(asDevice(OTHER_DEVICE))).toEqual([]);
  });
});

describe('delivery', () => {
  it('retries a failed send with the same idempotency key, refreshes an expired token, caches it otherwise', async () => {
    await lowerPrice(AMLODIPINE, '6.00'); // above the line before subscribing: the drop below is an edge
    await subscribeAs(asWeChat('openid-r'), { kind: 'price_drop', code: AMLODIPINE, belowPrice: '5.00' });
    await lowerPrice(AMLODIPINE, '3.90');
    fake.failNext(1, -1); // 系统繁忙
    const t0 = Date.now();
    expect(await deliverDue(db, deps)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect((await outbox())[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await deliverDue(db, deps)).toEqual({ sent: 0, retried: 0, failed: 0 }); // waits for its pause
    fake.expireToken();
    const tokens = fake.tokenRequests;
    const later = { ...deps, now: () => new Date(t0 + 5 * 60_000) };
    expect(await deliverDue(db, later)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(fake.tokenRequests).toBe(tokens + 1);
    // the failed attempt and the one after the token refresh (the fake refuses a stale token before reading the message)
    expect(fake.requests.map((r) => r.idempotencyKey)).toEqual([fake.requests[0]!.idempotencyKey, fake.requests[0]!.idempotencyKey]);
    expect(fake.messages).toHaveLength(1);
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives up at once when the user has no subscription left (43101)', async () => {
    await lowerPrice(AMLODIPINE, '6.00'); // above the line before subscribing: the drop below is an edge
    await subscribeAs(asWeChat('openid-q'), { kind: 'price_drop', code: AMLODIPINE, belowPrice: '5.00' });
    await lowerPrice(AMLODIPINE, '3.80');
    fake.failNext(1, 43101);
    expect(await deliverDue(db, deps)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect((await outbox())[0]).toMatchObject({ status: 'failed' });
  });
});

describe('subscriptions', () => {
  it('lists, unsubscribes (deleting it and its notifications), and only the owner can', async () => {
    await lowerPrice(AMLODIPINE, '6.00');
    const sub = await subscribeAs(asDevice(), { kind: 'price_drop', code: AMLODIPINE, belowPrice: '5.00' });
    await lowerPrice(AMLODIPINE, '3.70');
    await deliverDue(db, deps);
    const list = (await app.inject({ url: '/api/v1/alerts/subscriptions', headers: asDevice() })).json<AlertSubscriptionsResponse>();
    expect(list.items.map((s) => [s.id, s.area, s.product])).toEqual([[sub.id, '山西省', '苯磺酸氨氯地平片 5mg']]);
    const other = await app.inject({ method: 'DELETE', url: `/api/v1/alerts/subscriptions/${sub.id}`, headers: asDevice(OTHER_DEVICE) });
    expect(other.statusCode).toBe(404);
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/alerts/subscriptions/${sub.id}`, headers: asDevice() });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ deleted: sub.id });
    expect(await db.get('SELECT id FROM alert_subscriptions')).toBeUndefined();
    expect(await db.get('SELECT id FROM alert_notifications')).toBeUndefined();
  });

  it('expire after 90 days', async () => {
    await subscribeAs(asDevice(), { kind: 'restock', code: AMLODIPINE });
    expect(await deleteExpiredSubscriptions(db, new Date(Date.now() + 89 * 86_400_000))).toBe(0);
    expect(await deleteExpiredSubscriptions(db, new Date(Date.now() + 91 * 86_400_000))).toBe(1);
  });

  it('refuses what it cannot serve, in plain words', async () => {
    const post = (headers: Record<string, string>, payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/v1/alerts/subscriptions', headers, payload: { region: 'shanxi', ...payload } });
    expect((await post({}, { kind: 'restock', code: AMLODIPINE })).statusCode).toBe(400);
    expect((await post({ 'x-wx-code': 'bad' }, { kind: 'restock', code: AMLODIPINE })).json().message).toBe('微信登录已失效，请重试');
    expect((await post(asDevice(), { kind: 'restock', code: 'NOPE' })).statusCode).toBe(404);
    expect((await post(asDevice(), { kind: 'restock', code: AMLODIPINE, district: '不存在区' })).statusCode).toBe(400);
    expect((await post({ 'x-device-id': 'short' }, { kind: 'restock', code: AMLODIPINE })).statusCode).toBe(400);
  });
});

describe('同成分同规格可换厂家: a subscription that follows the 通用名 + 规格, any maker', () => {
  // another maker's 苯磺酸氨氯地平片 5mg, in boxes of 14 (the subscribed product's box holds 28), sold at
  // 老百姓大药房（小店区）for ¥3.00 a box of 14 = ¥6.00 for 28 tablets: above the exact product's ¥4.62
  const OTHER_MAKER = 'XC08CAA040A001010109999';
  const setOther = (fen: number, stock: string, at = new Date()) =>
    db.transaction(async (tx) => {
      const w = await watchOffers(tx, {}, at);
      await tx.run(`UPDATE offers SET selling_price_fen = ?, stock_state = ? WHERE product_id = (SELECT id FROM products WHERE code = ?)`, [fen, stock, OTHER_MAKER]);
      return w.finish();
    });
  beforeAll(async () => {
    await db.run(
      `INSERT INTO products (region_id, code, generic_name, product_name, dosage_form, spec, conversion_ratio, min_unit, pack_unit, packaging, maker, bidder,
         winning_price_fen, approval_no, brand_name, recommended, special, therapeutic_area, listed_at, removed_at, version_id)
       SELECT region_id, ?, generic_name, product_name, dosage_form, spec, 14, min_unit, pack_unit, packaging, '华润赛科药业有限责任公司', bidder,
         winning_price_fen, approval_no, brand_name, recommended, special, therapeutic_area, listed_at, removed_at, version_id FROM products WHERE code = ?`,
      [OTHER_MAKER, AMLODIPINE],
    );
    await db.run(
      `INSERT INTO offers (institution_id, product_id, selling_price_fen, online_price_fen, stock_state, stock_count, observed_at, recorded_at, source, version_id)
       SELECT o.institution_id, (SELECT id FROM products WHERE code = ?), 300, NULL, 'in_stock', NULL, o.observed_at, o.recorded_at, o.source, o.version_id
       FROM offers o JOIN institutions i ON i.id = o.institution_id
       WHERE i.code = 'P14010500001' AND o.product_id = (SELECT id FROM products WHERE code = ?)`,
      [OTHER_MAKER, AMLODIPINE],
    );
  });

  it('降价: another maker falling below today\'s lowest (per 28 tablets) notifies the group subscription only', async () => {
    await lowerPrice(AMLODIPINE, '4.62'); // the tests above moved it
    const group = await subscribeAs(asDevice(), { kind: 'price_drop', code: AMLODIPINE, district: '小店区', substitute: true });
    const exact = await subscribeAs(asDevice(OTHER_DEVICE), { kind: 'price_drop', code: AMLODIPINE, district: '小店区' });
    // today's lowest over the group, counted per box of 28: ¥4.62 (the other maker's ¥3.00/14 = ¥6.00/28)
    expect([group.belowPrice, group.substitute, exact.belowPrice, exact.substitute]).toEqual(['4.62', true, '4.62', false]);
    // district, not coordinates; the flag is all that is added
    expect(await db.all('SELECT code, substitute, district FROM alert_subscriptions ORDER BY id')).toEqual([
      { code: AMLODIPINE, substitute: 1, district: '小店区' },
      { code: AMLODIPINE, substitute: 0, district: '小店区' },
    ]);

    expect(await setOther(240, 'in_stock')).toBe(0); // ¥4.80 for 28: not below ¥4.62
    expect(await setOther(200, 'in_stock')).toBe(1); // ¥4.00 for 28
    expect(await setOther(150, 'in_stock')).toBe(0); // the same day: at most one a subscription
    expect(await deliverDue(db, deps)).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [n] = await inbox(asDevice());
    expect(n).toMatchObject({ kind: 'price_drop', code: AMLODIPINE, price: '2.00', title: '苯磺酸氨氯地平片 5mg 降价了', institution: { name: expect.stringContaining('老百姓大药房') } });
    expect((await outbox())[0]!.idempotencyKey).toBe(`alert-${group.id}-${n!.day}`);
    expect(await inbox(asDevice(OTHER_DEVICE))).toEqual([]);
    await setOther(300, 'in_stock');
  });

  it('到货: another maker back in stock in the district notifies; outside the district it does not', async () => {
    await setOther(300, 'out_of_stock');
    await subscribeAs(asDevice(), { kind: 'restock', code: AMLODIPINE, district: '小店区', substitute: true });
    await subscribeAs(asDevice(OTHER_DEVICE), { kind: 'restock', code: AMLODIPINE, district: '迎泽区', substitute: true });
    const exact = await subscribeAs(asWeChat('openid-x'), { kind: 'restock', code: AMLODIPINE, district: '小店区' });
    expect(exact.substitute).toBe(false);
    expect(await setOther(300, 'in_stock')).toBe(1);
    expect(await deliverDue(db, deps)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect((await inbox(asDevice()))[0]).toMatchObject({ kind: 'restock', title: '苯磺酸氨氯地平片 5mg 有货了', price: '3.00' });
    expect(await inbox(asDevice(OTHER_DEVICE))).toEqual([]);
    expect(fake.messages).toEqual([]);
  });

  it('a change that rolls back leaves no notification', async () => {
    await subscribeAs(asDevice(), { kind: 'price_drop', code: AMLODIPINE, district: '小店区', substitute: true, belowPrice: '5.00' });
    await db
      .transaction(async (tx) => {
        const w = await watchOffers(tx);
        await tx.run(`UPDATE offers SET selling_price_fen = 100 WHERE product_id = (SELECT id FROM products WHERE code = ?)`, [OTHER_MAKER]);
        expect(await w.finish()).toBe(1);
        throw new Error('publish failed');
      })
      .catch(() => {});
    expect(await outbox()).toEqual([]);
  });
});
