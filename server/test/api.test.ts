import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrugSearchResponse, InstitutionDetail, OffersResponse, RegionsResponse } from '@yaojia/shared';
import { comparableCost, parseYuan } from '@yaojia/shared';
import { reportByReference } from '../src/repositories/reports.js';
import { seedCatalog } from '../../tests/search-eval/harness.js';
import { buildTestApp, type TestApp } from './helper.js';

// 太原 fixtures: 老百姓大药房（太原长风街店） P14010500001 at (37.8210, 112.5631) sells 苯磺酸氨氯地平片 at 4.62
// (= 中选价); 康宁药店 P14010600002 sells it at 5.20; 晋祠镇卫生院 H14011000005 at 4.62.
const NEAR_CHANGFENG = { lat: 37.822, lng: 112.563 };
const YUAN = /^\d+\.\d{2}$/;

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

const get = async <T>(url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() as T };
};

describe('GET /health', () => {
  it('reports db and search up', async () => {
    const { status, body } = await get<{ status: string; db: string; search: string }>('/health');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', db: 'ok', search: 'ok' });
  });
});

describe('OpenAPI', () => {
  it('documents every public route from its TypeBox schema', async () => {
    const { status, body } = await get<{ paths: Record<string, unknown> }>('/docs/json');
    expect(status).toBe(200);
    for (const path of ['/api/v1/drugs/search', '/api/v1/drugs/suggest', '/api/v1/offers/', '/api/v1/institutions/{id}', '/api/v1/reports/', '/health']) {
      expect(Object.keys(body.paths)).toContain(path);
    }
  });
});

describe('GET /api/v1/drugs/search', () => {
  it('finds a published drug by its 通用名, grouped, with 中选价 per pack and per unit', async () => {
    const { status, body } = await get<DrugSearchResponse>(`/api/v1/drugs/search?q=${encodeURIComponent('苯磺酸氨氯地平片')}&region=shanxi`);
    expect(status).toBe(200);
    expect(body.degraded).toBe(false);
    const group = body.items[0]!;
    expect(group.genericName).toBe('苯磺酸氨氯地平片');
    const product = group.products.find((p) => p.code === 'XC08CAA040A001010100001')!;
    expect(product.winningPrice).toBe('4.62');
    expect(product.unitWinningPrice).toBe('0.17'); // 4.62 / 28
    expect(product.unit).toBe('片');
  });

  it('finds it by part of the name', async () => {
    const { body } = await get<DrugSearchResponse>(`/api/v1/drugs/search?q=${encodeURIComponent('氨氯地平')}`);
    expect(body.items[0]?.genericName).toBe('苯磺酸氨氯地平片');
  });

  it('lists only the cheapest products of a group when asked (productsPerGroup), saying how many it has', async () => {
    // the fixture's group has one product: a second maker's, cheaper, for this test only
    await seedCatalog(t.db, [
      { code: 'TPG0001', genericName: '苯磺酸氨氯地平片', dosageForm: '片剂', spec: '5mg', conversionRatio: 14, minUnit: '片', packUnit: '盒',
        maker: '浙江华海药业股份有限公司', winningPrice: '1.62', brandName: null, therapeuticArea: null },
    ]);
    try {
      const url = `/api/v1/drugs/search?q=${encodeURIComponent('苯磺酸氨氯地平片')}&region=shanxi`;
      const all = (await get<DrugSearchResponse>(url)).body.items[0]!;
      expect(all.products.map((p) => p.code)).toEqual(['TPG0001', 'XC08CAA040A001010100001']);
      expect(all.productCount).toBeUndefined();
      const { status, body } = await get<DrugSearchResponse>(`${url}&productsPerGroup=1`);
      expect(status).toBe(200);
      const cut = body.items[0]!;
      expect(cut.products).toEqual(all.products.slice(0, 1));
      expect(cut.productCount).toBe(2);
      expect(cut.dosageForms).toEqual(all.dosageForms);
      // as many as it has: the whole group, no count
      const whole = (await get<DrugSearchResponse>(`${url}&productsPerGroup=50`)).body.items[0]!;
      expect(whole.products).toEqual(all.products);
      expect(whole.productCount).toBeUndefined();
      expect((await get(`${url}&productsPerGroup=0`)).status).toBe(400);
    } finally {
      await t.db.run('DELETE FROM products WHERE code = ?', ['TPG0001']);
    }
  });

  it.each([
    ['empty q', '/api/v1/drugs/search?q='],
    ['q over 50 chars', `/api/v1/drugs/search?q=${'氨'.repeat(51)}`],
    ['unknown region', `/api/v1/drugs/search?q=abc&region=atlantis`],
  ])('rejects %s with 400 {error, message}', async (_name, url) => {
    const { status, body } = await get<{ error: string; message: string }>(url);
    expect(status).toBe(400);
    expect(body.error).toBe('Bad Request');
    expect(body.message.length).toBeGreaterThan(0);
  });
});

