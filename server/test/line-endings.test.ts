import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, expect, it } from 'vitest';
import { openTable } from '../src/ingest/index.js';

// A bureau file saved by Excel ends its lines with CRLF; rows appended later by a script or another
// editor often end in LF alone. Every line is a row, whatever its ending: csv-parse used to fix on the
// first ending it saw and folded the LF-ended rows into the cells of one record (a row lost, a cell wrong).
const dir = mkdtempSync(join(tmpdir(), 'yaojia-eol-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rowsOf(name: string, bytes: Buffer): Promise<string[][]> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const table = await openTable(path);
  const out: string[][] = [];
  for await (const batch of table.sheets[0]!.rows) for (const r of batch) out.push(r.cells.map((c) => String(c ?? '')));
  return out.filter((r) => r.some((c) => c !== ''));
}

const TEXT = '药品统一编码,销售价\r\nXA01,12.50\r\n"XA02",3.10\nXA03,4.20\nXA04,5.00\r';

it('reads every line of a UTF-8 CSV with mixed line endings as its own row', async () => {
  expect(await rowsOf('mixed.csv', Buffer.from(TEXT, 'utf8'))).toEqual([
    ['药品统一编码', '销售价'],
    ['XA01', '12.50'],
    ['XA02', '3.10'],
    ['XA03', '4.20'],
    ['XA04', '5.00'],
  ]);
});

it('and of a GBK one (zh-CN Excel), decoded on the way', async () => {
  const gbk = '机构名称,药品通用名称,销售价\r\n太原市迎泽区百姓大药房,苯磺酸氨氯地平片,12.50\r\n"山西省人民医院门诊药房",阿托伐他汀钙片,3.10\n晋中市榆次区仁和堂药店,盐酸二甲双胍片,4.20\n';
  const rows = await rowsOf('mixed-gbk.csv', iconv.encode(gbk, 'gbk'));
  expect(rows.map((r) => r[1])).toEqual(['药品通用名称', '苯磺酸氨氯地平片', '阿托伐他汀钙片', '盐酸二甲双胍片']);
  expect(rows.every((r) => r.length === 3 && !r[2]!.includes('\n'))).toBe(true);
});
