import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTITUTION_TYPE_LABELS, THERAPEUTIC_AREAS, parseYuan } from '@yaojia/shared';
import { DEMO_DRUGS, DEMO_PLACES, isValidCreditCode, writeDemoFiles, type DemoFile } from '../src/demo/generate.js';
import type { DemoRegionSlug } from '../src/demo/places.js';

const NOW = new Date('2025-12-01T04:00:00Z');
const DAY = 86_400_000;
const REGIONS: DemoRegionSlug[] = ['shanxi', 'shenyang'];

type Table = Record<string, string>[];

/** rows of the first sheet as text, like a bureau's file reader would see them */
async function readXlsx(path: string): Promise<{ rows: string[][]; sheet: ExcelJS.Worksheet }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheet = wb.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const v = row.getCell(c).value;
      values.push(v === null || v === undefined ? '' : typeof v === 'object' ? row.getCell(c).text : String(v));
    }
    rows[n - 1] = values;
  });
  return { rows: Array.from(rows, (r) => r ?? []), sheet };
}

function readCsv(text: string): string[][] {
  return parse(text, { relax_column_count: true, bom: true }) as string[][];
}

/** rows after the header line (found by its first column), blank rows and footnotes (注：…, merged) dropped */
function toTable(rows: string[][], firstHeader: string): Table {
  const h = rows.findIndex((r) => r[0] === firstHeader);
  expect(h, `header starting with ${firstHeader}`).toBeGreaterThanOrEqual(0);
  const header = rows[h]!;
  return rows
    .slice(h + 1)
    .filter((r) => r.filter((c) => c.trim() !== '').length > 2 && !/^注[:：]/.test(r[0] ?? ''))
    .map((r) => Object.fromEntries(header.map((name, i) => [name, (r[i] ?? '').trim()])));
}

let dir: string;
let files: DemoFile[];
const catalogs = {} as Record<DemoRegionSlug, Table>;
const institutions = {} as Record<DemoRegionSlug, Table>;
const prices = {} as Record<DemoRegionSlug, Table>;
let shanxiCatalogSheet: { rows: string[][]; sheet: ExcelJS.Worksheet };
let shenyangCatalogText: string;

const fileOf = (region: DemoRegionSlug, kind: DemoFile['kind']) => files.find((f) => f.region === region && f.kind === kind)!.path;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yaojia-demo-'));
  files = await writeDemoFiles(dir, { now: NOW });

  shanxiCatalogSheet = await readXlsx(fileOf('shanxi', 'catalog'));
  catalogs.shanxi = toTable(shanxiCatalogSheet.rows, '序号');
  shenyangCatalogText = iconv.decode(await readFile(fileOf('shenyang', 'catalog')), 'gbk');
  catalogs.shenyang = toTable(readCsv(shenyangCatalogText), '医保药品编码');

  institutions.shanxi = toTable(readCsv(await readFile(fileOf('shanxi', 'institutions'), 'utf8')), '机构名称');
  institutions.shenyang = toTable((await readXlsx(fileOf('shenyang', 'institutions'))).rows, '单位名称');

  prices.shanxi = toTable(readCsv(await readFile(fileOf('shanxi', 'prices'), 'utf8')), '机构医保编码');
  prices.shenyang = toTable(readCsv(await readFile(fileOf('shenyang', 'prices'), 'utf8')), '定点机构编码');
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** the same columns under each region's header variants */
const col = {
  catalog: { code: ['药品统一编码', '医保药品编码'], name: ['产品名称', '药品名称'], price: ['中选价格（元）', '中选价(元)'], ratio: ['转换比', '转换系数'], special: ['特药'], recommended: ['推荐配备'] },
  institutions: { name: ['机构名称', '单位名称'], code: ['机构医保编码', '定点机构编码'], type: ['机构类型', '机构类别'], lng: ['经度'], lat: ['纬度'], credit: ['统一社会信用代码'], district: ['区县', '所在区县'], special: ['特药定点', '是否特药定点'], badge: ['集采标识', '集采便民标识'] },
  prices: { inst: ['机构医保编码', '定点机构编码'], code: ['药品统一编码', '医保药品编码'], price: ['销售价', '零售价格'], online: ['网售价', '线上价格'], stock: ['库存', '库存数量'], at: ['更新时间', '价格更新时间'] },
};
function get(row: Record<string, string>, names: string[]): string {
  for (const n of names) if (n in row) return row[n]!;
  throw new Error(`none of ${names.join('/')} in ${Object.keys(row).join(',')}`);
}
/** "2025-11-30 14:05" Beijing time → Date */
const beijing = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);

