import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OffersResponse } from '@yaojia/shared';
import type { App } from '../src/app.js';
import { listAudit } from '../src/bureau/audit.js';
import { grantBadge, revokeBadge, setPriceIndexVerdict } from '../src/bureau/institutions.js';
import { policyHistory, rollbackPolicy, setPolicy, showPolicy } from '../src/bureau/policy.js';
import type { Db } from '../src/db/client.js';
import { publishFile } from '../src/ingest/index.js';
import { bareTestApp, onPostgres } from './helper.js';

/**
 * Rules the bureau sets (issue 14): the 量价比较指数 verdict (file column and command) that 江西's +15 %
 * and 宁夏's city markups depend on, 宁夏's city rates as versioned policy, and a badge's origin as a column.
 */
let app: App;
let db: Db;
let dir: string;
let cleanup: () => Promise<void>;
const now = new Date().toISOString();

beforeAll(async () => {
  const t = await bareTestApp();
  ({ app, db, cleanup } = t);
  dir = t.dir;
});
afterAll(async () => {
  await cleanup?.();
});

const regionId = async (slug: string) => (await db.get<{ id: number }>('SELECT id FROM regions WHERE slug = ?', [slug]))!.id;
const instId = async (code: string) => (await db.get<{ id: number }>('SELECT id FROM institutions WHERE code = ?', [code]))!.id;

