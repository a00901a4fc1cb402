import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveriesResponse, InstitutionDetail, ShortageCreated, StatsResponse, SupplyAlertsResponse } from '@yaojia/shared';
import { buildApp, type App } from '../src/app.js';
import { listAudit } from '../src/bureau/audit.js';
import { checkCreditCode, creditCodeCheckChar } from '@yaojia/shared';
import { addInstitution, grantBadge, revokeBadge } from '../src/bureau/institutions.js';
import { acquireDbLock, acquireLock } from '../src/lib/lock.js';
import { LockedError } from '../src/errors.js';
import { formatRun, runNightly } from '../src/bureau/nightly.js';
import { reportsByInstitution, resolveReport } from '../src/bureau/reports.js';
import { computeStats, parsePeriod, recordDesignatedCount } from '../src/bureau/stats.js';
import { statsCsv, statsTable, statsXlsx } from '../src/bureau/stats-output.js';
import { importDeliveries, reportShortage } from '../src/bureau/supply.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import { createReport } from '../src/repositories/reports.js';
import { issueToken } from '../src/repositories/tokens.js';
import { FIXTURES, noSearch, onPostgres, tempDb, type TempDb } from './helper.js';

const idOf = async (db: Db, code: string) => (await db.get<{ id: number }>('SELECT id FROM institutions WHERE code = ?', [code]))!.id;

let t: TempDb;
let db: Db;
let app: App;
let inbox: string;
let reindexCalls = 0;
const reindex = async () => {
  reindexCalls++;
  return { ok: true, line: 'search     reindexed (test)' };
};

beforeAll(async () => {
  t = await tempDb();
  db = t.db;
  inbox = join(t.dir, 'inbox');
  cpSync(join(FIXTURES, 'inbox'), inbox, { recursive: true });
  app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url }), db, search: noSearch });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

describe('nightly ingest over the demo inbox', () => {
  it('publishes the good files in order, rejects the bad one with file/row/column, reindexes once, writes a report', async () => {
    const r = await runNightly(db, { dir: inbox, publisher: 'nightly-test', reindex, lockFile: join(t.dir, '.ingest.lock') });
    expect(r.files.map((f) => [f.kind, f.status])).toEqual([
      ['catalog', 'published'],
      ['institutions', 'published'],
      ['prices', 'published'],
      ['prices', 'rejected'],
    ]);
    expect(reindexCalls).toBe(1);
    const bad = r.files[3]!;
    expect(bad.file).toBe('太原市药店价格更新（有误）.csv');
    if (bad.status !== 'rejected') throw new Error('expected rejected');
    expect(bad.reason).toMatch(/nothing was changed/);
    expect(bad.errors.map((e) => [e.row, e.columnLetter, e.column])).toEqual([
      [4, 'C', '销售价'],
      [5, 'A', '机构医保编码'],
      [6, 'F', '更新时间'],
    ]);
    // the JSON report is on disk and says the same
    const json = JSON.parse(readFileSync(join(inbox, r.reportFile!), 'utf8'));
    expect(json.published).toBe(3);
    expect(json.rejected).toBe(1);
    expect(json.files[3].errors[0].message).toContain('row 4, column C (销售价)');
    expect(formatRun(r)).toContain('3 published, 0 skipped, 1 rejected');
    // the bad file changed nothing: the good price of P14010500001's amlodipine is still live
    const price = await db.get<{ p: number }>(
      "SELECT o.selling_price_fen AS p FROM offers o JOIN products p ON p.id = o.product_id JOIN institutions i ON i.id = o.institution_id WHERE i.code = 'P14010500001' AND p.code = 'XC08CAA040A001010100001'",
    );
    expect(price!.p).toBe(462);
    expect(await listAudit(db, { action: 'ingest.run' })).toHaveLength(1);
  });

  it('skips a re-run (sha256 already published) and does not reindex', async () => {
    const r = await runNightly(db, { dir: inbox, publisher: 'nightly-test', reindex, lockFile: join(t.dir, '.ingest.lock') });
    expect(r.skipped).toBe(3);
    expect(r.published).toBe(0);
    expect(r.rejected).toBe(1);
    expect(reindexCalls).toBe(1);
    expect(r.files.filter((f) => f.status === 'skipped').every((f) => f.status === 'skipped' && /already published as version \d+/.test(f.reason))).toBe(true);
  });

  it('refuses to overlap a live run and takes over a stale lock', async () => {
    const lockFile = join(t.dir, 'other.lock');
    const held = acquireLock(lockFile);
    await expect(runNightly(db, { dir: inbox, publisher: 'x', lockFile })).rejects.toBeInstanceOf(LockedError);
    held.release();
    // a lock left by a process that no longer exists
    writeFileSync(lockFile, JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), startedAt: new Date().toISOString() }));
    const r = await runNightly(db, { dir: inbox, publisher: 'x', lockFile });
    expect(r.staleLock?.pid).toBe(2 ** 22 + 12345);
    expect(existsSync(lockFile)).toBe(false);
  });

  // PostgreSQL only: a database there can be fed from hosts that share no lock file; SQLite's acquireDbLock is a no-op
  it.runIf(onPostgres)('on PostgreSQL, the database’s advisory lock keeps two runs apart whatever their lock files', async () => {
    const held = await acquireDbLock(db);
    await expect(runNightly(db, { dir: inbox, publisher: 'x', lockFile: join(t.dir, 'third.lock') })).rejects.toBeInstanceOf(LockedError);
    expect(existsSync(join(t.dir, 'third.lock'))).toBe(false);
    await held.release();
    const again = await acquireDbLock(db);
    await again.release();
  });
});

