import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { type Fen, INSTITUTION_TYPE_LABELS, formatYuan } from '@yaojia/shared';
import { DEMO_LISTED, demoListedPackCodes } from './listed.js';
import { type DemoRegionSlug } from './places.js';
import type { DemoCatalogRow } from './catalog.js';
import { buildDemoData, DEFAULT_DEMO_SEED, type DemoFile, type DemoFileKind, type DemoOptions, type DemoRegionData } from './model.js';
import type { DemoInstitution } from './institutions.js';
import { BEIJING } from './offers.js';
import { hashString, Rng } from './random.js';

/** The demo written as bureau files (CSV in UTF-8 or GBK, XLSX), the way bureaus publish them. */
/** "12.50" mostly; a few as bureaus' spreadsheets write them: "12.50元", "￥12.5" */
function priceText(rng: Rng, fen: Fen): string {
  const yuan = formatYuan(fen);
  const r = rng.float();
  if (r < 0.04) return `${yuan}元`;
  if (r < 0.08) return `￥${yuan.replace(/\.?0+$/, '')}`;
  return yuan;
}

/** 更新时间 in Beijing time, "2025-06-01 14:32" */
function beijingTime(d: Date): string {
  return new Date(d.getTime() + BEIJING).toISOString().slice(0, 16).replace('T', ' ');
}

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function csv(rows: Array<Array<string | number>>, eol = '\n'): string {
  return rows.map((r) => r.map(csvField).join(',')).join(eol) + eol;
}

const yesNo = (b: boolean) => (b ? '是' : '否');
/** exceljs stamps workbook and zip entries with the current time; fix them so the bytes are stable */
const FIXED_FILE_TIME = new Date(Date.UTC(2025, 5, 1, 0, 0, 0));

/** Sets every zip entry's DOS modification time to FIXED_FILE_TIME (headers only; CRCs are unaffected). */
function normalizeZipTimes(buf: Buffer): Buffer {
  const d = FIXED_FILE_TIME;
  const dosTime = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const dosDate = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return buf;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count && buf.readUInt32LE(p) === 0x02014b50; n++) {
    buf.writeUInt16LE(dosTime, p + 12);
    buf.writeUInt16LE(dosDate, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) === 0x04034b50) {
      buf.writeUInt16LE(dosTime, local + 10);
      buf.writeUInt16LE(dosDate, local + 12);
    }
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '药价通 demo';
  wb.created = FIXED_FILE_TIME;
  wb.modified = FIXED_FILE_TIME;
  return wb;
}

async function writeWorkbook(wb: ExcelJS.Workbook, path: string): Promise<void> {
  const raw = await wb.xlsx.writeBuffer();
  await writeFile(path, normalizeZipTimes(Buffer.from(raw as ArrayBuffer)));
}

function catalogValues(row: DemoCatalogRow) {
  const { drug, product } = row;
  return {
    code: row.code,
    name: drug.genericName,
    brand: product.brandName ?? '',
    form: drug.dosageForm,
    spec: product.spec,
    ratio: product.conversionRatio,
    minUnit: drug.minUnit,
    packUnit: product.packUnit ?? drug.packUnit,
    packaging: product.packaging ?? drug.packaging,
    maker: row.makerName,
    bidder: row.makerName,
    approvalNo: row.approvalNo,
    area: drug.therapeuticArea,
    recommended: yesNo(drug.recommended),
    special: yesNo(drug.special),
    identifiers: row.packCodes.identifiers.join('、'),
    standardCode: row.packCodes.standard,
    barcode: row.packCodes.ean13,
  };
}

