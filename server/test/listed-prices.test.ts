import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrugSearchResponse } from '@yaojia/shared';
import { listVersions, parseFile, publishFile, rollbackTo } from '../src/ingest/index.js';
import { equivalence, genericStem } from '../src/repositories/brands.js';
import { FIXTURES, buildTestApp, type TestApp } from './helper.js';

// listed-good.csv: 络活喜 5mg×7 ¥30.45, 立普妥 20mg×7 ¥46.20, 波立维 75mg×7 ¥82.46 (originators); 安马 is a
// made-up brand of 马来酸氨氯地平片 for the salt rule; one unbranded non-winning generic.
// The 太原 catalog fixture: 苯磺酸氨氯地平片 5mg×28 ¥4.62, 阿托伐他汀钙片 20mg×28 ¥5.46, 硫酸氢氯吡格雷片 75mg×28 ¥12.50.

describe('挂网药品价格 files', () => {
  it('reads the columns, 是否原研 / 是否过评, and a brand in brackets', async () => {
    const r = await parseFile(join(FIXTURES, 'listed-good.csv'), 'listed');
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toEqual({
      code: 'XC08CAA040A001020100111', genericName: '苯磺酸氨氯地平片', brandName: '络活喜', dosageForm: '片剂', spec: '5mg', conversionRatio: 7,
      maker: '辉瑞制药有限公司', listedPriceFen: 3045, original: true, consistency: true, identifierCodes: [], standardCodes: [], barcodes: [],
    });
    expect(r.rows[4]).toMatchObject({ brandName: null, original: false, consistency: false });
  });

  it('names file, row and column of each bad cell under header variants', async () => {
    const r = await parseFile(join(FIXTURES, 'listed-bad.csv'), 'listed');
    expect(r.errors.map((e) => [e.row, e.columnLetter, e.column])).toEqual([
      [2, 'H', '挂网价'],
      [3, 'F', '转换系数'],
      [3, 'I', '原研'],
    ]);
    expect(r.errors[0]!.message).toMatch(/^listed-bad\.csv row 2, column H \(挂网价\): "三十元" is not valid — expected a price in yuan/);
  });
});

describe('pack codes on the 挂网 file (the catalog\'s columns and checks)', () => {
  it('reads 药品标识码 / 本位码 / 条形码 under the catalog\'s header variants, several per cell', async () => {
    const r = await parseFile(join(FIXTURES, 'listed-codes.csv'), 'listed');
    expect(r.errors).toEqual([]);
    expect(r.stats.columns.slice(-3).map((c) => [c.letter, c.header, c.field])).toEqual([
      ['K', '追溯码前7位', 'identifierCodes'], ['L', '国家药品本位码', 'standardCodes'], ['M', '商品条码', 'barcodes'],
    ]);
    expect(r.rows.map((x) => [x.identifierCodes, x.standardCodes, x.barcodes])).toEqual([
      [['8765432', '8765433'], ['86978880000011'], ['6934567001115']],
      [['8765440'], ['86978880000028', '86978880000029'], ['6934567002228']],
      [[], [], ['6901234005554']],
    ]);
  });

  it('names file, row and column of each bad code: length, digits, EAN check digit, a number Excel shortened', async () => {
    const r = await parseFile(join(FIXTURES, 'listed-bad-codes.csv'), 'listed');
    expect(r.errors.map((e) => [e.row, e.columnLetter, e.column])).toEqual([
      [2, 'L', '条形码'],
      [3, 'J', '药品标识码'],
      [3, 'K', '本位码'],
      [3, 'L', '条形码'],
      [4, 'J', '药品标识码'],
    ]);
    expect(r.errors[0]!.message).toMatch(/^listed-bad-codes\.csv row 2, column L \(条形码\): "6934567001116" .*check digit \(5 for 693456700111…\)/);
    expect(r.errors[3]!.message).toContain('format the column as text');
    expect(r.errors[4]!.message).toContain('separated by');
    expect(r.rows).toEqual([]);
  });
});

