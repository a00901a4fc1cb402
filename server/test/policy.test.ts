import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concentratedPriceRange, type ComplianceResponse, type OffersResponse } from '@yaojia/shared';
import type { App } from '../src/app.js';
import type { Db } from '../src/db/client.js';
import { issueToken } from '../src/repositories/tokens.js';
import { bareTestApp } from './helper.js';

/**
 * The regional rules as the API applies them: every offer's markup status comes from the shared policy
 * functions with the region's settings (including per-region overrides stored in regions.policy).
 */
let app: App;
let db: Db;
let cleanup: () => Promise<void>;
const now = new Date().toISOString();

async function region(slug: string): Promise<number> {
  return (await db.get<{ id: number }>('SELECT id FROM regions WHERE slug = ?', [slug]))!.id;
}
async function product(regionId: number, code: string, over: { special?: boolean } = {}): Promise<number> {
  const r = await db.get<{ id: number }>(
    `INSERT INTO products (region_id, code, generic_name, product_name, dosage_form, spec, conversion_ratio, min_unit, pack_unit, maker,
       winning_price_fen, special, listed_at) VALUES (?, ?, ?, ?, '片剂', '10mg', 10, '片', '盒', '某中选药业', 1000, ?, ?) RETURNING id`,
    [regionId, code, `药${code}`, `药${code}`, over.special ? 1 : 0, now],
  );
  return r!.id;
}
async function institution(regionId: number, code: string, city: string, over: { commitment?: string; specialDesignated?: boolean } = {}): Promise<number> {
  const r = await db.get<{ id: number }>(
    `INSERT INTO institutions (region_id, code, name, type, address, city, lat, lng, commitment, special_designated, listed_at)
     VALUES (?, ?, ?, 'retail_chain', ?, ?, 38.5, 106.2, ?, ?, ?) RETURNING id`,
    [regionId, code, `药店${code}`, `${city}某路`, city, over.commitment ?? null, over.specialDesignated ? 1 : 0, now],
  );
  return r!.id;
}
async function offer(inst: number, prod: number, fen: number): Promise<void> {
  await db.run(
    `INSERT INTO offers (institution_id, product_id, selling_price_fen, stock_state, observed_at, recorded_at, source) VALUES (?, ?, ?, 'in_stock', ?, ?, 'bureau')`,
    [inst, prod, fen, now, now],
  );
}

beforeAll(async () => {
  const t = await bareTestApp();
  ({ app, db, cleanup } = t);
});
afterAll(async () => {
  await cleanup?.();
});

const offers = async (q: string) => {
  const res = await app.inject({ method: 'GET', url: `/api/v1/offers?${q}` });
  expect(res.statusCode).toBe(200);
  return res.json() as OffersResponse;
};

describe('沈阳: 适当加价, not clearly above the concentrated range', () => {
  // 003 三: “可适当加价，但不得明显高于我市定点零售药店相对集中的价格区间”
  it('judges each pharmacy against Q3 + 1.5 × IQR of the city’s retail prices', async () => {
    const sy = await region('shenyang');
    const p = await product(sy, 'SY001');
    const prices = [1000, 1050, 1100, 1150, 1200, 1600];
    for (const [i, fen] of prices.entries()) await offer(await institution(sy, `SY-P${i}`, '沈阳市'), p, fen);
    // Q1 1062.5, Q3 1187.5: fence 1187.5 + 1.5 × 125 → 1375 fen; 11.50 is within, 16.00 clearly above
    expect(concentratedPriceRange(prices)!.upperFenceFen).toBe(1375);
    const body = await offers('code=SY001&region=shenyang&sort=price');
    const byPrice = Object.fromEntries(body.items.map((o) => [o.sellingPrice, o.markup]));
    expect(byPrice['11.50']).toMatchObject({ status: 'within_rule', rule: { id: 'retail_concentrated_range' } });
    expect(byPrice['16.00']).toMatchObject({ status: 'above_rule' });
    expect(byPrice['16.00']!.rule.seed).toContain('沈阳');
  });

  // 003 二: “具有特药管理属性的集采药品，仅限参加“三进”工作的医药机构中具有特药定点属性的医药机构选择”
  it('a non-designated pharmacy offering a 特药 fails its self-check', async () => {
    const sy = await region('shenyang');
    const sp = await product(sy, 'SY-SPECIAL', { special: true });
    const inst = await institution(sy, 'SY-NODESIG', '沈阳市');
    await offer(inst, sp, 1000);
    const token = (await issueToken(db, { role: 'institution', institutionId: inst, days: 1, actor: 'test' })).token;
    const res = await app.inject({ method: 'GET', url: '/api/v1/me/compliance', headers: { authorization: `Bearer ${token}` } });
    const item = (res.json() as ComplianceResponse).items.find((i) => i.id === 'special_drugs')!;
    expect(item).toMatchObject({ passed: false, offers: [{ code: 'SY-SPECIAL' }] });
    expect(item.quote).toContain('具有特药定点属性的医药机构选择');
  });
});

describe('宁夏: the markup each city sets', () => {
  // 002 三: “总体价格水平不高于我区定点药店量价比较指数的药店，也可适当加价，具体由各市结合医保基金等因素确定”
  it('reads the per-city markups from the region’s policy override', async () => {
    const nx = await region('ningxia');
    await db.run('UPDATE regions SET policy = ? WHERE id = ?', [JSON.stringify({ retail: { kind: 'city_markup', byCity: { 银川市: 10 }, defaultPct: 0 } }), nx]);
    const p = await product(nx, 'NX001');
    await offer(await institution(nx, 'NX-YC', '银川市'), p, 1100);
    await offer(await institution(nx, 'NX-GY', '固原市'), p, 1100);
    const body = await offers('code=NX001&region=ningxia');
    const byCity = Object.fromEntries(body.items.map((o) => [o.institution.name, o.markup]));
    expect(byCity['药店NX-YC']).toMatchObject({ status: 'within_rule', cap: '11.00', rule: { id: 'retail_city_markup' } });
    expect(byCity['药店NX-GY']).toMatchObject({ status: 'above_rule', cap: '10.00', rule: { id: 'retail_at_most_winning' } });
  });
});

describe('江西: +15 % only with the markup_15 commitment', () => {
  // 001 七: “总体价格水平不高于统筹区定点药店医保药品量价比较指数的药店，可按集采中选价格顺加不超15%销售”
  it('the same 11.50 is within the rule for a markup_15 pharmacy and above it for one that ticked 按照中选价销售', async () => {
    const jx = await region('jiangxi');
    const p = await product(jx, 'JX001');
    await offer(await institution(jx, 'JX-M15', '南昌市', { commitment: 'markup_15' }), p, 1150);
    await offer(await institution(jx, 'JX-AT', '南昌市', { commitment: 'at_winning_price' }), p, 1150);
    const body = await offers('code=JX001&region=jiangxi');
    const by = Object.fromEntries(body.items.map((o) => [o.institution.name, o.markup]));
    expect(by['药店JX-M15']).toMatchObject({ status: 'within_rule', cap: '11.50', rule: { id: 'retail_markup_15' } });
    expect(by['药店JX-AT']).toMatchObject({ status: 'above_rule', cap: '10.00' });
  });
});