describe('demo drug table', () => {
  it('holds at least 150 distinct generics with well-formed products', () => {
    expect(new Set(DEMO_DRUGS.map((d) => d.genericName)).size).toBeGreaterThanOrEqual(150);
    expect(new Set(DEMO_DRUGS.map((d) => d.genericName)).size).toBe(DEMO_DRUGS.length);
    for (const d of DEMO_DRUGS) {
      expect(THERAPEUTIC_AREAS).toContain(d.therapeuticArea);
      expect(d.atcGroup).toMatch(/^[A-Z]\d\d[A-Z]{2}$/);
      expect(d.products.length).toBeGreaterThanOrEqual(1);
      expect(d.products.length).toBeLessThanOrEqual(3);
      for (const p of d.products) {
        expect(parseYuan(p.winningPrice), `${d.genericName} ${p.spec}`).toBeGreaterThan(0);
        expect(Number.isInteger(p.conversionRatio) && p.conversionRatio > 0).toBe(true);
      }
    }
    const recommended = DEMO_DRUGS.filter((d) => d.recommended).length / DEMO_DRUGS.length;
    expect(recommended).toBeGreaterThan(0.5);
    expect(recommended).toBeLessThan(0.7);
    expect(DEMO_DRUGS.filter((d) => d.special).length).toBeGreaterThanOrEqual(3);
  });
});