describe('GET /api/v1/offers', () => {
  const url = (extra: string) =>
    `/api/v1/offers?generic=${encodeURIComponent('苯磺酸氨氯地平片')}&region=shanxi&lat=${NEAR_CHANGFENG.lat}&lng=${NEAR_CHANGFENG.lng}&radiusKm=50${extra}`;

  it('returns nearby institutions sorted by distance with both prices, unit prices and a markup status', async () => {
    const { status, body } = await get<OffersResponse>(url('&sort=distance'));
    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThanOrEqual(3);
    const distances = body.items.map((o) => o.distanceKm!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(body.items[0]!.institution.name).toContain('长风街');
    for (const o of body.items) {
      expect(o.sellingPrice).toMatch(YUAN);
      expect(o.winningPrice).toBe('4.62');
      expect(o.unitSellingPrice).toMatch(YUAN);
      expect(o.unitWinningPrice).toBe('0.17');
      expect(['equal', 'below', 'within_rule', 'above_rule']).toContain(o.markup.status);
      expect(o.markup.rule.seed).toMatch(/山西|000/);
    }
    expect(body.summary).toMatchObject({ winningPrice: '4.62', lowestPrice: '4.62' });
  });

  it('judges markup by 山西’s rule: at the 中选价 is equal, above it at a pharmacy is above the rule', async () => {
    const { body } = await get<OffersResponse>(url('&sort=price'));
    const byCode = new Map(body.items.map((o) => [o.institution.name, o]));
    const changfeng = [...byCode.values()].find((o) => o.institution.name.includes('长风街'))!;
    expect(changfeng.markup.status).toBe('equal');
    const kangning = [...byCode.values()].find((o) => o.institution.name.includes('康宁'))!;
    expect(kangning.sellingPrice).toBe('5.20');
    // 山西 caps retail at the 中选价 whatever the commitment says (the +15 % option is 江西's)
    expect(kangning.markup.status).toBe('above_rule');
    const prices = body.items.map((o) => Number(o.sellingPrice));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('sorts by price per smallest unit', async () => {
    const { body } = await get<OffersResponse>(url('&sort=unitPrice'));
    const unit = body.items.map((o) => Number(o.sellingPrice) / o.product.conversionRatio);
    expect(unit).toEqual([...unit].sort((a, b) => a - b));
  });

  it('sorts by the cost of a day of treatment (WHO DDD), not of a tablet', async () => {
    const { body } = await get<OffersResponse>(url('&sort=dailyCost'));
    const perDay = body.items.map((o) => comparableCost(o.product.name, o.product.spec, parseYuan(o.sellingPrice)!, o.product.conversionRatio));
    expect(perDay.length).toBeGreaterThan(1);
    expect(perDay).toEqual([...perDay].sort((a, b) => a - b));
  });

  it('keeps only institutions within the radius', async () => {
    const { body } = await get<OffersResponse>(url('').replace('radiusKm=50', 'radiusKm=1'));
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((o) => o.distanceKm! <= 1)).toBe(true);
    expect(body.items.some((o) => o.institution.name.includes('晋祠'))).toBe(false); // ~15 km away
  });

  it('filters to badged institutions', async () => {
    const { body } = await get<OffersResponse>(url('&badgedOnly=true'));
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((o) => o.institution.badges.length > 0)).toBe(true);
  });

  it.each([
    ['lat out of range', '/api/v1/offers?generic=x&lat=91&lng=112'],
    ['lng out of range', '/api/v1/offers?generic=x&lat=37&lng=181'],
    ['unknown sort', '/api/v1/offers?generic=x&sort=cheapest'],
    ['unknown region', '/api/v1/offers?generic=x&region=atlantis'],
    ['neither generic nor code', '/api/v1/offers?lat=37&lng=112'],
  ])('rejects %s with 400', async (_n, u) => {
    const { status, body } = await get<{ error: string; message: string }>(u);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'Bad Request' });
  });

  it.each([
    ['a latitude without its longitude', '/api/v1/offers?generic=x&region=shanxi&lat=37.8', /经度和纬度需要一起提供/],
    ['distance order without a location', '/api/v1/offers?generic=x&region=shanxi&sort=distance', /按距离排序需要先提供位置/],
  ])('says in plain Chinese what is missing: %s', async (_n, u, message) => {
    const { status, body } = await get<{ error: string; message: string }>(u);
    expect(status).toBe(400);
    expect(body.message).toMatch(message);
  });
});

