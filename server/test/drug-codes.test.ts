import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DrugLookupResponse, classifyDrugCode, isValidEan13 } from '@yaojia/shared';
import { listVersions, parseFile, publishFile, rollbackTo } from '../src/ingest/index.js';
import { FIXTURES, buildTestApp, type TestApp } from './helper.js';

describe('classifyDrugCode', () => {
  it.each([
    ['81234560000000012601', 'trace', '8123456'],
    ['8123456', 'identifier', '8123456'],
    ['86901234000012', 'standard', '86901234000012'],
    ['6901234567892', 'ean13', '6901234567892'],
    ['06901234567892', 'ean13', '6901234567892'], // GTIN-14 with a leading 0
    ['(01)06901234567892(17)271231(10)A1', 'ean13', '6901234567892'], // GS1 DataMatrix element string
    ['８１２３４５６', 'identifier', '8123456'], // full-width digits typed on a Chinese keyboard
    ['8123 4560 0000 0001 2601', 'trace', '8123456'],
    ['xc08caa040a001010100001', 'insurance', 'XC08CAA040A001010100001'],
    ['https://mashangfangxin.example/q?c=81234560000000012601', 'trace', '8123456'],
  ])('%s → %s', (input, kind, key) => {
    expect(classifyDrugCode(input)).toEqual({ ok: true, kind, key });
  });

  it.each([
    ['6901234567893', '校验位'],
    ['12345', '5 位数字'],
    ['12345678901234', '86'],
    ['阿莫西林', '不是可识别'],
    ['', '请输入'],
  ])('%s is malformed: %s', (input, words) => {
    const r = classifyDrugCode(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(words);
  });

  it('checks EAN-13 check digits', () => {
    expect(isValidEan13('6920202888883')).toBe(true);
    expect(isValidEan13('6920202888884')).toBe(false);
  });
});

describe('catalog code columns', () => {
  it('reads several codes per cell (、 ; or a line break) under the bureaus\' header variants', async () => {
    const r = await parseFile(join(FIXTURES, 'catalog-codes.csv'), 'catalog');
    expect(r.errors).toEqual([]);
    expect(r.stats.columns.map((c) => c.field)).toEqual(expect.arrayContaining(['identifierCodes', 'standardCodes', 'barcodes']));
    const [a, b, c, d] = r.rows;
    expect(a).toMatchObject({ identifierCodes: ['8123456', '8123457'], standardCodes: ['86901234000012'], barcodes: ['6901234567892'] });
    expect(b).toMatchObject({ identifierCodes: ['8234567', '8234568'], standardCodes: [], barcodes: ['6920202888883'] });
    expect(c).toMatchObject({ identifierCodes: ['8345678'], standardCodes: ['86902222000034', '86902222000035'], barcodes: [] });
    expect(d).toMatchObject({ identifierCodes: [], standardCodes: [], barcodes: [] });
  });

  it('names file, row and column of each bad code: a wrong check digit, a short code, Excel\'s 6.9E+12', async () => {
    const r = await parseFile(join(FIXTURES, 'catalog-bad-codes.csv'), 'catalog');
    const where = r.errors.map((e) => [e.row, e.columnLetter, e.column]);
    expect(where).toEqual([
      [2, 'J', '条形码'],
      [3, 'H', '药品标识码'],
      [3, 'I', '本位码'],
      [3, 'J', '条形码'],
    ]);
    expect(r.errors[0]!.message).toMatch(/^catalog-bad-codes\.csv row 2, column J \(条形码\): "6901234567893" .*check digit \(2 for 690123456789…\)/);
    expect(r.errors[3]!.message).toContain('format the column as text');
  });
});

describe('GET /api/v1/drugs/lookup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    const r = await publishFile(t.db, { kind: 'catalog', region: 'shanxi', file: join(FIXTURES, 'catalog-codes.csv'), publisher: 'test' });
    expect(r.status).toBe('published');
  });
  afterAll(async () => t?.close());

  const lookup = async (code: string, region = 'shanxi') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/drugs/lookup?code=${encodeURIComponent(code)}&region=${region}` });
    return { status: res.statusCode, body: res.json() as DrugLookupResponse & { message: string; kind: string } };
  };

  it('finds the product by a full 追溯码 (its 7-digit prefix), with its 通用名 group', async () => {
    const { status, body } = await lookup('81234570000000012601');
    expect(status).toBe(200);
    expect(body.kind).toBe('trace');
    expect(body.products.map((p) => [p.code, p.name, p.spec])).toEqual([['XC08CAA040A001010100001', '苯磺酸氨氯地平片', '5mg']]);
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]!.genericName).toBe('苯磺酸氨氯地平片');
    // the group says how many products of the 通用名 there are (the other maker's pack too); a search for it lists them
    expect(body.groups[0]!.productCount).toBe(2);
    expect(body.groups[0]).not.toHaveProperty('products');
  });

  it.each([
    ['8234568', 'identifier', 'XC08CAA040A001010100002'],
    ['86902222000035', 'standard', 'XC10AAA011A001010101234'],
    ['6920202888883', 'ean13', 'XC08CAA040A001010100002'],
    ['XA10BAD027A001010200019', 'insurance', 'XA10BAD027A001010200019'],
  ])('finds %s (%s)', async (code, kind, product) => {
    const { status, body } = await lookup(code);
    expect(status).toBe(200);
    expect(body.kind).toBe(kind);
    expect(body.products[0]!.code).toBe(product);
  });

  it('404 for a well-formed code the region does not list, saying what kind of code it was', async () => {
    const trace = await lookup('89999990000000012601');
    expect(trace.status).toBe(404);
    expect(trace.body.message).toBe('这是追溯码，但本地区目录中没有该药品');
    expect(trace.body.kind).toBe('trace');
    const ean = await lookup('6934567890122');
    expect(ean.status).toBe(404);
    expect(ean.body.message).toBe('这是商品条码，但本地区目录中没有该药品');
    // the same code in another region's (empty) catalog
    expect((await lookup('6920202888883', 'shenyang')).status).toBe(404);
  });

  it('400 for malformed codes, and never a 500 for any string', async () => {
    expect((await lookup('6901234567893')).status).toBe(400);
    expect((await lookup('123')).body.message).toContain('3 位数字');
    const odd = ["'; DROP TABLE products; --", '%', '\u0000', '😀'.repeat(50), 'a'.repeat(200), ' ', '0'.repeat(20), '８６', '(01)', 'http://x/'];
    for (const s of odd) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/drugs/lookup?code=${encodeURIComponent(s)}` });
      expect([200, 400, 404], s).toContain(res.statusCode);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/drugs/lookup' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/drugs/lookup?code=${'1'.repeat(201)}` })).statusCode).toBe(400);
  });

  it('follows the catalog: a republish replaces the codes, a rollback brings them back', async () => {
    const versions = await listVersions(t.db, 'shanxi', 'catalog');
    const withCodes = versions[0]!.id;
    // the fixture catalog without code columns
    const r = await publishFile(t.db, { kind: 'catalog', region: 'shanxi', file: join(FIXTURES, 'catalog-good.csv'), publisher: 'test' });
    expect(r.status).toBe('published');
    expect(r.diff!.changed).toBeGreaterThan(0);
    expect((await lookup('8123456')).status).toBe(404);
    const back = await rollbackTo(t.db, { region: 'shanxi', kind: 'catalog', to: withCodes, publisher: 'test' });
    expect(back.status).toBe('rolled_back');
    expect((await lookup('8123456')).body.products[0]!.code).toBe('XC08CAA040A001010100001');
  });

  it('a bad codes file changes nothing', async () => {
    const before = await lookup('8123456');
    const r = await publishFile(t.db, { kind: 'catalog', region: 'shanxi', file: join(FIXTURES, 'catalog-bad-codes.csv'), publisher: 'test' });
    expect(r.status).toBe('rejected');
    expect(await lookup('8123456')).toEqual(before);
  });
});

