import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceResponse, InstitutionDetail, MeResponse, MyOfferUpdated, OffersResponse, UploadRejected, UploadResult } from '@yaojia/shared';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import { ensureRegions } from '../src/repositories/regions.js';
import { issueToken, listTokens, revokeToken } from '../src/repositories/tokens.js';
import { noSearch, tempDb } from './helper.js';

/**
 * The pharmacy's own view, end to end on a real database (a SQLite file, or PostgreSQL in the pg project): sign in with a bureau-issued token, read the
 * checklist, fix a price, and see the citizen view change. Not about search: the app gets helper's noSearch.
 */
const A_CODE = 'P36010000001';
const B_CODE = 'P36010000002';
const product = (i: number) => `XJX${String(i).padStart(5, '0')}`;
const RECENT = new Date(Date.now() - 2 * 86_400_000).toISOString();

/** 江西: 55 products (distinct 通用名, 中选价 10.00, the first 40 recommended, one 特药-free); A offers 50 of them, B offers 3. */
async function seed(db: Db): Promise<{ a: number; b: number }> {
  await ensureRegions(db);
  const region = (await db.get<{ id: number }>("SELECT id FROM regions WHERE slug = 'jiangxi'"))!.id;
  const now = new Date().toISOString();
  for (let i = 1; i <= 55; i++) {
    await db.run(
      `INSERT INTO products (region_id, code, generic_name, product_name, dosage_form, spec, conversion_ratio, min_unit, pack_unit, maker,
         winning_price_fen, recommended, special, listed_at) VALUES (?, ?, ?, ?, '片剂', '10mg', 28, '片', '盒', '某中选药业', 1000, ?, 0, ?)`,
      [region, product(i), `试验药${i}片`, `试验药${i}片`, i <= 40 ? 1 : 0, now],
    );
  }
  const insI = async (code: string, name: string, type: string, address: string) =>
    (await db.get<{ id: number }>(
      `INSERT INTO institutions (region_id, code, name, type, address, city, lat, lng, commitment, listed_at)
       VALUES (?, ?, ?, ?, ?, '南昌市', 28.68, 115.86, 'at_winning_price', ?) RETURNING id`,
      [region, code, name, type, address, now],
    ))!.id;
  const a = await insI(A_CODE, '百姓大药房（八一店）', 'retail_chain', '江西省南昌市东湖区八一大道1号');
  const b = await insI(B_CODE, '仁和药店', 'retail_single', '江西省南昌市西湖区中山路2号');
  await db.run("INSERT INTO badges (institution_id, kind, granted_at) VALUES (?, 'jicai_pharmacy', ?)", [a, now]);
  const pid = async (code: string) => (await db.get<{ id: number }>('SELECT id FROM products WHERE code = ?', [code]))!.id;
  const insO = (inst: number, p: number, fen: number) =>
    db.run(
      `INSERT INTO offers (institution_id, product_id, selling_price_fen, online_price_fen, stock_state, observed_at, recorded_at, source)
       VALUES (?, ?, ?, ?, 'in_stock', ?, ?, 'bureau')`,
      [inst, p, fen, null, RECENT, RECENT],
    );
  for (let i = 1; i <= 50; i++) {
    // product 1 is sold above the 中选价 (no markup commitment): the one failure in A's checklist
    await insO(a, await pid(product(i)), i === 1 ? 1200 : 1000);
  }
  for (const i of [1, 2, 51]) await insO(b, await pid(product(i)), 1000);
  return { a, b };
}

let app: App;
let db: Db;
let cleanup: () => Promise<void>;
let ids: { a: number; b: number };
let tokenA: string;
let tokenB: string;
const logLines: string[] = [];

