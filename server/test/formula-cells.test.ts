import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { computeStats } from '../src/bureau/stats.js';
import { statsCsv, statsXlsx } from '../src/bureau/stats-output.js';
import { publishFile } from '../src/ingest/index.js';
import { FIXTURES, publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';

// Finding 8: a catalog whose 产品名称 was =HYPERLINK("http://x.invalid","点击") was accepted, and an
// export opened in Excel would run it. Name fields refuse text that starts like a formula; every exported
// cell that starts like one is neutralised.
const FORMULA = /^[=+\-@\t\r]/;
let t: TempDb;
beforeAll(async () => {
  t = await tempDb();
});
afterAll(async () => {
  await t?.cleanup();
});

function variant(fixture: string, from: string, to: string): string {
  const text = readFileSync(join(FIXTURES, fixture), 'utf8');
  if (!text.includes(from)) throw new Error(`${fixture} lacks ${from}`);
  const file = join(t.dir, `formula-${fixture}`);
  writeFileSync(file, text.replace(from, to));
  return file;
}

it('rejects a catalog whose 产品名称 is a formula, naming row and column, and publishes nothing', async () => {
  const file = variant('catalog-good.csv', '阿托伐他汀钙片', '"=HYPERLINK(""http://x.invalid"",""点击"")"');
  const r = await publishFile(t.db, { kind: 'catalog', region: 'shanxi', file, publisher: 'test' });
  expect(r.status).toBe('rejected');
  expect(r.errors).toEqual([expect.objectContaining({ row: 3, column: '产品名称', columnLetter: 'B' })]);
  expect(r.errors[0]!.message).toMatch(/公式|formula/);
  expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM products'))!.n).toBe(0);
});

it('rejects + - @ at the start of an institution’s name and a maker', async () => {
  const inst = variant('institutions-bom.csv', '老百姓大药房（太原长风街店）', '@SUM(1+1)*cmd');
  const r = await publishFile(t.db, { kind: 'institutions', region: 'shanxi', file: inst, publisher: 'test' });
  expect(r.status).toBe('rejected');
  expect(r.errors[0]).toMatchObject({ row: 2, column: '单位名称' });
  const maker = variant('catalog-good.csv', '乐普药业股份有限公司,乐普药业股份有限公司', '+cmd|x,乐普药业股份有限公司');
  const m = await publishFile(t.db, { kind: 'catalog', region: 'shanxi', file: maker, publisher: 'test' });
  expect(m.status).toBe('rejected');
  expect(m.errors[0]).toMatchObject({ row: 3, column: '生产企业' });
  // a name with such a character inside (not at the start) is an ordinary name
  const ok = variant('catalog-good.csv', '阿托伐他汀钙片', '阿托伐他汀钙片-A@B');
  expect((await publishFile(t.db, { kind: 'catalog', region: 'shanxi', file: ok, publisher: 'test' })).status).toBe('published');
});

it('neutralises formula-like text in the statistics CSV and XLSX, and leaves negative numbers alone', async () => {
  const db2 = await tempDb();
  try {
    await publishTaiyuanFixtures(db2.db);
    const s = await computeStats(db2.db, 'shanxi', '2026Q3');
    // text that reaches an export from data: a region or column name, a footnote
    s.regionName = '=HYPERLINK("http://x.invalid","点击")';
    s.notes = ['@SUM(A1:A9)', '-2+3', '+1'];
    s.columns[0]!.label = '-cmd|calc';
    const csv = statsCsv(s);
    const cells = csv.replace(/^\uFEFF/, '').split(/\r\n/).flatMap((line) => line.split(',')).map((c) => c.replace(/^"|"$/g, ''));
    expect(cells.filter((c) => FORMULA.test(c) && !/^-?\d+(\.\d+)?%?$/.test(c))).toEqual([]);
    expect(csv).toContain("'-cmd|calc");

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await statsXlsx(s)) as unknown as ExcelJS.Buffer);
    const texts: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => { if (typeof cell.value === 'string') texts.push(cell.value); })));
    expect(texts.length).toBeGreaterThan(5);
    expect(texts.filter((v) => FORMULA.test(v))).toEqual([]);
    expect(texts.some((v) => v.includes('HYPERLINK'))).toBe(true); // shown as text, not dropped
  } finally {
    await db2.cleanup();
  }
});
