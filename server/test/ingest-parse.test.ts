import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { decodeSnapshot, encodeSnapshot, normalizeHeader, parseFile } from '../src/ingest/index.js';
import { fillObserved } from '../src/ingest/price-columns.js';
import type { CatalogRow, InstitutionRow, PriceRow } from '../src/ingest/types.js';
import { clean, parseCityDistrict, parseCode, parseCommitment, parsePrice, parseText, parseTimestamp } from '../src/ingest/values.js';

const FIX = resolve(import.meta.dirname, '../../tests/fixtures');
const fx = (name: string) => join(FIX, name);
const tmp = mkdtempSync(join(tmpdir(), 'yaojia-ingest-parse-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('headers', () => {
  it('normalises full-width brackets, spaces, line breaks and units', () => {
    expect(normalizeHeader('中选价格（元）')).toBe('中选价格');
    expect(normalizeHeader('中选价\n\n(元)')).toBe('中选价');
    expect(normalizeHeader(' 药品 统一编码 ')).toBe('药品统一编码');
    expect(normalizeHeader('*机构名称')).toBe('机构名称');
  });
});

describe('values', () => {
  it('reads city and district from an address', () => {
    expect(parseCityDistrict('山西省太原市小店区长风街118号')).toEqual({ city: '太原市', district: '小店区' });
    expect(parseCityDistrict('宁夏回族自治区银川市兴庆区解放东街1号')).toEqual({ city: '银川市', district: '兴庆区' });
    expect(parseCityDistrict('沈阳市和平区南京北街10号')).toEqual({ city: '沈阳市', district: '和平区' });
  });
  it('reads the ticked option of the 承诺书 (seed 001 附件1)', () => {
    expect(parseCommitment('☑按照中选价销售 □按不高于中选价加价15%销售')).toEqual({ ok: true, value: 'at_winning_price' });
    expect(parseCommitment('□按照中选价销售 ☑按不高于中选价加价15%销售')).toEqual({ ok: true, value: 'markup_15' });
    expect(parseCommitment('按不高于中选价加价15%销售')).toEqual({ ok: true, value: 'markup_15' });
  });
  it('keeps Chinese punctuation in display text; only full-width digits, letters and spaces become half-width', () => {
    expect(parseText('老百姓大药房（太原长风街店）')).toEqual({ ok: true, value: '老百姓大药房（太原长风街店）' });
    expect(parseText('　山西省太原市小店区长风街１１８号，Ａ座、２层　')).toEqual({ ok: true, value: '山西省太原市小店区长风街118号，A座、2层' });
    expect(parseText('０．２５ｇ×２８片')).toEqual({ ok: true, value: '0.25g×28片' });
    // codes, prices and numbers keep the full normalisation
    expect(parseCode('Ｐ１４０１０５００００１')).toEqual({ ok: true, value: 'P14010500001' });
    expect(parsePrice('７．５０')).toEqual({ ok: true, value: 750 });
    expect(clean('０３５１－７０１２３４５')).toBe('0351-7012345');
  });
  it('takes a time without zone as China time', () => {
    expect(parseTimestamp('2025-11-20 09:30')).toEqual({ ok: true, value: '2025-11-20T01:30:00.000Z' });
    expect(parseTimestamp('2025/11/18')).toEqual({ ok: true, value: '2025-11-17T16:00:00.000Z' });
  });
});