/** 山西: .xlsx, a merged title row above the header, a blank row and a footnote at the end */
async function writeShanxiCatalog(path: string, data: DemoRegionData): Promise<void> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('三进品种目录');
  const header = ['序号', '药品统一编码', '产品名称', '商品名', '剂型', '规格', '转换比', '最小制剂单位', '最小包装单位', '包装材质', '生产企业', '投标企业', '中选价格（元）', '批准文号', '治疗领域', '推荐配备', '特药', '药品标识码', '本位码', '条形码'];
  ws.addRow(['山西省集采药品“三进”工作品种目录（第二批）']);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.addRow(header).font = { bold: true };
  data.catalog.forEach((row, i) => {
    const v = catalogValues(row);
    const r = ws.addRow([i + 1, v.code, v.name, v.brand, v.form, v.spec, v.ratio, v.minUnit, v.packUnit, v.packaging, v.maker, v.bidder, row.winningPrice / 100, v.approvalNo, v.area, v.recommended, v.special, v.identifiers, v.standardCode, v.barcode]);
    r.getCell(13).numFmt = '0.00';
  });
  ws.addRow([]);
  const foot = ws.addRow(['注：1.中选价格为最小包装单位价格，单位为元；2.本目录实行动态调整，“即申即纳”，以山西省医疗保障局最新公布为准。']);
  ws.mergeCells(foot.number, 1, foot.number, header.length);
  ws.columns.forEach((c, i) => {
    c.width = [6, 26, 24, 10, 10, 18, 8, 8, 8, 14, 30, 30, 12, 22, 12, 8, 6, 18, 16, 16][i] ?? 12;
  });
  await writeWorkbook(wb, path);
}

/** 沈阳: GBK .csv (as exported from Excel on a Chinese Windows), two title rows above the header, CRLF */
async function writeShenyangCatalog(path: string, data: DemoRegionData): Promise<void> {
  const header = ['医保药品编码', '药品名称', '商品名称', '剂型', '规格', '转换系数', '最小制剂单位', '最小包装单位', '包装材质', '生产企业', '投标企业', '中选价(元)', '批准文号', '药品类别', '推荐配备', '特药', '追溯码前7位', '本位码', '商品条码'];
  const blank = header.map(() => '');
  const rows: Array<Array<string | number>> = [
    ['沈阳市集采药品“三进”工作药品目录', ...blank.slice(1)],
    ['（联盟地区执行，动态更新，以沈阳市医疗保障局最新公布为准）', ...blank.slice(1)],
    header,
    ...data.catalog.map((row) => {
      const v = catalogValues(row);
      return [v.code, v.name, v.brand, v.form, v.spec, v.ratio, v.minUnit, v.packUnit, v.packaging, v.maker, v.bidder, formatYuan(row.winningPrice), v.approvalNo, v.area, v.recommended, v.special, v.identifiers.replace(/、/g, '；'), v.standardCode, v.barcode];
    }),
    blank,
    blank,
  ];
  await writeFile(path, iconv.encode(csv(rows, '\r\n'), 'gbk'));
}

function institutionValues(inst: DemoInstitution) {
  return [
    inst.name, inst.code, INSTITUTION_TYPE_LABELS[inst.type], inst.address, inst.lng.toFixed(6), inst.lat.toFixed(6), inst.creditCode,
    inst.legalRepresentative, inst.contactName, inst.phone, inst.hours, inst.badge, yesNo(inst.specialDesignated), inst.commitment,
    inst.district, inst.joinedAt,
  ];
}

/** 山西: UTF-8 CSV with a BOM (Excel's "CSV UTF-8") */
async function writeShanxiInstitutions(path: string, data: DemoRegionData): Promise<void> {
  const header = ['机构名称', '机构医保编码', '机构类型', '地址', '经度', '纬度', '统一社会信用代码', '法人代表', '联系人', '联系电话', '营业时间', '集采标识', '特药定点', '承诺', '区县', '加入日期'];
  await writeFile(path, '\uFEFF' + csv([header, ...data.institutions.map(institutionValues)]));
}