describe('demo data codes', () => {
  it('gives every demo product valid, distinct pack codes, and both demo catalogs carry them', async () => {
    const { demoCatalog, writeDemoFiles, demoTraceCode } = await import('../src/demo/generate.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const all = demoCatalog();
    const seen = new Set<string>();
    for (const row of all) {
      const codes = [...row.packCodes.identifiers, row.packCodes.standard, row.packCodes.ean13];
      expect(row.packCodes.identifiers.every((c) => /^\d{7}$/.test(c))).toBe(true);
      expect(row.packCodes.standard).toMatch(/^86\d{12}$/);
      expect(isValidEan13(row.packCodes.ean13), row.packCodes.ean13).toBe(true);
      expect(classifyDrugCode(demoTraceCode(row.packCodes))).toEqual({ ok: true, kind: 'trace', key: row.packCodes.identifiers[0] });
      for (const c of codes) {
        expect(seen.has(c), c).toBe(false);
        seen.add(c);
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'yaojia-codes-'));
    try {
      for (const f of (await writeDemoFiles(dir)).filter((f) => f.kind === 'catalog')) {
        const r = await parseFile(f.path, 'catalog');
        expect(r.errors).toEqual([]);
        for (const row of r.rows) {
          const demo = all.find((d) => d.code === row.code)!;
          expect(row.identifierCodes).toEqual(demo.packCodes.identifiers);
          expect(row.standardCodes).toEqual([demo.packCodes.standard]);
          expect(row.barcodes).toEqual([demo.packCodes.ean13]);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