beforeAll(async () => {
  const t = await tempDb();
  db = t.db;
  cleanup = t.cleanup;
  ids = await seed(db);
  tokenA = (await issueToken(db, { role: 'institution', institutionId: ids.a, days: 90, actor: 'test' })).token;
  tokenB = (await issueToken(db, { role: 'institution', institutionId: ids.b, days: 90, actor: 'test' })).token;
  app = await buildApp({
    config: loadConfig({ DATABASE_URL: t.url }),
    db,
    search: noSearch,
    logger: { level: 'trace', stream: { write: (s: string) => void logLines.push(s) } },
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await cleanup?.();
});

async function call<T>(method: 'GET' | 'PATCH' | 'POST', url: string, token: string | null, body?: unknown, contentType?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (contentType) headers['content-type'] = contentType;
  const res = await app.inject({ method, url, headers, ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }) });
  return { status: res.statusCode, body: res.json() as T, headers: res.headers };
}
const offerOf = (detail: InstitutionDetail, code: string) => detail.offers.find((o) => o.product.code === code);
const historyCount = async (inst: number) => (await db.get<{ n: number }>('SELECT count(*) AS n FROM price_history WHERE institution_id = ?', [inst]))!.n;

describe('a pharmacy signs in, checks itself, fixes a price, and citizens see the change', () => {
  it('GET /me is the token’s institution', async () => {
    const { status, body } = await call<MeResponse>('GET', '/api/v1/me', tokenA);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: ids.a, code: A_CODE, region: 'jiangxi', type: 'retail_chain', commitment: 'at_winning_price' });
    expect(body.badges.map((b) => b.kind)).toEqual(['jicai_pharmacy']);
    expect(body.rules.join()).toContain('线上价格应与线下价格一致');
  });

  it('GET /me/listing is exactly what citizens see for the institution', async () => {
    const mine = await call<InstitutionDetail>('GET', '/api/v1/me/listing', tokenA);
    const citizen = await call<InstitutionDetail>('GET', `/api/v1/institutions/${ids.a}`, null);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual(citizen.body);
    expect(offerOf(mine.body, product(1))!.markup).toMatchObject({ status: 'above_rule', cap: '10.00', rule: { id: 'retail_at_most_winning' } });
    expect(offerOf(mine.body, product(2))!.markup.status).toBe('equal');
  });

  it('GET /me/compliance fails the price item (listing the offer) and the badge, passes the rest', async () => {
    const { status, body } = await call<ComplianceResponse>('GET', '/api/v1/me/compliance', tokenA);
    expect(status).toBe(200);
    expect(body.passed).toBe(false);
    const byId = Object.fromEntries(body.items.map((i) => [i.id, i]));
    expect(Object.keys(byId)).toEqual(['varieties', 'recommended_share', 'price_cap', 'online_offline', 'stale_prices', 'zone_winning_makers', 'badge']);
    expect(byId.varieties!.passed).toBe(true);
    expect(byId.recommended_share!.passed).toBe(true); // 40 of 50 = 80 % ≥ 60 %
    expect(byId.price_cap).toMatchObject({ passed: false, offers: [{ code: product(1), sellingPrice: '12.00', cap: '10.00' }] });
    expect(byId.price_cap!.action).toBeTruthy();
    expect(byId.badge!.passed).toBe(false);
    expect(byId.badge!.quote).toContain('摘除标识牌');
  });

  it('PATCH /me/offers/:code fixes the price in one transaction, appends the history, and the checklist passes', async () => {
    const before = await historyCount(ids.a);
    const { status, body } = await call<MyOfferUpdated>('PATCH', `/api/v1/me/offers/${product(1)}`, tokenA, { sellingPrice: '10', onlinePrice: '10.00', stockCount: 120 });
    expect(status).toBe(200);
    expect(body.priceRecorded).toBe(true);
    expect(body.offer).toMatchObject({ sellingPrice: '10.00', onlinePrice: '10.00', stock: 'in_stock', markup: { status: 'equal' } });
    expect(await historyCount(ids.a)).toBe(before + 1);
    const h = await db.get('SELECT recorded_by AS "by", source, selling_price_fen AS fen FROM price_history WHERE institution_id = ? ORDER BY id DESC', [ids.a]);
    expect(h).toEqual({ by: `institution:${A_CODE}`, source: 'pharmacy', fen: 1000 });

    const c = await call<ComplianceResponse>('GET', '/api/v1/me/compliance', tokenA);
    expect(c.body.passed).toBe(true);
  });

  it('the citizen views show the new price: the institution page and the offers list', async () => {
    const detail = await call<InstitutionDetail>('GET', `/api/v1/institutions/${ids.a}`, null);
    expect(offerOf(detail.body, product(1))).toMatchObject({ sellingPrice: '10.00', markup: { status: 'equal' } });
    const offers = await call<OffersResponse>('GET', `/api/v1/offers?code=${product(1)}&region=jiangxi`, null);
    expect(offers.status).toBe(200);
    const a = offers.body.items.find((o) => o.institution.id === ids.a)!;
    expect(a).toMatchObject({ sellingPrice: '10.00', markup: { status: 'equal' } });
    const history = await call<{ items: { sellingPrice: string }[] }>('GET', `/api/v1/institutions/${ids.a}/history?code=${product(1)}`, null);
    expect(history.body.items.at(-1)!.sellingPrice).toBe('10.00');
  });

  it('online ≠ offline in 江西 is flagged, and a stock-only edit records no price', async () => {
    const before = await historyCount(ids.a);
    await call('PATCH', `/api/v1/me/offers/${product(3)}`, tokenA, { onlinePrice: '9.50' });
    const stock = await call<MyOfferUpdated>('PATCH', `/api/v1/me/offers/${product(4)}`, tokenA, { stockState: 'out_of_stock' });
    expect(stock.body).toMatchObject({ priceRecorded: false, offer: { stock: 'out_of_stock', inStock: false } });
    expect(await historyCount(ids.a)).toBe(before + 1);
    const c = await call<ComplianceResponse>('GET', '/api/v1/me/compliance', tokenA);
    const online = c.body.items.find((i) => i.id === 'online_offline')!;
    expect(online).toMatchObject({ passed: false, offers: [{ code: product(3), onlinePrice: '9.50', sellingPrice: '10.00' }] });
    await call('PATCH', `/api/v1/me/offers/${product(3)}`, tokenA, { onlinePrice: null });
  });

  it('rejects invalid edits with 400 and unknown products with 404', async () => {
    expect((await call('PATCH', `/api/v1/me/offers/${product(2)}`, tokenA, { sellingPrice: '0' })).status).toBe(400);
    expect((await call('PATCH', `/api/v1/me/offers/${product(2)}`, tokenA, { sellingPrice: 'abc' })).status).toBe(400);
    expect((await call('PATCH', `/api/v1/me/offers/${product(2)}`, tokenA, {})).status).toBe(400);
    expect((await call('PATCH', `/api/v1/me/offers/${product(2)}`, tokenA, { institutionId: ids.b, sellingPrice: '9' })).status).toBe(400);
    expect((await call('PATCH', `/api/v1/me/offers/${product(2)}`, tokenA, { stockState: 'in_stock', stockCount: 0 })).status).toBe(400);
    expect((await call('PATCH', '/api/v1/me/offers/XNOPE', tokenA, { sellingPrice: '9' })).status).toBe(404);
  });
});