describe('statistics (宁夏 附件3) for a quarter', () => {
  it('counts institutions, varieties by 通用名 and estimated amounts, new and cumulative', async () => {
    const s = await computeStats(db, 'shanxi', '2026Q3');
    expect([s.start, s.end]).toEqual(['2026-07-01', '2026-10-01']);
    const col = (g: string) => s.columns.find((c) => c.group === g)!;
    expect(col('designated_pharmacy').institutions).toEqual({ new: 1, cumulative: 2 });
    expect(col('private_medical').institutions).toEqual({ new: 1, cumulative: 2 });
    expect(col('village_clinic').institutions).toEqual({ new: 1, cumulative: 1 });
    expect(col('community_health_station').institutions).toEqual({ new: 0, cumulative: 1 });
    expect(col('township_health_center').institutions).toEqual({ new: 0, cumulative: 1 });
    expect(col('total').institutions).toEqual({ new: 3, cumulative: 7 });
    // pharmacies: 氨氯地平, 阿托伐他汀 (Q2), 二甲双胍, 氯吡格雷 (new in Q3)
    expect(col('designated_pharmacy').varieties).toEqual({ new: 2, cumulative: 4 });
    // across all columns 氯吡格雷 is the only 通用名 first seen in Q3
    expect(col('total').varieties).toEqual({ new: 1, cumulative: 5 });
    // 村卫生室: 二甲双胍 6.80 × 15 packs, first seen 2026-08-25, 37 days to 10-01: 680 × 15 × 37 / 30 fen
    expect(col('village_clinic').purchaseAmount).toEqual({ new: '125.80', cumulative: '125.80' });
    const sum = s.columns.filter((c) => c.group !== 'total').reduce((n, c) => n + Math.round(Number(c.purchaseAmount.new) * 100), 0);
    expect(Math.round(Number(col('total').purchaseAmount.new) * 100)).toBe(sum);
    expect(s.notes.join('\n')).toMatch(/估算/);
    expect(s.coverage.share).toBeNull();
  });

  it('computes coverage against the bureau’s count and 江西’s targets; prints, exports CSV and xlsx with a chart', async () => {
    await recordDesignatedCount(db, { region: 'shanxi', count: 8, asOf: '2025-12-31', actor: 'test' });
    const s = await computeStats(db, 'shanxi', '2026Q3');
    expect(s.coverage).toMatchObject({ joined: 7, designated: 8, share: 0.875, denominator: 'bureau' });
    // 江西's 80 % / 90 % targets are 江西's (seed 001 一): 山西 is not judged by them
    expect(s.coverage.targets).toEqual([]);
    expect(s.notes.join('')).not.toMatch(/80%|90%|joined_at|Σ|pnpm|seed/);
    await recordDesignatedCount(db, { region: 'jiangxi', count: 10, asOf: '2025-12-31', actor: 'test' });
    const jx = await computeStats(db, 'jiangxi', '2026Q3');
    expect(jx.coverage.targets.map((x) => [x.by, x.share])).toEqual([
      ['2025-12-31', 0.8],
      ['2026-12-31', 0.9],
    ]);
    expect(jx.notes.join('')).toContain('2025年底达到80%、2026年底达到90%');
    expect(s.coverage.series.map((p) => p.period)).toEqual(['2026Q1', '2026Q2', '2026Q3']);
    const table = statsTable(s);
    for (const label of ['定点药店', '民营医疗机构', '村卫生室', '社区卫生站', '汇总', '参加集采药品医药机构数量（新增）', '采购集采药品金额（累计，元，估算）']) {
      expect(table).toContain(label);
    }
    expect(statsCsv(s).split('\r\n')[0]).toBe('\uFEFF,定点药店,民营医疗机构,村卫生室,社区卫生站,乡镇卫生院,汇总');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await statsXlsx(s)) as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('附件3')!.getCell('B2').value).toBe('定点药店');
    expect(wb.getWorksheet('附件3')!.getCell('G4').value).toBe(7);
    expect(wb.getWorksheet('覆盖率')!.getImages()).toHaveLength(1);
  });

  it('serves the same figures at GET /api/v1/stats, with 400/404 for a bad period or region', async () => {
    const res = await app.inject({ url: '/api/v1/stats?region=shanxi&period=2026Q3' });
    expect(res.statusCode).toBe(200);
    const body = res.json<StatsResponse>();
    expect(body).toEqual(await computeStats(db, 'shanxi', '2026Q3'));
    expect((await app.inject({ url: '/api/v1/stats?region=shanxi&period=2026Q5' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/v1/stats?region=atlantis&period=2026Q3' })).statusCode).toBe(404);
    expect(parsePeriod('2026Q4')).toEqual({ label: '2026Q4', start: '2026-10-01', end: '2027-01-01' });
  });
});

describe('institutions and badges', () => {
  it('checks the 统一社会信用代码 (GB 32100-2015)', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(checkCreditCode('91350100M000100Y44')).toMatchObject({ ok: false });
    expect(checkCreditCode('91350100M000100Y4')).toMatchObject({ ok: false });
    expect(checkCreditCode('91350100M0001O0Y43')).toMatchObject({ ok: false });
  });

  it('admits an institution with the 附件1 fields and a ≥ 1 year membership; refuses a shorter one', async () => {
    const base = {
      region: 'shanxi', name: '大参林药房（亲贤街店）', address: '山西省太原市小店区亲贤北街99号', creditCode: `91140105MA0K1A2B3${creditCodeCheckChar('91140105MA0K1A2B3')}`,
      legalRepresentative: '柯云峰', code: 'P14010500009', contactName: '刘芳', contactPhone: '13935112345', type: 'retail_chain' as const,
      lat: 37.83, lng: 112.56, commitment: 'markup_15' as const, startsAt: '2026-08-01',
    };
    await expect(addInstitution(db, { ...base, endsAt: '2027-03-01' }, 'test')).rejects.toThrow(/不少于一年/);
    await expect(addInstitution(db, { ...base, creditCode: '91140105MA0K1A2B3X' }, 'test')).rejects.toThrow(/check character/);
    const r = await addInstitution(db, base, 'test');
    expect(r).toMatchObject({ created: true, startsAt: '2026-08-01', endsAt: '2027-08-01' });
    const row = await db.get('SELECT joined_at AS j, commitment AS c, legal_representative AS l FROM institutions WHERE id = ?', [r.institutionId]);
    expect(row).toEqual({ j: '2026-08-01', c: 'markup_15', l: '柯云峰' });
    expect((await listAudit(db, { action: 'institutions.add' }))[0]?.target).toBe('shanxi/P14010500009');
  });

  it('a revoked badge disappears from GET /api/v1/institutions/:id at once', async () => {
    const id = await idOf(db, 'P14010500001');
    const before = (await app.inject({ url: `/api/v1/institutions/${id}` })).json<InstitutionDetail>();
    expect(before.badges.map((b) => b.label)).toEqual(['集采便民药店']);
    const changes = await revokeBadge(db, { code: 'P14010500001', reason: '检查发现专区混放非中选药品', actor: 'test' });
    expect(changes[0]).toMatchObject({ changed: true, kind: 'jicai_pharmacy' });
    const after = (await app.inject({ url: `/api/v1/institutions/${id}` })).json<InstitutionDetail>();
    expect(after.badges).toEqual([]);
    // kept on record, with the reason; granted again, it shows again
    expect(await db.get('SELECT reason, CASE WHEN removed_at IS NOT NULL THEN 1 ELSE 0 END AS removed FROM badges WHERE institution_id = ?', [id])).toEqual({
      reason: '检查发现专区混放非中选药品',
      removed: 1,
    });
    expect((await grantBadge(db, { code: 'P14010500001', reason: '整改完成', actor: 'test' })).changed).toBe(true);
    expect((await app.inject({ url: `/api/v1/institutions/${id}` })).json<InstitutionDetail>().badges).toHaveLength(1);
    await expect(grantBadge(db, { code: 'H14011000005', reason: 'x', actor: 'test' })).rejects.toThrow(/乡镇卫生院/);
    expect((await listAudit(db, { action: 'badge' })).map((a) => a.action)).toEqual(['badge.grant', 'badge.revoke']);
    // the prefix ignores ASCII case on both databases (SQLite's LIKE does, PostgreSQL's would not)
    expect(await listAudit(db, { action: 'BADGE.' })).toHaveLength(2);
  });
});

describe('citizens’ reports', () => {
  it('groups by institution with counts by kind and flags 3+ confirmed', async () => {
    const inst = await idOf(db, 'P14010600002');
    const refs: string[] = [];
    for (const i of [0, 1, 2, 3]) {
      refs.push((await createReport(db, { institutionId: inst, kind: i === 3 ? 'out_of_stock' : 'price_mismatch', productCode: 'XC08CAA040A001010100001' })).reference);
    }
    for (const ref of refs.slice(0, 3)) await resolveReport(db, { reference: ref, resolution: 'confirmed', note: '现场核实：标价 5.20 高于中选价', actor: 'test' });
    const list = await reportsByInstitution(db, { region: 'shanxi' });
    expect(list[0]).toMatchObject({ code: 'P14010600002', total: 4, open: 1, confirmed: 3, flagged: true });
    expect(list[0]!.byKind).toMatchObject({ price_mismatch: 3, out_of_stock: 1 });
    await expect(resolveReport(db, { reference: refs[3]!, resolution: 'rejected', note: ' ', actor: 'test' })).rejects.toThrow(/--note/);
  });
});

describe('supply assurance', () => {
  it('a shortage reported by a pharmacy shows in /api/v1/supply/alerts as 供应紧张', async () => {
    const inst = await idOf(db, 'P14010600002');
    const token = (await issueToken(db, { role: 'institution', institutionId: inst, days: 30, actor: 'test' })).token;
    const before = (await app.inject({ url: '/api/v1/supply/alerts?region=shanxi&code=XC10AAA011A001010101234' })).json<SupplyAlertsResponse>();
    expect(before.items).toEqual([]);
    const res = await app.inject({
      method: 'POST', url: '/api/v1/me/shortages', headers: { authorization: `Bearer ${token}` },
      payload: { productCode: 'XC10AAA011A001010101234', since: '2026-09-10', evidence: '9月10日订单，配送企业答复生产企业断货' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<ShortageCreated>()).toMatchObject({ productCode: 'XC10AAA011A001010101234', genericName: '阿托伐他汀钙片' });
    const after = (await app.inject({ url: '/api/v1/supply/alerts?region=shanxi&code=XC10AAA011A001010101234' })).json<SupplyAlertsResponse>();
    expect(after.items).toEqual([expect.objectContaining({ code: 'XC10AAA011A001010101234', notice: '供应紧张', openShortages: 1, shortSince: '2026-09-10' })]);
    // without a token: 401; a product outside the catalog: 400
    expect((await app.inject({ method: 'POST', url: '/api/v1/me/shortages', payload: { productCode: 'X', since: '2026-09-10', evidence: 'abcd' } })).statusCode).toBe(401);
    const bad = await app.inject({
      method: 'POST', url: '/api/v1/me/shortages', headers: { authorization: `Bearer ${token}` },
      payload: { productCode: 'NOPE', since: '2026-09-10', evidence: 'abcd' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('flags a product most institutions have out of stock (stock-out signal)', async () => {
    const all = (await app.inject({ url: '/api/v1/supply/alerts?region=shanxi' })).json<SupplyAlertsResponse>();
    const clopidogrel = all.items.find((i) => i.code === 'XB01ACL025A001010102233');
    expect(clopidogrel).toMatchObject({ offers: 3, outOfStock: 3, outOfStockShare: 1, openShortages: 0, notice: '供应紧张' });
    expect(all.items.find((i) => i.code === 'XC08CAA040A001010100001')).toBeUndefined();
  });

  it('reports distributors’ delivery within 72 hours (沈阳) from imported records', async () => {
    const r = await importDeliveries(db, join(FIXTURES, 'deliveries', 'shanxi.deliveries.2026-09.csv'), 'shanxi', 'test');
    expect(r).toMatchObject({ inserted: 9, updated: 0 });
    expect(r.rejected.map((x) => x.row)).toEqual([11]);
    expect(await importDeliveries(db, join(FIXTURES, 'deliveries', 'shanxi.deliveries.2026-09.csv'), 'shanxi', 'test')).toMatchObject({ inserted: 0, updated: 9 });
    const res = (await app.inject({ url: '/api/v1/supply/deliveries?region=shanxi' })).json<DeliveriesResponse>();
    const by = Object.fromEntries(res.items.map((d) => [d.distributor, d]));
    expect(by['国药控股山西有限公司']).toMatchObject({ due: 4, onTime: 2, late: 1, short: 1, overdue: 0, onTimeRate: 0.5 });
    expect(by['华润山西医药有限公司']).toMatchObject({ due: 3, onTime: 1, overdue: 2 });
    expect(res.windowHours).toBe(72);
  });

  it('updates an open shortage rather than duplicating it', async () => {
    const inst = await idOf(db, 'P14010600002');
    const a = await reportShortage(db, inst, { productCode: 'XC10AAA011A001010101234', since: '2026-09-08', evidence: '补充：9月8日起已断货' }, 'test');
    expect(await db.get('SELECT COUNT(*) AS n FROM shortages WHERE resolved_at IS NULL')).toEqual({ n: 1 });
    expect(a.since).toBe('2026-09-08');
  });
});
