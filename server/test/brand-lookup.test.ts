/**
 * Issue 15: `lookup` uses the brand data (挂网药品价格 + the alias table, shipped default and published),
 * and a search names what a brand or alias is from that data. Real SQLite (or PostgreSQL in the pg
 * project) and the real Meilisearch of the global setup.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrugLookupResponse, DrugSearchResponse } from '@yaojia/shared';
import { listVersions, publishFile, rollbackTo } from '../src/ingest/index.js';
import { FIXTURES, buildTestApp, type TestApp } from './helper.js';

// catalog-codes.csv (山西): 苯磺酸氨氯地平片 5mg×28 ¥4.62 (京新, 8123456) and 5mg×14 ¥2.90 (华海), 阿托伐他汀钙片 20mg×28.
// listed-good.csv: 络活喜 XC08CAA040A001020100111 5mg×7 ¥30.45 (辉瑞, 原研); XC08CAA040A001020100555 an
// unbranded 苯磺酸氨氯地平片 5mg×28 ¥18.00 of 测试制药有限公司.
const LIPITOR_NAME_ONLY = 'XC10AAA011A001020100222';
const NORVASC = 'XC08CAA040A001020100111';
const UNBRANDED = 'XC08CAA040A001020100555';

describe('lookup through the brand data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    expect((await publishFile(t.db, { kind: 'catalog', region: 'shanxi', file: join(FIXTURES, 'catalog-codes.csv'), publisher: 'test' })).status).toBe('published');
  });
  afterAll(async () => t?.close());

  const lookup = async (code: string, region = 'shanxi') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/drugs/lookup?code=${encodeURIComponent(code)}&region=${region}` });
    return { status: res.statusCode, body: res.json() as DrugLookupResponse & { message: string } };
  };
  const search = async (q: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/drugs/search?q=${encodeURIComponent(q)}&region=shanxi` });
    expect(res.statusCode).toBe(200);
    return res.json() as DrugSearchResponse;
  };

  it('before any listed price: a brand name answers from the shipped alias table, in lookup and in search', async () => {
    const named = await lookup('络活喜');
    expect(named.status).toBe(200);
    expect(named.body.kind).toBe('name');
    expect(named.body.alias).toEqual({ name: '络活喜', kind: 'original', maker: '辉瑞', ingredient: '氨氯地平' });
    expect(named.body.brand).toBeUndefined();
    expect(named.body.products.map((p) => p.code).sort()).toEqual(['XC08CAA040A001010100001', 'XC08CAA040A001010100002']);
    expect(named.body.products.every((p) => p.name && p.spec === '5mg')).toBe(true);
    // full-width letters and spaces as a phone keyboard may give them
    expect((await lookup(' 络活喜 ')).body.kind).toBe('name');

    const group = (await search('络活喜')).items.find((g) => g.genericName === '苯磺酸氨氯地平片')!;
    expect(group.brand).toBeUndefined();
    expect(group.alias).toEqual({ name: '络活喜', kind: 'original', maker: '辉瑞', ingredient: '氨氯地平' });
    // a plain 通用名 search names no alias
    expect((await search('氨氯地平')).items.every((g) => !g.alias)).toBe(true);
  });

  it('a listed brand\'s 医保药品编码 answers the brand, its price and the 集采 products of its strength with their monthly saving', async () => {
    expect((await lookup(NORVASC)).status).toBe(404);
    expect((await publishFile(t.db, { kind: 'listed', region: 'shanxi', file: join(FIXTURES, 'listed-good.csv'), publisher: 'test' })).status).toBe('published');
    const { status, body } = await lookup(NORVASC);
    expect(status).toBe(200);
    expect(body.kind).toBe('insurance');
    expect(body.brand).toMatchObject({ name: '络活喜', original: true, listedPrice: '30.45', unitListedPrice: '4.35', code: NORVASC, equivalence: 'same' });
    expect(body.products.map((p) => [p.code, p.spec, p.genericName])).toEqual([
      ['XC08CAA040A001010100002', '5mg', '苯磺酸氨氯地平片'],
      ['XC08CAA040A001010100001', '5mg', '苯磺酸氨氯地平片'],
    ]);
    // 4.35 a day against 4.62 / 28: (435 − 16.5) × 30
    expect(body.products.find((p) => p.code === 'XC08CAA040A001010100001')!.monthlySaving).toBe('125.55');
    expect(body.groups[0]!.brand!.name).toBe('络活喜');

    // typed as its 商品名, once listed: the same brand answer (kind name)
    const named = await lookup('络活喜');
    expect(named.body.kind).toBe('name');
    expect(named.body.brand!.listedPrice).toBe('30.45');
  });

  it('a listed code without a 商品名 is named through the alias table (the maker\'s brand of the molecule), published per region', async () => {
    const plain = await lookup(UNBRANDED);
    expect(plain.status).toBe(200);
    expect(plain.body.brand).toMatchObject({ name: '苯磺酸氨氯地平片', original: false, listedPrice: '18.00' });

    const dir = mkdtempSync(join(tmpdir(), 'brand-lookup-'));
    const file = join(dir, 'aliases.csv');
    writeFileSync(file, '活性成分,商品名,名称类型,生产企业,剂型限定\n氨氯地平,测试平,商品名,测试制药,\n苯磺酸氨氯地平片,晋降压,别名,,\n');
    expect((await publishFile(t.db, { kind: 'aliases', region: 'shanxi', file, publisher: 'test' })).status).toBe('published');
    const named = await lookup(UNBRANDED);
    expect(named.body.brand).toMatchObject({ name: '测试平', original: false, listedPrice: '18.00' });
    // (18.00 / 28 a day against 4.62 / 28 and 2.90 / 14)
    expect(named.body.products.every((p) => typeof p.monthlySaving === 'string')).toBe(true);

    // the published alias as typed text
    const alias = await lookup('晋降压');
    expect(alias.status).toBe(200);
    expect(alias.body.alias).toEqual({ name: '晋降压', kind: 'alias', maker: null, ingredient: '氨氯地平' });
    // only in the region that published it: elsewhere it is no name, so not a code either
    const elsewhere = await lookup('晋降压', 'shenyang');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.message).toContain('不是可识别的药品编码');
  });

  it('404 in Chinese for a well-formed code or a known name the region does not have; 400 for malformed', async () => {
    // another region: its (empty) catalog and no listed prices
    const code = await lookup(NORVASC, 'shenyang');
    expect(code.status).toBe(404);
    expect(code.body).toMatchObject({ message: '这是医保药品编码，但本地区目录中没有该药品', kind: 'insurance' });
    const name = await lookup('络活喜', 'shenyang');
    expect(name.status).toBe(404);
    expect(name.body).toMatchObject({ message: '这是药品名称，但本地区目录中没有该成分的集采药品', kind: 'name' });
    // 立普妥's code: its molecule (阿托伐他汀) is in the catalog, so it answers
    expect((await lookup(LIPITOR_NAME_ONLY)).status).toBe(200);
    // a known originator whose molecule the region's catalog does not list (可定, 瑞舒伐他汀)
    expect((await lookup('可定')).body).toMatchObject({ kind: 'name', message: '这是药品名称，但本地区目录中没有该成分的集采药品' });
    expect((await lookup('XZ99ZZZ999Z999999999999')).body.message).toBe('这是医保药品编码，但本地区目录中没有该药品');

    for (const s of ['感冒药', 'hello', '络', '6901234567893']) {
      const r = await lookup(s);
      expect(r.status, s).toBe(400);
      expect(r.body.message, s).toMatch(/药品编码|校验位/);
    }
    for (const s of ['络活喜\u0000', '%', '😀'.repeat(50), '络活喜'.repeat(10), "络活喜'; --"]) {
      expect([200, 400, 404], s).toContain((await lookup(s)).status);
    }
  });

  it('a code printed on a brand\'s box (EAN-13, 本位码, 药品标识码, 追溯码) answers the brand card; a rollback takes the codes away', async () => {
    const before = (await listVersions(t.db, 'shanxi', 'listed'))[0]!.id;
    expect((await lookup('6934567001115')).status).toBe(404);
    expect((await publishFile(t.db, { kind: 'listed', region: 'shanxi', file: join(FIXTURES, 'listed-codes.csv'), publisher: 'test' })).status).toBe('published');

    const ean = await lookup('6934567001115');
    expect(ean.status).toBe(200);
    expect(ean.body.kind).toBe('ean13');
    expect(ean.body.kindLabel).toBe('商品条码');
    expect(ean.body.brand).toMatchObject({ name: '络活喜', original: true, listedPrice: '30.45', code: NORVASC, equivalence: 'same' });
    // the 集采 products of the same molecule and strength, each with its saving against the brand
    expect(ean.body.products.map((p) => [p.code, p.spec, p.monthlySaving])).toEqual([
      ['XC08CAA040A001010100002', '5mg', expect.stringMatching(/^\d+\.\d{2}$/)],
      ['XC08CAA040A001010100001', '5mg', '125.55'],
    ]);
    // a full 追溯码 of a 络活喜 box, by its second 药品标识码, typed with spaces
    const trace = await lookup('8765 4330 0000 0012 6010');
    expect(trace.status).toBe(200);
    expect([trace.body.kind, trace.body.brand!.name]).toEqual(['trace', '络活喜']);
    expect((await lookup('8765440')).body.brand).toMatchObject({ name: '立普妥', listedPrice: '46.20' });
    const standard = await lookup('86978880000029');
    expect([standard.body.kind, standard.body.brand!.name, standard.body.products[0]!.genericName]).toEqual(['standard', '立普妥', '阿托伐他汀钙片']);
    // a listed product without a 商品名: named by its maker's name in the published alias table
    expect((await lookup('6901234005554')).body.brand).toMatchObject({ name: '测试平', listedPrice: '18.00' });
    // a 集采 product's own code still answers that product, with no brand
    const own = await lookup('8123456');
    expect(own.body.products.map((p) => p.code)).toEqual(['XC08CAA040A001010100001']);
    expect(own.body.brand).toBeUndefined();
    // another region's 挂网 list does not answer
    expect((await lookup('6934567001115', 'shenyang')).status).toBe(404);

    expect((await rollbackTo(t.db, { region: 'shanxi', kind: 'listed', to: before, publisher: 'test' })).status).toBe('rolled_back');
    const gone = await lookup('6934567001115');
    expect(gone.status).toBe(404);
    expect(gone.body.message).toBe('这是商品条码，但本地区目录中没有该药品');
    // the brand itself is still listed (by its 医保编码)
    expect((await lookup(NORVASC)).body.brand!.name).toBe('络活喜');
  });
});
