import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenericsResponse, NearbySummaryResponse, OffersResponse, SuggestResponse } from '@yaojia/shared';
import { publishFile } from '../src/ingest/index.js';
import { buildTestApp, FIXTURES, type TestApp } from './helper.js';

// 太原 fixtures plus a second 苯磺酸氨氯地平片 (10mg × 14, ¥3.10) sold by 老百姓大药房（太原长风街店） at ¥3.00:
// a 通用名 with two products, so nothing may answer "the lowest price" across the two packs.
const NEAR_CHANGFENG = { lat: 37.822, lng: 112.563 };
const AMLO_5 = 'XC08CAA040A001010100001';
const AMLO_10 = 'XC08CAA040A001010100099';
const AMLO = encodeURIComponent('苯磺酸氨氯地平片');

let t: TestApp;
const scratch = mkdtempSync(join(tmpdir(), 'yaojia-results-'));
beforeAll(async () => {
  t = await buildTestApp({ publish: false });
  const catalog = `${readFileSync(join(FIXTURES, 'catalog-good.csv'), 'utf8').trimEnd()}\r\n${AMLO_10},苯磺酸氨氯地平片,片剂,10mg,14,片,盒,铝塑,浙江华海药业股份有限公司,浙江华海药业股份有限公司,3.10,国药准字H20083099\r\n`;
  const prices = `${readFileSync(join(FIXTURES, 'prices-good.csv'), 'utf8').trimEnd()}\r\nP14010500001,${AMLO_10},3.00,,10,2025-11-20 09:30\r\n`;
  writeFileSync(join(scratch, 'catalog.csv'), catalog);
  writeFileSync(join(scratch, 'prices.csv'), prices);
  for (const [kind, file] of [
    ['catalog', join(scratch, 'catalog.csv')],
    ['institutions', join(FIXTURES, 'institutions-bom.csv')],
    ['prices', join(scratch, 'prices.csv')],
  ] as const) {
    const r = await publishFile(t.db, { kind, region: 'shanxi', file, publisher: 'test' });
    expect(r.status, r.message).toBe("published");
  }
  await t.search.reindexAll();
});
afterAll(async () => {
  await t?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const get = async <T>(url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() as T };
};

describe('offers summary never mixes products', () => {
  it('gives no 中选价 or lowest price for a 通用名 spanning two packs, and both for one product', async () => {
    const near = `region=shanxi&lat=${NEAR_CHANGFENG.lat}&lng=${NEAR_CHANGFENG.lng}&radiusKm=50`;
    const generic = await get<OffersResponse>(`/api/v1/offers?generic=${AMLO}&${near}`);
    expect(generic.status).toBe(200);
    // ¥3.00 (14 × 10mg) is cheaper per pack than ¥4.62 (28 × 5mg) and says nothing about either
    expect(generic.body.summary).toMatchObject({ winningPrice: null, lowestPrice: null, products: 2 });
    const one = await get<OffersResponse>(`/api/v1/offers?code=${AMLO_5}&${near}`);
    expect(one.body.summary).toMatchObject({ winningPrice: '4.62', lowestPrice: '4.62', products: 1 });
  });
});

describe('GET /api/v1/offers/nearby-summary', () => {
  it('answers 附近 N 家 · 最低 ¥x per product, each product on its own', async () => {
    const { status, body } = await get<NearbySummaryResponse>(
      `/api/v1/offers/nearby-summary?codes=${AMLO_5},${AMLO_10}&region=shanxi&lat=${NEAR_CHANGFENG.lat}&lng=${NEAR_CHANGFENG.lng}&radiusKm=50`,
    );
    expect(status).toBe(200);
    const by = new Map(body.items.map((i) => [i.code, i]));
    // 5mg: 长风街 4.62, 康宁 5.20, 晋祠镇卫生院 4.62
    expect(by.get(AMLO_5)).toMatchObject({ institutions: 3, lowestPrice: '4.62' });
    expect(by.get(AMLO_10)).toMatchObject({ institutions: 1, lowestPrice: '3.00', inStock: 1 });
  });

  it('counts only what is within the radius', async () => {
    // 1 km around 长风街: 康宁 (迎泽大街) and 晋祠 are farther
    const { body } = await get<NearbySummaryResponse>(
      `/api/v1/offers/nearby-summary?codes=${AMLO_5}&region=shanxi&lat=${NEAR_CHANGFENG.lat}&lng=${NEAR_CHANGFENG.lng}&radiusKm=1`,
    );
    expect(body.items).toEqual([{ code: AMLO_5, institutions: 1, lowestPrice: '4.62', inStock: 1 }]);
  });

  it('needs a position and at most 50 codes', async () => {
    expect((await get(`/api/v1/offers/nearby-summary?codes=${AMLO_5}&region=shanxi`)).status).toBe(400);
    const many = Array.from({ length: 51 }, (_, i) => `C${i}`).join(',');
    expect((await get(`/api/v1/offers/nearby-summary?codes=${many}&region=shanxi&lat=37.8&lng=112.5`)).status).toBe(400);
  });
});

describe('what names one product goes straight to its prices', () => {
  it('suggest carries the code only when the 通用名 has one product in the region', async () => {
    const amlo = await get<SuggestResponse>(`/api/v1/drugs/suggest?q=${encodeURIComponent('氨氯地平')}&region=shanxi`);
    expect(amlo.body.items[0]).toMatchObject({ genericName: '苯磺酸氨氯地平片' });
    expect(amlo.body.items[0]!.code).toBeUndefined();
    const atorva = await get<SuggestResponse>(`/api/v1/drugs/suggest?q=${encodeURIComponent('阿托伐他汀')}&region=shanxi`);
    expect(atorva.body.items[0]).toMatchObject({ genericName: '阿托伐他汀钙片', code: 'XC10AAA011A001010101234' });
  });

  it('lists the region’s 通用名 with product counts (empty where nothing is published)', async () => {
    const { body } = await get<GenericsResponse>('/api/v1/drugs/generics?region=shanxi');
    const by = new Map(body.items.map((i) => [i.genericName, i]));
    expect(by.get('苯磺酸氨氯地平片')).toEqual({ genericName: '苯磺酸氨氯地平片', products: 2, code: null });
    expect(by.get('阿托伐他汀钙片')).toEqual({ genericName: '阿托伐他汀钙片', products: 1, code: 'XC10AAA011A001010101234' });
    expect(by.has('奥美拉唑肠溶胶囊')).toBe(false);
    const jiangxi = await get<GenericsResponse>('/api/v1/drugs/generics?region=jiangxi');
    expect(jiangxi.body.items).toEqual([]);
  });
});