describe('salt variants', () => {
  it('counts a different salt as the same molecule only when both 规格 are written as the base', () => {
    expect(genericStem('苯磺酸氨氯地平片')).toBe(genericStem('马来酸氨氯地平片'));
    expect(genericStem('甲磺酸氨氯地平片')).toBe('氨氯地平片');
    expect(genericStem('马来酸左旋氨氯地平片')).not.toBe('氨氯地平片');
    expect(equivalence({ genericName: '苯磺酸氨氯地平片', spec: '5mg' }, { genericName: '苯磺酸氨氯地平片', spec: '5mg' })).toBe('same');
    expect(equivalence({ genericName: '马来酸氨氯地平片', spec: '5mg(按C20H25ClN2O5计)' }, { genericName: '苯磺酸氨氯地平片', spec: '5mg（按氨氯地平计）' })).toBe('same_base');
    expect(equivalence({ genericName: '马来酸氨氯地平片', spec: '5mg(按C20H25ClN2O5计)' }, { genericName: '苯磺酸氨氯地平片', spec: '5mg' })).toBe('unsure');
    expect(equivalence({ genericName: '阿托伐他汀钙片', spec: '20mg' }, { genericName: '苯磺酸氨氯地平片', spec: '5mg' })).toBeNull();
  });
});