describe('parseFile: good files', () => {
  it('reads a plain UTF-8 catalog', async () => {
    const r = await parseFile(fx('catalog-good.csv'), 'catalog');
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(8);
    expect(r.rowNumbers[0]).toBe(2);
    expect(r.rows[0]).toMatchObject({ code: 'XC08CAA040A001010100001', genericName: '苯磺酸氨氯地平片', spec: '5mg', conversionRatio: 28, winningPriceFen: 462 });
  });

  it('reads a GBK CSV with two title rows, variant headers, "4.62元", "￥12.5", full-width digits, footnotes', async () => {
    const r = await parseFile(fx('catalog-gbk-titles.csv'), 'catalog');
    expect(r.errors).toEqual([]);
    expect(r.stats.encoding).toBe('gb18030');
    expect(r.stats.headerRows).toEqual([3]);
    expect(r.stats.unknownColumns).toEqual([{ letter: 'M', header: '备注' }]);
    expect(r.warnings.map((w) => w.message)).toEqual(['catalog-gbk-titles.csv row 3, column M (备注): unknown column, ignored']);
    expect(r.stats.footnoteRows.map((f) => f.row)).toEqual([13, 14]);
    expect(r.stats.blankRows).toBe(2);
    const rows = r.rows as CatalogRow[];
    expect(rows.map((p) => p.winningPriceFen)).toEqual([462, 546, 680, 815, 1250, 973, 720, 196]);
    expect(rows[2]!.conversionRatio).toBe(60);
    expect(rows[0]!.productName).toBe('苯磺酸氨氯地平片');
    expect(r.rowNumbers).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('reads an xlsx with a merged title and a two-row merged header', async () => {
    const r = await parseFile(fx('catalog-merged.xlsx'), 'catalog');
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(8);
    expect(r.stats.columns.find((c) => c.field === 'winningPrice')).toEqual({ letter: 'E', header: '中选价(元)', field: 'winningPrice' });
    expect(r.stats.columns.find((c) => c.field === 'conversionRatio')?.letter).toBe('F');
    expect(r.rowNumbers[0]).toBe(4);
    expect(r.stats.footnoteRows).toHaveLength(1);
    expect((r.rows as CatalogRow[]).map((p) => p.winningPriceFen)).toEqual([462, 546, 680, 815, 1250, 973, 720, 196]);
  });

  it('reads a two-row header in a CSV (group label above sub-headers)', async () => {
    const f = join(tmp, 'two-row.csv');
    writeFileSync(f, [
      '江西省集采药品目录,,,,,,,',
      '药品统一编码,产品名称,剂型,规格,价格信息,,生产企业,备注',
      ',,,,中选价（元）,转换比,,',
      'XC08CAA040A001010100001,苯磺酸氨氯地平片,片剂,5mg,4.62,28,浙江京新药业股份有限公司,',
    ].join('\n'));
    const r = await parseFile(f, 'catalog');
    expect(r.errors).toEqual([]);
    expect(r.stats.headerRows).toEqual([2, 3]);
    expect(r.rows[0]).toMatchObject({ winningPriceFen: 462, conversionRatio: 28 });
    expect(r.rowNumbers).toEqual([4]);
  });

  it('reads institutions with a UTF-8 BOM, the 宁夏 application fields, badges and a full-width coordinate', async () => {
    const r = await parseFile(fx('institutions-bom.csv'), 'institutions');
    expect(r.errors).toEqual([]);
    const rows = r.rows as InstitutionRow[];
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ name: '老百姓大药房（太原长风街店）', code: 'P14010500001', type: 'retail_chain', city: '太原市', district: '小店区', badge: 'jicai_pharmacy', commitment: 'at_winning_price', legalRepresentative: '张伟', contactName: '李娜', joinedAt: '2025-03-01' });
    expect(rows[1]).toMatchObject({ type: 'retail_single', lng: 112.561, commitment: 'markup_15', joinedAt: '2025-04-15', badge: 'jicai_pharmacy' });
    expect(rows[2]).toMatchObject({ type: 'private_tertiary', badge: 'jicai_private_hospital', specialDesignated: true, joinedAt: '2025-05-08' });
    expect(rows[4]).toMatchObject({ type: 'township_health_center', badge: null });
  });

  it('reads institutions from xlsx with date and number cells', async () => {
    const r = await parseFile(fx('institutions-good.xlsx'), 'institutions');
    expect(r.errors).toEqual([]);
    const rows = r.rows as InstitutionRow[];
    expect(rows[0]).toMatchObject({ lat: 37.821, lng: 112.5631, joinedAt: '2025-03-01' });
    expect(r.stats.headerRows).toEqual([2]);
  });

  it('reads prices with "5.46元", "￥12.5", full-width digits, stock counts and words', async () => {
    const r = await parseFile(fx('prices-good.csv'), 'prices');
    expect(r.errors).toEqual([]);
    const rows = r.rows as PriceRow[];
    expect(rows.map((p) => p.sellingPriceFen)).toEqual([462, 546, 1250, 520, 750, 815, 462]);
    expect(rows.map((p) => p.stockState)).toEqual(['in_stock', 'in_stock', 'out_of_stock', 'low', 'in_stock', 'unknown', 'in_stock']);
    expect(rows[4]!.observedAt).toBeNull();
  });
});