describe('CSV upload: the prices file without 机构医保编码, all or nothing', () => {
  it('applies a valid file: changes one offer, adds a new product, keeps every row in the history', async () => {
    const before = await historyCount(ids.a);
    const csv = ['江西省 药店集采药品价格上报表', '药品统一编码,销售价,网售价,库存', `${product(5)},9.80,9.80,100`, `${product(52)},10.00,,有货`, ''].join('\n');
    const { status, body } = await call<UploadResult>('POST', '/api/v1/me/offers/upload', tokenA, csv, 'text/csv');
    expect(status).toBe(200);
    expect(body).toMatchObject({ rows: 2, added: 1, changed: 1, unchanged: 0 });
    expect(await historyCount(ids.a)).toBe(before + 2);
    const detail = await call<InstitutionDetail>('GET', `/api/v1/institutions/${ids.a}`, null);
    expect(offerOf(detail.body, product(5))).toMatchObject({ sellingPrice: '9.80', markup: { status: 'below' } });
    expect(offerOf(detail.body, product(52))).toMatchObject({ sellingPrice: '10.00', stock: 'in_stock' });
  });

  it('rejects a file with any bad row, naming row and column, and changes nothing', async () => {
    const before = await historyCount(ids.a);
    const csv = ['药品统一编码,销售价', `${product(6)},8.00`, `${product(7)},abc`, 'XNOTINCATALOG,5.00'].join('\n');
    const { status, body } = await call<UploadRejected>('POST', '/api/v1/me/offers/upload', tokenA, csv, 'text/csv');
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({ row: 3, column: '销售价', columnLetter: 'B', value: 'abc' }),
      expect.objectContaining({ row: 4, column: '药品统一编码', columnLetter: 'A', value: 'XNOTINCATALOG' }),
    ]);
    expect(await historyCount(ids.a)).toBe(before);
    const detail = await call<InstitutionDetail>('GET', `/api/v1/institutions/${ids.a}`, null);
    expect(offerOf(detail.body, product(6))!.sellingPrice).toBe('10.00');
  });

  it('rejects a file without the needed columns', async () => {
    const { status, body } = await call<UploadRejected>('POST', '/api/v1/me/offers/upload', tokenA, '名称,价格\n某药,1.00', 'text/csv');
    expect(status).toBe(400);
    expect(body.message).toContain('药品统一编码');
  });
});

