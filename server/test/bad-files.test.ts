import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishFile } from '../src/ingest/index.js';
import type { FileKind } from '../src/ingest/types.js';
import { FIXTURES, publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';

// Issue 13: hostile and malformed bureau files (tests/fixtures/bad/, plus a 60 MB file, a zip bomb named
// .xlsx and merged cells across data rows made here rather than committed). Each is rejected with its
// file named (and row and column where a row is at fault), nothing is published, and memory stays bounded.
const BAD = join(FIXTURES, 'bad');
let t: TempDb;
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
});
afterAll(async () => {
  await t?.cleanup();
});

/** everything a publish could change, as one hash */
async function published(): Promise<string> {
  const parts = [];
  for (const sql of [
    'SELECT * FROM catalog_versions ORDER BY id',
    'SELECT * FROM products ORDER BY id',
    'SELECT * FROM institutions ORDER BY id',
    'SELECT * FROM offers ORDER BY institution_id, product_id',
  ]) parts.push(JSON.stringify(await t.db.all(sql)));
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

const kindOf = (file: string): FileKind => (file.startsWith('institutions') ? 'institutions' : file.startsWith('prices') ? 'prices' : 'catalog');

/** files where a row is at fault: the error names its row and column too */
const FILE_LEVEL = new Set([
  'catalog-empty.csv', 'catalog-bom-only.csv', 'catalog-header-only.csv', 'catalog-no-header.csv', 'catalog-missing-price-column.csv',
  'catalog-pdf-named.csv', 'catalog-png-named.csv', 'catalog-csv-named.xlsx', 'catalog-old-excel.xls',
  'catalog.pdf', 'catalog-broken-encoding.csv', 'catalog-utf16-nobom.csv', 'catalog-huge-line.csv', 'catalog-zip-bomb.xlsx',
  'catalog-honest-bomb.xlsx', 'catalog-lying-part.xlsx',
]);

async function expectRejected(file: string) {
  const before = await published();
  const name = basename(file);
  const report = await publishFile(t.db, { kind: kindOf(name), region: 'shanxi', file, publisher: 'test' });
  expect(report.status, `${name}: ${report.message}`).toBe('rejected');
  expect(report.errors.length, name).toBeGreaterThan(0);
  for (const e of report.errors) {
    expect(e.file, name).toBe(name);
    expect(e.message, name).toBeTruthy();
  }
  if (!FILE_LEVEL.has(name)) {
    expect(report.errors.some((e) => e.row !== null && e.column !== null && e.columnLetter !== null), `${name}: ${JSON.stringify(report.errors[0])}`).toBe(true);
  }
  expect(await published(), `${name} changed what is published`).toBe(before);
  return report;
}

describe('tests/fixtures/bad: every file rejected, named, nothing published', () => {
  const files = readdirSync(BAD).sort();
  it('holds at least 30 hostile or malformed files', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });
  it.each(files)('%s', async (f) => {
    await expectRejected(join(BAD, f));
  });
});