/** 沈阳: .xlsx with a merged title row and 宁夏 附件1-style headers */
async function writeShenyangInstitutions(path: string, data: DemoRegionData): Promise<void> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('参与机构名单');
  const header = ['单位名称', '定点机构编码', '机构类别', '单位地址', '经度', '纬度', '统一社会信用代码', '法定代表人', '联系人', '联系电话', '营业时间', '集采便民标识', '是否特药定点', '价格承诺', '所在区县', '加入时间'];
  ws.addRow(['沈阳市集采药品“三进”参与医药机构名单']);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.addRow(header).font = { bold: true };
  for (const inst of data.institutions) {
    const v = institutionValues(inst);
    // coordinates as numbers, the way a GIS export writes them
    ws.addRow([...v.slice(0, 4), inst.lng, inst.lat, ...v.slice(6)]);
  }
  await writeWorkbook(wb, path);
}

async function writePrices(path: string, data: DemoRegionData, rng: Rng): Promise<void> {
  const header =
    data.slug === 'shanxi'
      ? ['机构医保编码', '药品统一编码', '销售价', '网售价', '库存', '更新时间']
      : ['定点机构编码', '医保药品编码', '零售价格', '线上价格', '库存数量', '价格更新时间'];
  const rows = data.offers.map((o) => [
    o.institutionCode, o.productCode, priceText(rng, o.sellingPrice), o.onlinePrice === null ? '' : priceText(rng, o.onlinePrice), o.stock, beijingTime(o.observedAt),
  ]);
  await writeFile(path, csv([header, ...rows]));
}

/** 挂网药品价格 (UTF-8 CSV): the originator brands of molecules the region's catalog lists */
async function writeListed(path: string, data: DemoRegionData): Promise<void> {
  const generics = new Set(data.catalog.map((r) => r.drug.genericName));
  const header = ['医保药品编码', '通用名', '商品名', '剂型', '规格', '转换比', '生产企业', '挂网价格（元）', '是否原研', '是否过评', '药品标识码', '本位码', '条形码'];
  const rows = DEMO_LISTED.flatMap((l, i) => {
    if (!generics.has(l.genericName)) return [];
    const codes = demoListedPackCodes(i);
    return [[
      l.code, l.genericName, l.brandName, l.dosageForm, l.spec, l.conversionRatio, l.maker, l.listedPrice, yesNo(l.original), '是',
      codes.identifiers.join('、'), codes.standard, codes.ean13,
    ]];
  });
  await writeFile(path, csv([header, ...rows]));
}

/** File names written for a region, in publish order. */
export const DEMO_FILE_NAMES: Record<DemoRegionSlug, Record<DemoFileKind, string>> = {
  shanxi: { catalog: 'shanxi-catalog.xlsx', institutions: 'shanxi-institutions.csv', prices: 'shanxi-prices.csv', listed: 'shanxi-listed.csv' },
  shenyang: { catalog: 'shenyang-catalog.csv', institutions: 'shenyang-institutions.xlsx', prices: 'shenyang-prices.csv', listed: 'shenyang-listed.csv' },
};

/**
 * Writes the demo bureau files into `dir` and returns them in publish order: for each region its
 * catalog, then institutions, then prices.
 */
export async function writeDemoFiles(dir: string, options: DemoOptions = {}): Promise<DemoFile[]> {
  await mkdir(dir, { recursive: true });
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const files: DemoFile[] = [];
  for (const data of buildDemoData(options)) {
    const names = DEMO_FILE_NAMES[data.slug];
    const catalogPath = join(dir, names.catalog);
    const institutionsPath = join(dir, names.institutions);
    const pricesPath = join(dir, names.prices);
    if (data.slug === 'shanxi') {
      await writeShanxiCatalog(catalogPath, data);
      await writeShanxiInstitutions(institutionsPath, data);
    } else {
      await writeShenyangCatalog(catalogPath, data);
      await writeShenyangInstitutions(institutionsPath, data);
    }
    await writePrices(pricesPath, data, new Rng((seed ^ hashString(`${data.slug}|prices`)) >>> 0));
    const listedPath = join(dir, names.listed);
    await writeListed(listedPath, data);
    files.push(
      { path: catalogPath, kind: 'catalog', region: data.slug },
      { path: institutionsPath, kind: 'institutions', region: data.slug },
      { path: pricesPath, kind: 'prices', region: data.slug },
      { path: listedPath, kind: 'listed', region: data.slug },
    );
  }
  return files;
}