describe('GET /api/v1/institutions/:id', () => {
  it('returns the institution with its offers and the complaint hotline', async () => {
    const { body: offers } = await get<OffersResponse>(`/api/v1/offers?code=XC08CAA040A001010100001&region=shanxi`);
    const id = offers.items[0]!.institution.id;
    const { status, body } = await get<InstitutionDetail>(`/api/v1/institutions/${id}`);
    expect(status).toBe(200);
    expect(body.offers.length).toBeGreaterThan(0);
    expect(body.hotline).toMatch(/\d{5}/);
    expect(body.offers.every((o) => YUAN.test(o.sellingPrice))).toBe(true);
  });

  it('404s an unknown id', async () => {
    const { status, body } = await get<{ error: string }>('/api/v1/institutions/999999');
    expect(status).toBe(404);
    expect(body.error).toBe('Not Found');
  });
});

describe('GET /api/v1/regions', () => {
  it('lists regions with plain-Chinese rules and the last publish time', async () => {
    const { body } = await get<RegionsResponse>('/api/v1/regions');
    const shanxi = body.items.find((r) => r.slug === 'shanxi')!;
    expect(shanxi.lastPublishedAt).not.toBeNull();
    expect(shanxi.rules.join('')).toContain('中选价');
    expect(body.items.find((r) => r.slug === 'jiangxi')!.rules.join('')).toContain('15%');
  });
});

describe('POST /api/v1/reports', () => {
  it('stores a citizen report and returns a reference to keep', async () => {
    const { body: offers } = await get<OffersResponse>(`/api/v1/offers?code=XC08CAA040A001010100001&region=shanxi`);
    const o = offers.items[0]!;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { institutionId: o.institution.id, productCode: o.product.code, kind: 'price_mismatch', observedPrice: '6.00', note: '实际收费高于公示价' },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json() as { reference: string; status: string };
    expect(created.status).toBe('open');
    const stored = (await reportByReference(t.db, created.reference))!;
    expect(stored).toMatchObject({ kind: 'price_mismatch', observed_price_fen: 600, institution_id: o.institution.id });
  });

  it('rejects an unknown kind and an unknown institution', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { institutionId: 1, kind: 'rude' } });
    expect(bad.statusCode).toBe(400);
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { institutionId: 987654, kind: 'other' } });
    expect(missing.statusCode).toBe(404);
  });
});

describe('when Meilisearch is unreachable', () => {
  it('answers search from the database, marks it degraded, and /health says so', async () => {
    const down = await buildTestApp({ meiliUrl: 'http://127.0.0.1:9' });
    try {
      // pinyin typed needs Meilisearch: answered from the database instead, and marked so
      const res = await down.app.inject({ method: 'GET', url: '/api/v1/drugs/search?q=anlvdiping' });
      const body = res.json() as DrugSearchResponse;
      expect(res.statusCode).toBe(200);
      expect(body.degraded).toBe(true);
      expect(body.items[0]?.genericName).toBe('苯磺酸氨氯地平片');
      // a name is answered from the keys in memory whether Meilisearch is up or not: the whole answer
      const named = (await down.app.inject({ method: 'GET', url: `/api/v1/drugs/search?q=${encodeURIComponent('氨氯地平')}` })).json() as DrugSearchResponse;
      expect(named.degraded).toBe(false);
      expect(named.items[0]?.genericName).toBe('苯磺酸氨氯地平片');
      const health = (await down.app.inject({ method: 'GET', url: '/health' })).json() as { status: string; search: string };
      expect(health).toMatchObject({ status: 'degraded', search: 'down' });
    } finally {
      await down.close();
    }
  });
});