describe('parseFile: bad files name file, row and column', () => {
  it('a missing required column is named', async () => {
    const r = await parseFile(fx('catalog-missing-column.csv'), 'catalog');
    expect(r.rows).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'catalog-missing-column.csv', row: 1, column: '中选价' });
    expect(r.errors[0]!.message).toContain('missing required column "中选价"');
  });

  it('a bad price is reported at its row and column, with what was expected', async () => {
    const r = await parseFile(fx('catalog-bad-price.csv'), 'catalog');
    expect(r.invalidRows).toEqual([5, 7]);
    expect(r.errors.map((e) => [e.row, e.columnLetter, e.column, e.value])).toEqual([
      [5, 'K', '中选价(元)', '十二元'],
      [7, 'E', '转换比', '0'],
    ]);
    expect(r.errors[0]!.message).toBe('catalog-bad-price.csv row 5, column K (中选价(元)): "十二元" is not valid — expected a price in yuan, e.g. 12.50, 12.50元 or ￥12.5');
  });

  it('an empty required cell is reported', async () => {
    const r = await parseFile(fx('prices-bad-price.csv'), 'prices');
    expect(r.errors.map((e) => `${e.row}${e.columnLetter}`)).toEqual(['3C', '6C']);
    expect(r.errors[1]!.message).toContain('row 6, column C (销售价): is empty — expected a price');
  });

  it('an unknown institution code is an error when the region is known', async () => {
    const r = await parseFile(fx('prices-unknown-institution.csv'), 'prices', {
      lookups: { region: 'shanxi', institutionCodes: new Set(['P14010500001', 'P14010600002', 'H14010500003', 'H14011000005']), productCodes: new Set(['XC08CAA040A001010100001', 'XC10AAA011A001010101234', 'XB01ACL025A001010102233', 'XA10BAD027A001010200019', 'XC09CAL016A001010101567']) },
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 4, columnLetter: 'A', column: '机构医保编码', value: 'P99999999999' });
    expect(r.errors[0]!.message).toContain('is not an institution of region shanxi');
  });

  it('a duplicate code names the first row', async () => {
    const f = join(tmp, 'dup.csv');
    writeFileSync(f, '药品统一编码,产品名称,剂型,规格,转换比,生产企业,中选价\nA1,x片,片剂,5mg,28,某企业,1.00\nA1,x片,片剂,5mg,28,某企业,1.00\n');
    const r = await parseFile(f, 'catalog');
    expect(r.errors[0]!.message).toBe('dup.csv row 3, column A (药品统一编码): "A1" duplicates row 2 — expected each code once per file');
  });

  it('prices: a pair repeated in any spelling is a duplicate of its first row, whichever way each row was read', async () => {
    // rows 2 and 5 are plain (codes as codes, plain yuan); rows 3 and 4 need cleaning (a space, full-width digits, 元)
    const f = join(tmp, 'dup-prices.csv');
    writeFileSync(
      f,
      [
        '机构医保编码,药品统一编码,销售价,网售价,库存数量,更新时间',
        'P14010500001,XC08CAA040A001010100001,4.62,,120,2026-11-13 09:30',
        ' P14010600002,XC08CAA040A001010100001,５.46元,,有货,',
        'P14010500001 ,XC08CAA040A001010100001,4.70,,8,',
        'P14010600002,XC08CAA040A001010100001,5.50,5.40,0,2026-11-13',
      ].join('\n'),
    );
    const plain = await parseFile(f, 'prices');
    // checked against the region's codes (as a publish does), the pairs are keyed another way: the same answer
    const r = await parseFile(f, 'prices', { lookups: { region: 'shanxi', institutionCodes: new Set(['P14010600002', 'P14010500001']), productCodes: new Set(['XA10BAD027A001010200019', 'XC08CAA040A001010100001']) } });
    expect(r).toEqual(plain);
    expect(r.rows).toEqual([
      { institutionCode: 'P14010500001', productCode: 'XC08CAA040A001010100001', sellingPriceFen: 462, onlinePriceFen: null, stockState: 'in_stock', stockCount: 120, observedAt: '2026-11-13T01:30:00.000Z' },
      { institutionCode: 'P14010600002', productCode: 'XC08CAA040A001010100001', sellingPriceFen: 546, onlinePriceFen: null, stockState: 'in_stock', stockCount: null, observedAt: null },
    ]);
    expect(r.errors.map((e) => e.message)).toEqual([
      'dup-prices.csv row 4, column B (药品统一编码): "P14010500001 + XC08CAA040A001010100001" duplicates row 2 — expected each 机构医保编码 + 药品统一编码 pair once per file',
      'dup-prices.csv row 5, column B (药品统一编码): "P14010600002 + XC08CAA040A001010100001" duplicates row 3 — expected each 机构医保编码 + 药品统一编码 pair once per file',
    ]);
  });

  it('a file without a recognisable header says what it expected', async () => {
    const f = join(tmp, 'noheader.csv');
    writeFileSync(f, 'a,b,c\n1,2,3\n');
    const r = await parseFile(f, 'prices');
    expect(r.errors[0]!.message).toContain('no header row found');
    expect(r.errors[0]!.message).toContain('机构医保编码, 药品统一编码, 销售价');
  });
});