describe('brand → 集采 alternative in search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t?.close());

  const search = async (q: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/drugs/search?q=${encodeURIComponent(q)}&region=shanxi` });
    expect(res.statusCode).toBe(200);
    return res.json() as DrugSearchResponse;
  };

  it('publishes, dry-runs, versions and rolls back like the other kinds; a bad file changes nothing', async () => {
    const dry = await publishFile(t.db, { kind: 'listed', region: 'shanxi', file: join(FIXTURES, 'listed-good.csv'), publisher: 'test', dryRun: true });
    expect(dry.status).toBe('dry_run');
    expect(dry.diff!.added).toBe(5);
    expect((await search('络活喜')).items[0]?.brand).toBeUndefined();

    const bad = await publishFile(t.db, { kind: 'listed', region: 'shanxi', file: join(FIXTURES, 'listed-bad.csv'), publisher: 'test' });
    expect(bad.status).toBe('rejected');
    expect(await listVersions(t.db, 'shanxi', 'listed')).toEqual([]);

    const r = await publishFile(t.db, { kind: 'listed', region: 'shanxi', file: join(FIXTURES, 'listed-good.csv'), publisher: 'test' });
    expect(r.status).toBe('published');
    const versions = await listVersions(t.db, 'shanxi', 'listed');
    expect(versions.map((v) => [v.kind, v.rowCount, v.status])).toEqual([['listed', 5, 'published']]);
  });

  it('a brand search answers the brand and the monthly saving of each 集采 product of the same strength, at the DDD', async () => {
    const body = await search('络活喜');
    const group = body.items[0]!;
    expect(group.genericName).toBe('苯磺酸氨氯地平片');
    expect(group.brand).toMatchObject({ name: '络活喜', original: true, listedPrice: '30.45', unitListedPrice: '4.35', equivalence: 'same', dailyUnits: 1 });
    expect(group.brand!.note).toContain('医生');
    // 4.35 a day (DDD 5 mg = one 5 mg tablet) against 4.62 / 28 = 0.165: (435 − 16.5) × 30 = 12 555 fen
    expect(group.products.find((p) => p.code === 'XC08CAA040A001010100001')!.monthlySaving).toBe('125.55');

    const lipitor = (await search('立普妥')).items[0]!;
    expect(lipitor.genericName).toBe('阿托伐他汀钙片');
    expect(lipitor.brand!.listedPrice).toBe('46.20');
    expect(lipitor.products[0]!.monthlySaving).toBe('192.15'); // (660 − 19.5) × 30
    const plavix = (await search('波立维')).items[0]!;
    expect(plavix.products[0]!.monthlySaving).toBe('340.01'); // (1178 − 44.64) × 30
  });

  it('a plain 通用名 search carries no brand; an unsure salt variant carries the brand but no saving', async () => {
    const plain = (await search('苯磺酸氨氯地平片')).items[0]!;
    expect(plain.brand).toBeUndefined();
    expect(plain.products[0]!.monthlySaving).toBeUndefined();
    const salt = (await search('安马')).items.find((g) => g.brand)!;
    expect(salt.genericName).toBe('苯磺酸氨氯地平片');
    expect(salt.brand).toMatchObject({ name: '安马', genericName: '马来酸氨氯地平片', equivalence: 'unsure' });
    expect(salt.brand!.note).toContain('不能确定等效');
    expect(salt.products.every((p) => p.monthlySaving === null)).toBe(true);
  });

  it('a rollback to an earlier listed version changes the answer', async () => {
    const first = (await listVersions(t.db, 'shanxi', 'listed'))[0]!.id;
    // a second version without 波立维
    const { writeFileSync, readFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'listed-'));
    const v2 = join(dir, 'listed-v2.csv');
    writeFileSync(v2, readFileSync(join(FIXTURES, 'listed-good.csv'), 'utf8').split('\n').filter((l) => !l.includes('波立维')).join('\n'));
    expect((await publishFile(t.db, { kind: 'listed', region: 'shanxi', file: v2, publisher: 'test' })).diff!.removed).toBe(1);
    expect((await search('波立维')).items.some((g) => g.brand)).toBe(false);
    expect((await rollbackTo(t.db, { region: 'shanxi', kind: 'listed', to: first, publisher: 'test' })).status).toBe('rolled_back');
    expect((await search('波立维')).items[0]!.brand!.name).toBe('波立维');
  });
});

describe('demo data', () => {
  it('after the demo files are published, 络活喜 answers its 集采 alternatives with a saving, and a demo 追溯码 finds its drug', async () => {
    const { writeDemoFiles, demoCatalog, demoTraceCode } = await import('../src/demo/generate.js');
    const t = await buildTestApp({ publish: false });
    try {
      const { mkdtempSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const files = (await writeDemoFiles(mkdtempSync(join(tmpdir(), 'demo-listed-')))).filter((f) => f.region === 'shanxi' && (f.kind === 'catalog' || f.kind === 'listed'));
      for (const f of files) expect((await publishFile(t.db, { file: f.path, kind: f.kind, region: f.region, publisher: 'test' })).status).toBe('published');
      await t.search.reindexAll();
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/drugs/search?q=${encodeURIComponent('络活喜')}&region=shanxi` });
      const group = (res.json() as DrugSearchResponse).items[0]!;
      expect(group.brand).toMatchObject({ name: '络活喜', original: true, listedPrice: '29.40' });
      expect(group.products.every((p) => typeof p.monthlySaving === 'string' && Number(p.monthlySaving) > 100)).toBe(true);
      const amlodipine = demoCatalog().find((r) => r.drug.genericName === '苯磺酸氨氯地平片')!;
      const lookup = await t.app.inject({ method: 'GET', url: `/api/v1/drugs/lookup?code=${demoTraceCode(amlodipine.packCodes)}&region=shanxi` });
      expect(lookup.statusCode).toBe(200);
      expect(lookup.json().products[0].code).toBe(amlodipine.code);
      // the 络活喜 box's own barcode: the brand card (its 集采 alternatives with the monthly saving)
      const { DEMO_LISTED, demoListedPackCodes } = await import('../src/demo/generate.js');
      const norvasc = demoListedPackCodes(DEMO_LISTED.findIndex((l) => l.brandName === '络活喜'));
      const scanned = await t.app.inject({ method: 'GET', url: `/api/v1/drugs/lookup?code=${norvasc.ean13}&region=shanxi` });
      expect(scanned.statusCode).toBe(200);
      expect(scanned.json().brand).toMatchObject({ name: '络活喜', listedPrice: '29.40' });
      expect(scanned.json().products.every((p: { monthlySaving?: string }) => Number(p.monthlySaving) > 100)).toBe(true);
    } finally {
      await t.close();
    }
  });
});