describe('demo files', () => {
  it('are returned in publish order, catalog → institutions → prices → listed per region', () => {
    expect(files.map((f) => `${f.region}:${f.kind}`)).toEqual([
      'shanxi:catalog', 'shanxi:institutions', 'shanxi:prices', 'shanxi:listed', 'shenyang:catalog', 'shenyang:institutions', 'shenyang:prices', 'shenyang:listed',
    ]);
  });

  it('shanxi catalog is an xlsx with a merged title row above the header and a footnote', () => {
    const { rows, sheet } = shanxiCatalogSheet;
    expect(rows[0]![0]).toMatch(/山西省集采药品“三进”工作品种目录/);
    expect(sheet.getCell('B1').isMerged).toBe(true);
    expect(rows[1]).toContain('中选价格（元）');
    expect(rows.at(-1)![0]).toMatch(/^注：/);
  });

  it('shenyang catalog is GBK with two title rows and survives the round trip', async () => {
    const bytes = await readFile(fileOf('shenyang', 'catalog'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(shenyangCatalogText.split('\r\n')[2]!.startsWith('医保药品编码,')).toBe(true);
    expect(shenyangCatalogText).not.toContain('?'); // nothing iconv could not encode
    expect(shenyangCatalogText).toContain('μg');
  });

  it.each(REGIONS)('%s catalog: ≥150 generics, unique well-formed codes, parseable prices', (region) => {
    const rows = catalogs[region];
    const c = col.catalog;
    expect(new Set(rows.map((r) => get(r, c.name))).size).toBeGreaterThanOrEqual(150);
    const codes = rows.map((r) => get(r, c.code));
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of rows) {
      expect(get(r, c.code)).toMatch(/^X[A-Z]\d\d[A-Z]{2}A\d{3}[A-Z]\d{3}\d{4}\d{5}$/);
      expect(r['批准文号']).toMatch(/^国药准字H\d{8}$/);
      expect(parseYuan(get(r, c.price))).toBeGreaterThan(0);
      expect(Number(get(r, c.ratio))).toBeGreaterThan(0);
    }
  });

  it.each(REGIONS)('%s institutions: ≥150 of every type, valid codes, coordinates in their district', (region) => {
    const rows = institutions[region];
    const c = col.institutions;
    const places = DEMO_PLACES[region];
    expect(rows.length).toBeGreaterThanOrEqual(150);
    expect(new Set(rows.map((r) => get(r, c.type)))).toEqual(new Set(Object.values(INSTITUTION_TYPE_LABELS)));
    expect(new Set(rows.map((r) => get(r, c.code))).size).toBe(rows.length);
    expect(new Set(rows.map((r) => get(r, c.name))).size).toBe(rows.length);
    for (const r of rows) {
      const lat = Number(get(r, c.lat));
      const lng = Number(get(r, c.lng));
      expect(lat).toBeGreaterThan(places.bbox.minLat);
      expect(lat).toBeLessThan(places.bbox.maxLat);
      expect(lng).toBeGreaterThan(places.bbox.minLng);
      expect(lng).toBeLessThan(places.bbox.maxLng);
      const district = places.districts.find((d) => d.name === get(r, c.district))!;
      expect(district, get(r, c.district)).toBeDefined();
      // towns lie up to 1.8 radii out, villages 2.5 km beyond that
      const km = Math.hypot((lat - district.lat) * 111.32, (lng - district.lng) * 111.32 * Math.cos((lat * Math.PI) / 180));
      expect(km).toBeLessThan(district.radiusKm * 1.8 + 3);
      expect(isValidCreditCode(get(r, c.credit)), get(r, c.credit)).toBe(true);
      expect(get(r, c.code)).toMatch(get(r, c.type).includes('药店') ? /^P\d{11}$/ : /^H\d{11}$/);
      expect(r['单位地址'] ?? r['地址']).toContain(places.city);
    }
    expect(rows.filter((r) => get(r, c.special) === '是').length).toBeGreaterThan(3);
    expect(rows.filter((r) => get(r, c.badge) === '是').length).toBeGreaterThan(rows.length / 2);
  });

  it('holds at least 300 institutions in all', () => {
    expect(institutions.shanxi.length + institutions.shenyang.length).toBeGreaterThanOrEqual(300);
  });

  it.each(REGIONS)('%s prices: references resolve, prices parse, shares fall in their bands', (region) => {
    const rows = prices[region];
    const c = col.prices;
    const winning = new Map(catalogs[region].map((r) => [get(r, col.catalog.code), parseYuan(get(r, col.catalog.price))!]));
    const special = new Set(catalogs[region].filter((r) => r['特药'] === '是').map((r) => get(r, col.catalog.code)));
    const generic = new Map(catalogs[region].map((r) => [get(r, col.catalog.code), get(r, col.catalog.name)]));
    const inst = new Map(institutions[region].map((r) => [get(r, col.institutions.code), r]));
    let above = 0;
    let stale = 0;
    let outOfStock = 0;
    let decorated = 0;
    let online = 0;
    const perInstitution = new Map<string, { products: number; generics: Set<string> }>();
    const primary = { total: 0, exact: 0 };
    for (const r of rows) {
      const code = get(r, c.code);
      const institution = inst.get(get(r, c.inst));
      expect(institution, get(r, c.inst)).toBeDefined();
      expect(winning.has(code), code).toBe(true);
      const raw = get(r, c.price);
      if (/元|￥/.test(raw)) decorated++;
      const selling = parseYuan(raw);
      expect(selling, raw).not.toBeNull();
      const w = winning.get(code)!;
      if (selling! * 100 > w * 115) above++;
      if (get(r, c.online)) {
        online++;
        expect(parseYuan(get(r, c.online))).not.toBeNull();
      }
      const stock = Number(get(r, c.stock));
      expect(Number.isInteger(stock) && stock >= 0).toBe(true);
      if (stock === 0) outOfStock++;
      const at = beijing(get(r, c.at));
      expect(at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      if (NOW.getTime() - at.getTime() > 30 * DAY) stale++;
      const type = get(institution!, col.institutions.type);
      if (['乡镇卫生院', '社区卫生服务站', '村卫生室'].includes(type)) {
        primary.total++;
        if (selling === w) primary.exact++;
      }
      if (special.has(code)) expect(get(institution!, col.institutions.special)).toBe('是');
      const s = perInstitution.get(get(r, c.inst)) ?? { products: 0, generics: new Set<string>() };
      s.products++;
      s.generics.add(generic.get(code)!);
      perInstitution.set(get(r, c.inst), s);
    }
    const n = rows.length;
    expect(above / n).toBeGreaterThan(0.025);
    expect(above / n).toBeLessThan(0.08);
    expect(stale / n).toBeGreaterThan(0.05);
    expect(stale / n).toBeLessThan(0.2);
    expect(outOfStock / n).toBeGreaterThan(0.03);
    expect(outOfStock / n).toBeLessThan(0.1);
    expect(decorated).toBeGreaterThan(0);
    expect(online).toBeGreaterThan(0);
    // 零差率 with a few violations
    expect(primary.exact / primary.total).toBeGreaterThan(0.95);
    expect(primary.exact).toBeLessThan(primary.total);

    expect(perInstitution.size).toBe(inst.size); // every institution sells something
    for (const [code, s] of perInstitution) {
      const type = get(inst.get(code)!, col.institutions.type);
      if (type.includes('药店')) {
        expect(s.products).toBeGreaterThanOrEqual(50);
        expect(s.products).toBeLessThanOrEqual(120);
      }
      if (type === '村卫生室') {
        expect(s.products).toBeGreaterThanOrEqual(20);
        expect(s.products).toBeLessThanOrEqual(40);
      }
      if (type === '民营三级综合医院') expect(s.generics.size).toBeGreaterThanOrEqual(80);
    }
  });

  it('are deterministic: same seed and now → the same bytes; 更新时间 alone follows now', async () => {
    const again = await mkdtemp(join(tmpdir(), 'yaojia-demo-'));
    const later = await mkdtemp(join(tmpdir(), 'yaojia-demo-'));
    try {
      const same = await writeDemoFiles(again, { now: NOW });
      for (const [i, f] of files.entries()) {
        expect((await readFile(same[i]!.path)).equals(await readFile(f.path)), f.path).toBe(true);
      }
      const moved = await writeDemoFiles(later, { now: new Date(NOW.getTime() + 3 * DAY) });
      for (const [i, f] of files.entries()) {
        const a = await readFile(f.path);
        const b = await readFile(moved[i]!.path);
        if (f.kind === 'prices') {
          expect(a.equals(b)).toBe(false);
          // same rows except the last column
          const strip = (buf: Buffer) => buf.toString('utf8').split('\n').map((l) => l.replace(/,[^,]*$/, ''));
          expect(strip(b)).toEqual(strip(a));
        } else {
          expect(a.equals(b), f.path).toBe(true);
        }
      }
    } finally {
      await rm(again, { recursive: true, force: true });
      await rm(later, { recursive: true, force: true });
    }
  }, 60_000);

  it('differ with another seed', async () => {
    const other = await mkdtemp(join(tmpdir(), 'yaojia-demo-'));
    try {
      const out = await writeDemoFiles(other, { now: NOW, seed: 7 });
      expect((await readFile(out[2]!.path)).equals(await readFile(files[2]!.path))).toBe(false);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  }, 60_000);
});