describe('a large prices file read by workers (parallel-prices.ts)', () => {
  const institutions = Array.from({ length: 40 }, (_, i) => `P1401${String(i).padStart(7, '0')}`);
  const products = Array.from({ length: 1200 }, (_, i) => `XC08CAA${String(i).padStart(16, '0')}`);
  const lookups = { region: 'shanxi', institutionCodes: new Set(institutions), productCodes: new Set(products) };
  const header = '机构医保编码,药品统一编码,销售价,网售价,库存数量,更新时间';

  /** 40,000 rows (≈ 2.4 MB) with every kind of line a bureau's file has, spread over the whole file */
  function bigFile(eol: string, extra: (i: number) => string | null = () => null): string {
    const lines = ['山西省定点零售药店集采药品价格表', header];
    for (let i = 0; i < 40_000; i++) {
      const special = extra(i);
      if (special !== null) lines.push(special);
      else if (i % 5000 === 4999) lines.push(''); // a blank line
      else if (i % 3001 === 3000) lines.push(`${institutions[i % 40]},${products[i % 1200]},abc,,,`); // a bad price
      else if (i % 4003 === 4002) lines.push(`P99999999999,${products[i % 1200]},1.00,,,`); // not the region's
      else if (i % 2503 === 2502) lines.push(` ${institutions[i % 40]},${products[(i * 7) % 1200]},５.46元,,有货,`); // needs cleaning
      else if (i % 997 === 996) lines.push(`${institutions[(i * 31) % 40]},${products[(i * 17) % 1200]},3.10,,,`); // often a pair seen rows before
      else {
        const price = `${1 + (i % 300)}.${String(i % 100).padStart(2, '0')}`;
        const online = i % 3 === 0 ? price : '';
        const stock = i % 4 === 0 ? '' : String(i % 25);
        const at = i % 5 === 0 ? '' : `2026-11-${String(1 + (i % 28)).padStart(2, '0')} 09:30`;
        lines.push(`${institutions[i % 40]},${products[(i * 13 + Math.floor(i / 1200)) % 1200]},${price},${online},${stock},${at}`);
      }
    }
    lines.push('注：本表由各定点医药机构填报，医保局汇总');
    return lines.join(eol) + eol;
  }

  const both = async (f: string) => {
    const once = await parseFile(f, 'prices', { lookups });
    const parallel = await parseFile(f, 'prices', { lookups, parallel: { fromBytes: 0, readers: 2, rangeBytes: 64 * 1024 } });
    return { once, parallel };
  };

  it('gives the rows, row numbers, errors and counts reading on one thread gives, for LF and CRLF files', async () => {
    const { readPriceLinesInParallel } = await import('../src/ingest/parallel-prices.js');
    for (const eol of ['\n', '\r\n']) {
      const f = join(tmp, `big-${eol.length}.csv`);
      writeFileSync(f, bigFile(eol));
      // the workers run here (esbuild is installed): a silent fallback would make the comparison empty
      const lines = await readPriceLinesInParallel({ path: f, delim: ',', eol: eol as '\n', size: 1 }, 2, { at: { institutionCode: 0, productCode: 1, sellingPrice: 2, onlinePrice: 3, stock: 4, observedAt: 5 }, institutionCodes: institutions, productCodes: products, maxRowChars: 1e6 }, 2, 64 * 1024);
      expect(lines).not.toBeNull();
      await lines!.return(undefined);
      const { once, parallel } = await both(f);
      expect(once.rows.length).toBeGreaterThan(30_000);
      expect(once.errors.filter((e) => e.message.includes('duplicates row')).length).toBeGreaterThan(10);
      expect(once.errors.some((e) => e.message.includes('is not an institution of region'))).toBe(true);
      expect(once.stats.blankRows).toBe(8);
      expect(once.stats.footnoteRows).toHaveLength(1);
      const { columns, ...read } = parallel;
      expect(read).toEqual(once);
      // the same rows by column, stored as the version's snapshot: it restores exactly these rows, a 更新时间
      // filled in for those without one as a publish does
      expect(columns!.length).toBe(once.rows.length);
      fillObserved(columns!, '2026-12-05T00:00:00.000Z');
      const rows = once.rows.map((r) => ({ ...r, observedAt: r.observedAt ?? '2026-12-05T00:00:00.000Z' }));
      const snapshot = encodeSnapshot('prices', rows, columns);
      expect(gunzipSync(Buffer.from(snapshot, 'base64')).subarray(0, 4).toString()).toBe('YJP1');
      expect(decodeSnapshot('prices', snapshot)).toEqual(rows);
    }
  });

  it('refuses a file with an overlong line the same way', async () => {
    const f = join(tmp, 'big-long.csv');
    writeFileSync(f, bigFile('\n', (i) => (i === 30_000 ? `${institutions[0]},${'X'.repeat(1_100_000)},1.00,,,` : null)));
    const { once, parallel } = await both(f);
    expect(once.rows).toEqual([]);
    expect(once.errors.at(-1)!.message).toContain('row 30003 is longer than 1,000,000 characters');
    // the row errors listed before it depend on how far each had read; the refusal is the same
    expect(parallel.rows).toEqual([]);
    expect(parallel.errors.at(-1)).toEqual(once.errors.at(-1));
  });
});
