import { afterAll, beforeAll, expect, it } from 'vitest';
import { revokeBadge } from '../src/bureau/institutions.js';
import { institutionDetail } from '../src/repositories/institutions.js';
import { badgeReview } from '../src/repositories/compliance.js';
import { publishTaiyuanFixtures, tempDb, type TempDb } from './helper.js';

// 太原 fixtures: both badged pharmacies stock 2–3 集采 varieties (minimum 50); 康宁药店 P14010600002 also
// sells 苯磺酸氨氯地平片 at 5.20 (中选价 4.62) and 盐酸二甲双胍片 at 7.50 (6.80), above 山西's cap for pharmacies.
let t: TempDb;
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
});
afterAll(async () => {
  await t?.cleanup();
});

it('lists badged institutions that no longer qualify, with the reasons', async () => {
  const rows = await badgeReview(t.db, { region: 'shanxi' });
  const kangning = rows.find((r) => r.code === 'P14010600002')!;
  expect(kangning.failures.join('；')).toMatch(/集采药品配备\d+种，未达到50种/);
  expect(kangning.failures.join('；')).toContain('2个药品销售价高于规定价格');
  const changfeng = rows.find((r) => r.code === 'P14010500001')!;
  expect(changfeng.failures.join('；')).not.toContain('高于规定价格');
  // public primary institutions hold no badge and are never listed
  expect(rows.some((r) => r.code === 'H14011000005')).toBe(false);
});

it('drops an institution from the review, and its badge from the citizen view, once revoked', async () => {
  const before = (await badgeReview(t.db, { region: 'shanxi' })).find((r) => r.code === 'P14010600002')!;
  await revokeBadge(t.db, { code: 'P14010600002', region: 'shanxi', reason: '不再符合条件', actor: 'test' });
  expect((await badgeReview(t.db, { region: 'shanxi' })).some((r) => r.code === 'P14010600002')).toBe(false);
  expect((await institutionDetail(t.db, before.institutionId))!.badges).toEqual([]);
});