async function product(region: number, code: string): Promise<number> {
  const r = await db.get<{ id: number }>(
    `INSERT INTO products (region_id, code, generic_name, product_name, dosage_form, spec, conversion_ratio, min_unit, pack_unit, maker,
       winning_price_fen, listed_at) VALUES (?, ?, ?, ?, '片剂', '10mg', 10, '片', '盒', '某中选药业', 1000, ?) RETURNING id`,
    [region, code, `药${code}`, `药${code}`, now],
  );
  return r!.id;
}
async function offer(inst: number, prod: number, fen: number): Promise<void> {
  await db.run(
    `INSERT INTO offers (institution_id, product_id, selling_price_fen, stock_state, observed_at, recorded_at, source) VALUES (?, ?, ?, 'in_stock', ?, ?, 'bureau')`,
    [inst, prod, fen, now, now],
  );
}
async function markups(q: string) {
  const res = await app.inject({ method: 'GET', url: `/api/v1/offers?${q}` });
  expect(res.statusCode).toBe(200);
  return Object.fromEntries((res.json() as OffersResponse).items.map((o) => [o.institution.name, o.markup]));
}
function csv(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const HEAD = '单位名称,机构医保编码,机构类型,单位地址,经度,纬度,承诺,集采标识';
const row = (code: string, verdict: string) => `药店${code},${code},零售连锁药店,江西省南昌市东湖区八一大道${code.slice(-1)}号,115.89,28.68,按不高于中选价加价15%销售,是,${verdict}`;

describe('江西 量价比较指数: the institutions file carries the verdict', () => {
  it('header variants and the words bureaus write; each offer’s rule says which verdict it used', async () => {
    const file = csv('jx-institutions.csv', [
      `${HEAD},是否达标`,
      row('JXP1', '达标'),
      row('JXP2', '未达标'),
      row('JXP3', ''),
      row('JXP4', '是'),
    ]);
    const r = await publishFile(db, { kind: 'institutions', region: 'jiangxi', file, publisher: 'test' });
    expect(r.status).toBe('published');
    const stored = await db.all<{ code: string; v: number | null }>('SELECT code, price_index_met AS v FROM institutions WHERE code LIKE ? ORDER BY code', ['JXP%']);
    expect(stored.map((s) => [s.code, s.v === null ? null : Number(s.v)])).toEqual([['JXP1', 1], ['JXP2', 0], ['JXP3', null], ['JXP4', 1]]);

    const p = await product(await regionId('jiangxi'), 'JXIDX1');
    for (const code of ['JXP1', 'JXP2', 'JXP3']) await offer(await instId(code), p, 1150);
    const by = await markups('code=JXIDX1&region=jiangxi');
    // 001 七: 总体价格水平不高于…量价比较指数的药店，可按集采中选价格顺加不超15%销售
    expect(by['药店JXP1']).toMatchObject({ status: 'within_rule', cap: '11.50', rule: { id: 'retail_markup_15', name: '按量价比较指数达标计，可加价15%', priceIndex: 'met' } });
    expect(by['药店JXP2']).toMatchObject({ status: 'above_rule', cap: '10.00', rule: { id: 'retail_index_not_met', priceIndex: 'not_met' } });
    expect(by['药店JXP2']!.rule.name).toContain('未达标');
    expect(by['药店JXP3']).toMatchObject({ status: 'within_rule', rule: { priceIndex: 'unknown' } });
    expect(by['药店JXP3']!.rule.name).toContain('未评定');
  });

  it('a file without the column leaves the verdicts as they are', async () => {
    const file = csv('jx-no-column.csv', [HEAD, row('JXP1', '').replace(/,$/, ''), row('JXP2', '').replace(/,$/, ''), row('JXP3', '').replace(/,$/, ''), row('JXP4', '').replace(/,$/, '')].map((l) => l.replace(/八一大道/, '八一大道东')));
    const r = await publishFile(db, { kind: 'institutions', region: 'jiangxi', file, publisher: 'test' });
    expect(r.status).toBe('published');
    const v = await db.get<{ v: number | null }>('SELECT price_index_met AS v FROM institutions WHERE code = ?', ['JXP2']);
    expect(Number(v!.v)).toBe(0);
  });

  it('a value that is no verdict names file, row and column, and nothing changes', async () => {
    const before = await db.all('SELECT code, price_index_met FROM institutions ORDER BY code');
    const file = csv('jx-bad.csv', [`${HEAD},量价比较结果`, row('JXP1', '达标'), row('JXP2', '也许')]);
    const r = await publishFile(db, { kind: 'institutions', region: 'jiangxi', file, publisher: 'test' });
    expect(r.status).toBe('rejected');
    expect(r.errors.map((e) => [e.row, e.columnLetter, e.column])).toEqual([[3, 'I', '量价比较结果']]);
    expect(r.errors[0]!.message).toMatch(/^jx-bad\.csv row 3, column I \(量价比较结果\).*达标, 未达标 or 未评定/);
    expect(await db.all('SELECT code, price_index_met FROM institutions ORDER BY code')).toEqual(before);
  });
});

describe('pnpm admin institutions price-index', () => {
  it('sets one pharmacy’s verdict (audited); the markup follows with the next request', async () => {
    const r = await setPriceIndexVerdict(db, { code: 'JXP1', region: 'jiangxi', verdict: '未达标', note: '2026 Q3 量价比较', actor: 'tester' });
    expect(r).toMatchObject({ before: true, after: false, changed: true });
    expect((await markups('code=JXIDX1&region=jiangxi'))['药店JXP1']).toMatchObject({ status: 'above_rule', rule: { priceIndex: 'not_met' } });
    const [entry] = await listAudit(db, { action: 'institutions.price_index' });
    expect(entry).toMatchObject({ actor: 'tester', target: 'jiangxi/JXP1', detail: { before: '达标', after: '未达标', note: '2026 Q3 量价比较' } });
    await setPriceIndexVerdict(db, { code: 'JXP1', region: 'jiangxi', verdict: '达标', actor: 'tester' });
    expect((await markups('code=JXIDX1&region=jiangxi'))['药店JXP1']).toMatchObject({ status: 'within_rule', rule: { priceIndex: 'met' } });
  });

  it('bad input is a clear error and changes nothing', async () => {
    const before = await db.all('SELECT code, price_index_met FROM institutions ORDER BY code');
    const audits = (await listAudit(db, { limit: 1000 })).length;
    await expect(setPriceIndexVerdict(db, { code: 'JXP1', verdict: '良好', actor: 't' })).rejects.toThrow(/--verdict "良好": expected 达标, 未达标 or 未评定/);
    await expect(setPriceIndexVerdict(db, { code: 'NOPE', verdict: '达标', actor: 't' })).rejects.toThrow(/no listed institution with 机构医保编码 NOPE/);
    expect(await db.all('SELECT code, price_index_met FROM institutions ORDER BY code')).toEqual(before);
    expect((await listAudit(db, { limit: 1000 })).length).toBe(audits);
  });
});

describe('badges.origin', () => {
  it('a file publish writes file, a command writes command; a file does not undo the command', async () => {
    const origin = async (code: string) =>
      (await db.get<{ origin: string; removed: string | null }>(
        'SELECT b.origin, b.removed_at AS removed FROM badges b JOIN institutions i ON i.id = b.institution_id WHERE i.code = ? ORDER BY b.id DESC LIMIT 1',
        [code],
      ))!;
    expect((await origin('JXP3')).origin).toBe('file');
    await revokeBadge(db, { code: 'JXP3', region: 'jiangxi', reason: '约谈后未整改', actor: 'tester' });
    expect(await origin('JXP3')).toMatchObject({ origin: 'command' });
    // the file still says 是: the command's revocation holds (a warning, not a new badge)
    const file = csv('jx-again.csv', [`${HEAD},是否达标`, row('JXP1', '达标'), row('JXP2', '未达标'), row('JXP3', ''), row('JXP4', '是')]);
    const r = await publishFile(db, { kind: 'institutions', region: 'jiangxi', file, publisher: 'test' });
    expect(r.warnings.some((w) => w.message.includes('集采标识 是 ignored'))).toBe(true);
    expect((await origin('JXP3')).removed).not.toBeNull();
    await grantBadge(db, { code: 'JXP3', region: 'jiangxi', reason: '整改完成', actor: 'tester' });
    expect(await origin('JXP3')).toMatchObject({ origin: 'command', removed: null });
  });

  it('the migration marks rows written by a file before the column existed', async () => {
    const inst = await instId('JXP4');
    for (const reason of ['bureau:7', 'bureau:7 institution removed', 'bureau 说明', '人工授予']) {
      await db.run(`INSERT INTO badges (institution_id, kind, granted_at, removed_at, reason, origin) VALUES (?, 'jicai_pharmacy', ?, ?, ?, 'command')`, [inst, now, now, reason]);
    }
    const sql = readFileSync(join(import.meta.dirname, onPostgres ? '../drizzle-pg/0012_badge_origin_data.sql' : '../drizzle/0011_badge_origin_data.sql'), 'utf8');
    await db.run(sql.split('\n').filter((l) => !l.startsWith('--')).join('\n'));
    const rows = await db.all<{ reason: string; origin: string }>(
      `SELECT reason, origin FROM badges WHERE institution_id = ? AND reason IN ('bureau:7', 'bureau:7 institution removed', 'bureau 说明', '人工授予') ORDER BY id`,
      [inst],
    );
    expect(rows.map((x) => [x.reason, x.origin])).toEqual([
      ['bureau:7', 'file'],
      ['bureau:7 institution removed', 'file'],
      ['bureau 说明', 'command'],
      ['人工授予', 'command'],
    ]);
  });
});

describe('pnpm admin policy: 宁夏 city markups', () => {
  // 002 三: 总体价格水平不高于我区定点药店量价比较指数的药店，也可适当加价，具体由各市结合医保基金等因素确定
  it('set, history and rollback; the API applies the live version', async () => {
    const nx = await regionId('ningxia');
    const p = await product(nx, 'NXIDX1');
    for (const [code, city] of [['NXYC1', '银川市'], ['NXGY1', '固原市']] as const) {
      const r = await db.get<{ id: number }>(
        `INSERT INTO institutions (region_id, code, name, type, address, city, lat, lng, listed_at, price_index_met) VALUES (?, ?, ?, 'retail_single', ?, ?, 38.5, 106.2, ?, 1) RETURNING id`,
        [nx, code, `药店${code}`, `${city}某路`, city, now],
      );
      await offer(r!.id, p, 1100);
    }
    expect((await markups('code=NXIDX1&region=ningxia'))['药店NXYC1']).toMatchObject({ status: 'above_rule' });

    const v1 = await setPolicy(db, { region: 'ningxia', change: { cityRates: { 银川: 15 } }, actor: 'tester' });
    expect(v1).toMatchObject({ changed: true, summary: '银川市 — → 15%' });
    let by = await markups('code=NXIDX1&region=ningxia');
    expect(by['药店NXYC1']).toMatchObject({ status: 'within_rule', cap: '11.50', rule: { id: 'retail_city_markup', name: '按量价比较指数达标计，银川市规定可加价15%', priceIndex: 'met' } });
    expect(by['药店NXGY1']).toMatchObject({ status: 'above_rule', cap: '10.00' });

    const v2 = await setPolicy(db, { region: 'ningxia', change: { cityRates: { 银川市: 5 }, defaultRate: 10 }, actor: 'tester' });
    by = await markups('code=NXIDX1&region=ningxia');
    expect(by['药店NXYC1']).toMatchObject({ status: 'above_rule', cap: '10.50' });
    expect(by['药店NXGY1']).toMatchObject({ status: 'within_rule', cap: '11.00' });
    expect((await showPolicy(db, 'ningxia')).versionId).toBe(v2.versionId);

    const history = await policyHistory(db, 'ningxia');
    expect(history.map((h) => [h.status, h.summary])).toEqual([
      ['published', '银川市 15% → 5%；默认 0% → 10%'],
      ['superseded', '银川市 — → 15%'],
      ['superseded', '首次修改前的设置'],
    ]);

    await rollbackPolicy(db, { region: 'ningxia', to: v1.versionId!, actor: 'tester' });
    by = await markups('code=NXIDX1&region=ningxia');
    expect(by['药店NXYC1']).toMatchObject({ status: 'within_rule', cap: '11.50' });
    expect(by['药店NXGY1']).toMatchObject({ status: 'above_rule', cap: '10.00' });
    const after = await policyHistory(db, 'ningxia');
    expect(after[0]).toMatchObject({ status: 'published', restoredFrom: v1.versionId });
    expect(after.find((h) => h.id === v2.versionId)!.status).toBe('rolled_back');
    expect((await listAudit(db, { action: 'policy.' })).map((a) => a.action)).toEqual(['policy.rollback', 'policy.set', 'policy.set']);
  });

  it('bad input is a clear error and changes nothing', async () => {
    const state = async () => ({
      policy: (await db.get<{ policy: string }>('SELECT policy FROM regions WHERE slug = ?', ['ningxia']))!.policy,
      versions: (await policyHistory(db, 'ningxia')).length,
    });
    const before = await state();
    await expect(setPolicy(db, { region: 'ningxia', change: { cityRates: { 西安: 10 } }, actor: 't' })).rejects.toThrow(/--city "西安" is not a city of 宁夏回族自治区; known: 银川市, 石嘴山市/);
    await expect(setPolicy(db, { region: 'jiangxi', change: { cityRates: { 南昌: 10 } }, actor: 't' })).rejects.toThrow(/no city markup rule/);
    await expect(setPolicy(db, { region: 'nowhere', change: { defaultRate: 1 }, actor: 't' })).rejects.toThrow(/unknown region "nowhere"/);
    await expect(setPolicy(db, { region: 'ningxia', change: { hotline: '打电话' }, actor: 't' })).rejects.toThrow(/--hotline "打电话"/);
    await expect(setPolicy(db, { region: 'ningxia', change: {}, actor: 't' })).rejects.toThrow(/nothing to set/);
    await expect(rollbackPolicy(db, { region: 'ningxia', to: 99999, actor: 't' })).rejects.toThrow(/no policy version 99999 for ningxia/);
    expect(await state()).toEqual(before);
  });
});