describe('made at test time (too big to commit)', () => {
  it('a 60 MB CSV that is one line: refused without reading it into memory', async () => {
    const file = join(t.dir, 'catalog-huge-line.csv');
    const fd = openSync(file, 'w');
    const chunk = Buffer.alloc(1 << 20, 'A'.charCodeAt(0));
    for (let i = 0; i < 60; i++) writeSync(fd, chunk);
    closeSync(fd);
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    try {
      await expectRejected(file);
    } finally {
      clearInterval(timer);
    }
    expect(peak - heap0).toBeLessThan(100 * 2 ** 20);
  });

  it('a zip bomb named .xlsx (a 2 GB sheet in a few MB): refused before it is expanded', async () => {
    const file = join(t.dir, 'catalog-zip-bomb.xlsx');
    writeZipBomb(file, 2 * 2 ** 30);
    const rss0 = process.memoryUsage().rss;
    const report = await expectRejected(file);
    expect(report.errors[0]!.message).toMatch(/解压|uncompressed|expand/i);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(200 * 2 ** 20);
  });

  it('a zip bomb that declares its true size (one part of 100 MB zeros in ~100 KB): refused by the declared sizes, nothing inflated', async () => {
    const file = join(t.dir, 'catalog-honest-bomb.xlsx');
    const zeros = 100 * 2 ** 20;
    writeZip(file, [
      { name: '[Content_Types].xml', data: [deflateRawSync(Buffer.from('<?xml version="1.0"?><Types/>'))], declared: 29 },
      { name: 'xl/worksheets/sheet1.xml', data: [deflateRawSync(Buffer.alloc(zeros), { level: 9 })], declared: zeros },
    ]);
    const report = await expectRejected(file);
    expect(report.errors[0]!.message).toMatch(/sheet1\.xml.*expands \d+× to 100 MB uncompressed.*refused before it is expanded/);
  });

  it('a part that lies about its size (declares 1 KB, inflates to 200 MB): refused at the first byte past 1 KB, memory bounded', async () => {
    const file = join(t.dir, 'catalog-lying-part.xlsx');
    writeZip(file, [
      { name: '[Content_Types].xml', data: [deflateRawSync(Buffer.from('<?xml version="1.0"?><Types/>'))], declared: 29 },
      { name: 'xl/worksheets/sheet1.xml', data: [deflateRawSync(Buffer.alloc(200 * 2 ** 20), { level: 9 })], declared: 1024 },
    ]);
    const rss0 = process.memoryUsage().rss;
    const report = await expectRejected(file);
    expect(report.errors[0]!.message).toMatch(/sheet1\.xml.*does not expand to the size it declares/);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(100 * 2 ** 20);
  });

  it('a total declared over the limit across many small parts: refused before it is expanded', async () => {
    const { checkXlsxZip } = await import('../src/ingest/zip-guard.js');
    const file = join(t.dir, 'many-parts.xlsx');
    const part = deflateRawSync(Buffer.alloc(2 ** 20, 'a'));
    writeZip(file, Array.from({ length: 8 }, (_, i) => ({ name: `xl/worksheets/sheet${i}.xml`, data: [part], declared: 2 ** 20 })));
    await expect(checkXlsxZip(file, 4 * 2 ** 20)).rejects.toThrow(/declares more than 4 MB uncompressed/);
    await expect(checkXlsxZip(file, 16 * 2 ** 20)).resolves.toBeUndefined();
  });

  it('merged cells across data rows: the rows under the merge name their row and column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.addRow('药品统一编码,产品名称,剂型,规格,转换比,最小制剂单位,最小包装单位,包装材质,生产企业,投标企业,中选价(元),批准文号'.split(','));
    ws.addRow(['XC08CAA040A001010100001', '苯磺酸氨氯地平片', '片剂', '5mg', 28, '片', '盒', '铝塑', '浙江京新药业股份有限公司', '浙江京新药业股份有限公司', 4.62, '国药准字H20083016']);
    ws.addRow(['XC10AAA011A001010101234', '阿托伐他汀钙片', '片剂', '20mg', 28, '片', '盒', '铝塑', '乐普药业股份有限公司', '乐普药业股份有限公司', 5.46, '国药准字H20163270']);
    ws.addRow(['XA10BAD027A001010200019', '盐酸二甲双胍片', '片剂', '0.5g', 60, '片', '瓶', '瓶', '石药集团欧意药业有限公司', '石药集团欧意药业有限公司', 6.8, '国药准字H13022681']);
    // a "merged" code cell over three products: the same 药品统一编码 three times
    ws.mergeCells('A2:A4');
    const file = join(t.dir, 'catalog-merged-data.xlsx');
    await wb.xlsx.writeFile(file);
    const report = await expectRejected(file);
    expect(report.errors.some((e) => e.column === '药品统一编码' && (e.row === 3 || e.row === 4))).toBe(true);
  });
});

/** A valid zip holding one [Content_Types].xml and a sheet that inflates to `size` bytes of zeros (stored as deflate blocks). */
function writeZipBomb(file: string, size: number) {
  const piece = deflateRawSync(Buffer.alloc(64 * 2 ** 20), { level: 9 }); // 64 MB → ~64 KB
  // deflate streams concatenated are not one stream; the sizes in the directory are what a reader trusts first
  const copies = Math.ceil(size / (64 * 2 ** 20));
  writeZip(file, [
    { name: '[Content_Types].xml', data: [deflateRawSync(Buffer.from('<?xml version="1.0"?><Types/>'))], declared: 29 },
    { name: 'xl/worksheets/sheet1.xml', data: Array.from({ length: copies }, () => piece), declared: Math.min(size, 0xffffffff) },
  ]);
}

/** A zip of deflated parts, each with the uncompressed size it declares (true or not); CRCs are zero. */
function writeZip(file: string, parts: Array<{ name: string; data: Buffer[]; declared: number }>) {
  const fd = openSync(file, 'w');
  let offset = 0;
  const central: Buffer[] = [];
  for (const { name, data, declared: uncompressed } of parts) {
    const nameBuf = Buffer.from(name);
    const compressed = data.reduce((n, b) => n + b.length, 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 14); // crc (never checked: the bomb must be refused before)
    local.writeUInt32LE(compressed, 18);
    local.writeUInt32LE(uncompressed >>> 0, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const start = offset;
    writeSync(fd, local);
    writeSync(fd, nameBuf);
    for (const d of data) writeSync(fd, d);
    offset += 30 + nameBuf.length + compressed;
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(compressed, 20);
    c.writeUInt32LE(uncompressed >>> 0, 24);
    c.writeUInt16LE(nameBuf.length, 28);
    c.writeUInt32LE(start, 42);
    central.push(Buffer.concat([c, nameBuf]));
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeSync(fd, cd);
  writeSync(fd, end);
  closeSync(fd);
}
