import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainRules, explainRulesFor, regionPolicy, type AdjustToCapResult, type MeResponse, type MyListing } from '@yaojia/shared';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { issueToken } from '../src/repositories/tokens.js';
import { noSearch, publishTaiyuanFixtures, tempDb, type TempDb } from './helper.js';

// 太原 fixtures: 康宁药店 P14010600002 sells 苯磺酸氨氯地平片 at 5.20 (中选价 4.62: above 山西's cap) and
// 二甲双胍 at 7.50 (中选价 6.80: above too).
let t: TempDb;
let app: App;
let token: string;
let institutionId: number;
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
  institutionId = (await t.db.get<{ id: number }>("SELECT id FROM institutions WHERE code = 'P14010600002'"))!.id;
  token = (await issueToken(t.db, { role: 'institution', institutionId, days: 30, actor: 'test' })).token;
  app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url, UPLOAD_DIR: `${t.dir}/uploads` }), db: t.db, search: noSearch });
});
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});
const auth = () => ({ authorization: `Bearer ${token}` });

describe('POST /api/v1/me/offers/adjust-to-cap', () => {
  it('sets every previewed offer above the cap to its cap in one go, records history, skips the rest with a reason', async () => {
    const before = (await app.inject({ method: 'GET', url: '/api/v1/me/listing', headers: auth() })).json<MyListing>();
    const above = before.offers.filter((o) => o.markup.status === 'above_rule');
    expect(above.length).toBeGreaterThanOrEqual(1);
    const within = before.offers.find((o) => o.markup.status !== 'above_rule');
    const codes = [...above.map((o) => o.product.code), ...(within ? [within.product.code] : []), 'NOT-A-CODE'];
    const r = await app.inject({ method: 'POST', url: '/api/v1/me/offers/adjust-to-cap', headers: auth(), payload: { codes } });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<AdjustToCapResult>();
    expect(body.adjusted.map((a) => a.code).sort()).toEqual(above.map((o) => o.product.code).sort());
    for (const a of body.adjusted) expect(a.to).toBe(above.find((o) => o.product.code === a.code)!.markup.cap);
    expect(body.skipped).toContainEqual({ code: 'NOT-A-CODE', reason: '本机构没有上报这个药品' });
    if (within) expect(body.skipped).toContainEqual({ code: within.product.code, reason: '价格已在规定以内' });

    const after = (await app.inject({ method: 'GET', url: '/api/v1/me/listing', headers: auth() })).json<MyListing>();
    expect(after.offers.filter((o) => o.markup.status === 'above_rule')).toEqual([]);
    const history = await t.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM price_history WHERE institution_id = ? AND recorded_by LIKE 'institution:%'", [institutionId]);
    expect(Number(history?.n)).toBe(above.length);
    // again: nothing left to adjust
    const again = (await app.inject({ method: 'POST', url: '/api/v1/me/offers/adjust-to-cap', headers: auth(), payload: { codes } })).json<AdjustToCapResult>();
    expect(again.adjusted).toEqual([]);
  });

  it('needs the token', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/me/offers/adjust-to-cap', payload: { codes: ['X'] } })).statusCode).toBe(401);
  });
});

describe('the dashboard lists the rules of this kind of institution only', () => {
  it('a pharmacy is not told 零差率 or the 80 种 of tertiary hospitals; a 村卫生室 is not told the retail rule', async () => {
    const me = (await app.inject({ method: 'GET', url: '/api/v1/me', headers: auth() })).json<MeResponse>();
    expect(me.rules.join('')).not.toContain('零差率');
    expect(me.rules.join('')).not.toContain('80种');
    expect(me.rules.some((r) => r.includes('零售药店按不高于中选价销售'))).toBe(true);
    const p = regionPolicy('jiangxi');
    const village = explainRulesFor(p, 'village_clinic');
    expect(village.some((r) => r.includes('零差率'))).toBe(true);
    expect(village.join('')).not.toContain('零售药店');
    expect(village.join('')).not.toContain('推荐配备');
    expect(explainRulesFor(p, 'private_tertiary').join('')).toContain('不少于80种');
    // every rule of the region is someone's
    const union = new Set(['retail_chain', 'private_tertiary', 'private_other', 'village_clinic'].flatMap((k) => explainRulesFor(p, k as 'retail_chain')));
    for (const r of explainRules(p)) if (!r.startsWith('集采药品配备')) expect(union.has(r), r).toBe(true);
  });
});