describe('hostile or clumsy uploads get a clear 4xx, never a 500 (issue 13, finding 4)', () => {
  const post = async (payload: string | Buffer | undefined, contentType?: string) => {
    // a fresh token per request: the upload limit (6 a minute) is not what these tests are about
    const t = (await issueToken(db, { role: 'institution', institutionId: ids.b, days: 1, actor: 'test' })).token;
    const headers: Record<string, string> = { authorization: `Bearer ${t}` };
    if (contentType) headers['content-type'] = contentType;
    const res = await app.inject({ method: 'POST', url: '/api/v1/me/offers/upload', headers, ...(payload === undefined ? {} : { payload }) });
    return { status: res.statusCode, body: res.json() as UploadRejected };
  };

  it('an empty body, with or without a content type, is 400 asking for a CSV file', async () => {
    for (const r of [await post('', 'text/csv'), await post(undefined), await post(undefined, 'text/csv')]) {
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([]);
      expect(r.body.message).toContain('CSV');
    }
  });

  it('a JSON body is 415 (only CSV is taken), an empty JSON body too', async () => {
    for (const r of [await post(JSON.stringify({ rows: [{ code: product(8), price: '1.00' }] }), 'application/json'), await post('', 'application/json')]) {
      expect(r.status).toBe(415);
      expect(r.body.message).toBeTruthy();
    }
  });

  it('a 2 M-character body is 400 (too long), a larger one 413', async () => {
    const long = await post(`药品统一编码,销售价\n${'X'.repeat(2_000_000)}`, 'text/csv');
    expect(long.status).toBe(400);
    expect(long.body.message).toContain('文件过大');
    const huge = await post('药'.repeat(1_000_000), 'text/csv'); // 3 MB of UTF-8
    expect(huge.status).toBe(413);
  });

  it('a GBK CSV saved by zh-CN Excel is read like a bureau file', async () => {
    const csv = ['药店价格上报（Excel 另存为 CSV）', '药品统一编码,销售价,库存', `${product(51)},9.50,有货`, ''].join('\r\n');
    const t = (await issueToken(db, { role: 'institution', institutionId: ids.b, days: 1, actor: 'test' })).token;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/me/offers/upload',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'text/csv' },
      payload: iconv.encode(csv, 'gbk'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: 1, changed: 1 });
    const detail = await call<InstitutionDetail>('GET', `/api/v1/institutions/${ids.b}`, null);
    expect(offerOf(detail.body, product(51))!.sellingPrice).toBe('9.50');
  });
});

describe('writes are rate-limited per token', () => {
  it('the 7th upload within a minute is 429', async () => {
    const t = (await issueToken(db, { role: 'institution', institutionId: ids.b, days: 1, actor: 'test' })).token;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call('POST', '/api/v1/me/offers/upload', t, '名称,价格', 'text/csv')).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 429]);
  });
});

describe('one institution’s token cannot read or change another’s data', () => {
  it('B’s token reads only B', async () => {
    const me = await call<MeResponse>('GET', '/api/v1/me', tokenB);
    expect(me.body.id).toBe(ids.b);
    const listing = await call<InstitutionDetail>('GET', '/api/v1/me/listing', tokenB);
    expect(listing.body.id).toBe(ids.b);
    expect(listing.body.offers.map((o) => o.product.code).sort()).toEqual([product(1), product(2), product(51)]);
    const c = await call<ComplianceResponse>('GET', '/api/v1/me/compliance', tokenB);
    expect(c.body.institutionId).toBe(ids.b);
  });

  it('B cannot change A’s offers: a product only A offers is 404, a shared product changes only B’s offer', async () => {
    const aOffers = () => db.all('SELECT selling_price_fen AS s, observed_at AS t FROM offers WHERE institution_id = ? ORDER BY product_id', [ids.a]);
    const aBefore = await aOffers();
    const aHistory = await historyCount(ids.a);
    expect((await call('PATCH', `/api/v1/me/offers/${product(10)}`, tokenB, { sellingPrice: '99.00' })).status).toBe(404);
    const shared = await call<MyOfferUpdated>('PATCH', `/api/v1/me/offers/${product(2)}`, tokenB, { sellingPrice: '9.90' });
    expect(shared.status).toBe(200);
    // an upload naming A's 机构医保编码 is refused
    const csv = `机构医保编码,药品统一编码,销售价\n${A_CODE},${product(2)},1.00`;
    const up = await call<UploadRejected>('POST', '/api/v1/me/offers/upload', tokenB, csv, 'text/csv');
    expect(up.status).toBe(400);
    expect(up.body.errors[0]).toMatchObject({ row: 2, value: A_CODE });
    expect(await aOffers()).toEqual(aBefore);
    expect(await historyCount(ids.a)).toBe(aHistory);
    const aDetail = await call<InstitutionDetail>('GET', `/api/v1/institutions/${ids.a}`, null);
    expect(offerOf(aDetail.body, product(2))!.sellingPrice).toBe('10.00');
  });
});

describe('tokens', () => {
  it('401 without a token, with a malformed header, or with an unknown token', async () => {
    for (const headers of [{}, { authorization: tokenA }, { authorization: 'Bearer yjt_not-a-real-token' }, { authorization: 'Basic abc' }]) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
    }
    expect((await call('PATCH', `/api/v1/me/offers/${product(2)}`, null, { sellingPrice: '1.00' })).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const old = await issueToken(db, { role: 'institution', institutionId: ids.a, days: 30, actor: 'test', now: new Date(Date.now() - 31 * 86_400_000) });
    const res = await call<{ message: string }>('GET', '/api/v1/me', old.token);
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('过期');
  });

  it('refuses a revoked token, immediately', async () => {
    const t = await issueToken(db, { role: 'institution', institutionId: ids.a, days: 90, actor: 'test' });
    expect((await call('GET', '/api/v1/me', t.token)).status).toBe(200);
    expect(await revokeToken(db, t.id, 'test')).toBe(true);
    const res = await call<{ message: string }>('GET', '/api/v1/me', t.token);
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('吊销');
    expect((await listTokens(db)).find((r) => r.id === t.id)!.status).toBe('revoked');
  });

  it('403 for an admin token on the institution routes, and for a delisted institution', async () => {
    const admin = await issueToken(db, { role: 'admin', institutionId: null, days: null, actor: 'test' });
    expect((await call('GET', '/api/v1/me', admin.token)).status).toBe(403);
    const region = (await db.get<{ id: number }>("SELECT id FROM regions WHERE slug = 'jiangxi'"))!.id;
    const gone = (await db.get<{ id: number }>(
      "INSERT INTO institutions (region_id, code, name, type, address, lat, lng, listed_at, removed_at) VALUES (?, 'P3601GONE', '已退出药店', 'retail_single', '南昌', 28, 115, ?, ?) RETURNING id",
      [region, RECENT, RECENT],
    ))!.id;
    const t = await issueToken(db, { role: 'institution', institutionId: gone, days: 90, actor: 'test' });
    expect((await call('GET', '/api/v1/me', t.token)).status).toBe(403);
  });

  it('stores only the sha256 of a token and never logs it', async () => {
    const stored = await db.all<{ h: string }>('SELECT token_hash AS h FROM api_tokens');
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.h))).toBe(true);
    expect(stored.some((r) => r.h.includes(tokenA))).toBe(false);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(tokenA.slice(4));
    expect(logLines.join('\n')).not.toContain(tokenB.slice(4));
  });
});
