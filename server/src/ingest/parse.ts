import { basename } from 'node:path';
import type { FileKind } from '@yaojia/shared';
import { COLUMNS, type ColumnSpec, columnLetter, matchHeader, normalizeHeader } from './headers.js';
import { UnreadableFileError } from '../errors.js';
import { ingredientStem } from '@yaojia/shared/search';
import { type PriceColumnsAt, firstText, isFootnote, plainPrice } from './plain-price.js';
import { readPriceLinesInParallel, PARALLEL_FROM_BYTES } from './parallel-prices.js';
import { PriceColumnsBuilder, STOCK_STATES_BY_CODE } from './price-columns.js';
import { MAX_ROW_CHARS, type RawRow, openTable, tooLong } from './read.js';
import type { AliasRow, CatalogRow, IngestIssue, InstitutionRow, ListedRow, OnProgress, PackCodes, ParseResult, ParseStats, PriceRow, RowOf } from './types.js';
import {
  type Parsed,
  clean,
  cleanText,
  parseBadge,
  parseBool,
  parseCityDistrict,
  parseCode,
  parseCodeList,
  parseCommitment,
  parsePriceIndexVerdict,
  parseConversionRatio,
  parseCoordinate,
  parseDate,
  parseInstitutionType,
  parsePrice,
  parseStock,
  parseName,
  parseText,
  parseTimestamp,
} from './values.js';

/** Codes live in the region, for checking a prices file's references. */
export interface PriceLookups {
  region: string;
  institutionCodes: ReadonlySet<string>;
  productCodes: ReadonlySet<string>;
}

export interface ParseOptions {
  /** name used in messages (default: the file's base name) */
  fileName?: string;
  lookups?: PriceLookups;
  onProgress?: OnProgress;
  /** a plain prices CSV of a publish from this size on is read by `readers` workers, in ranges of about
   * `rangeBytes` (defaults: parallel-prices.ts; the tests set them to read small files in many ranges) */
  parallel?: { fromBytes?: number; readers?: number; rangeBytes?: number };
}

/** How many leading rows may be titles above the header. */
const HEADER_SEARCH_ROWS = 30;
/** Errors kept in full; beyond that they are only counted. */
const MAX_ERRORS = 10_000;


interface Binding {
  index: number;
  header: string;
  spec: ColumnSpec;
}

interface HeaderFound {
  headerRows: number[];
  /** index into the buffered rows where data begins */
  dataStart: number;
  bindings: Binding[];
  unknown: Array<{ index: number; header: string }>;
  duplicates: Array<{ index: number; header: string; field: string }>;
}

function scoreRow(kind: FileKind, cells: string[]): Set<string> {
  const fields = new Set<string>();
  for (const c of cells) {
    const spec = matchHeader(kind, c);
    if (spec) fields.add(spec.field);
  }
  return fields;
}

/**
 * The header is the row (among the first 30) naming the most known columns; title rows above it are
 * skipped. If the next row names further columns, the header spans two rows (a group label merged
 * over sub-headers), and each column takes whichever of the two rows names a known column.
 */
export function findHeader(kind: FileKind, rows: RawRow[]): HeaderFound | null {
  let best = -1;
  let bestScore = 0;
  rows.forEach((r, i) => {
    const s = scoreRow(kind, r.cells).size;
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  });
  if (best < 0 || bestScore < 2) return null;
  const top = rows[best]!;
  const headerRows = [top.row];
  let dataStart = best + 1;
  const lower = rows[best + 1];
  let texts: Array<{ upper: string; lower: string }> = top.cells.map((c) => ({ upper: c, lower: '' }));
  if (lower) {
    const topFields = scoreRow(kind, top.cells);
    const added = lower.cells.some((c, i) => {
      const spec = matchHeader(kind, c);
      return spec && !topFields.has(spec.field) && normalizeHeader(c) !== normalizeHeader(top.cells[i] ?? '');
    });
    if (added) {
      headerRows.push(lower.row);
      dataStart = best + 2;
      const width = Math.max(top.cells.length, lower.cells.length);
      texts = Array.from({ length: width }, (_, i) => ({ upper: top.cells[i] ?? '', lower: lower.cells[i] ?? '' }));
    }
  }
  const bindings: Binding[] = [];
  const unknown: HeaderFound['unknown'] = [];
  const duplicates: HeaderFound['duplicates'] = [];
  const bound = new Set<string>();
  texts.forEach(({ upper, lower: low }, index) => {
    const lowSpec = matchHeader(kind, low);
    const upSpec = matchHeader(kind, upper);
    const spec = lowSpec ?? upSpec;
    const header = clean(lowSpec ? low : upSpec ? upper : low || upper);
    if (!spec) {
      if (header) unknown.push({ index, header });
      return;
    }
    if (bound.has(spec.field)) {
      duplicates.push({ index, header, field: spec.field });
      return;
    }
    bound.add(spec.field);
    bindings.push({ index, header, spec });
  });
  return { headerRows, dataStart, bindings, unknown, duplicates };
}

type FieldGetter = (field: string) => { text: string; binding: Binding } | undefined;

interface RowContext {
  file: string;
  row: number;
  issues: IngestIssue[];
  get: FieldGetter;
}

function issueAt(ctx: RowContext, b: Binding | undefined, message: string, value?: string): IngestIssue {
  const letter = b ? columnLetter(b.index) : null;
  const where = b ? `, column ${letter} (${b.header})` : '';
  const shown = value !== undefined ? ` "${value}"` : '';
  return {
    file: ctx.file,
    row: ctx.row,
    column: b?.header ?? null,
    columnLetter: letter,
    ...(value !== undefined ? { value } : {}),
    message: `${ctx.file} row ${ctx.row}${where}:${shown} ${message}`,
  };
}

/**
 * A required cell through `parser`; undefined (with an issue recorded) when empty or invalid. The parser
 * gets display text (cleanText); parsers of codes, prices, numbers and dates make it fully half-width.
 */
function req<T>(ctx: RowContext, name: string, parser: (s: string) => Parsed<T>): T | undefined {
  const got = ctx.get(name);
  const text = got ? cleanText(got.text) : '';
  const r = parser(text);
  if (r.ok && text) return r.value;
  if (!text) {
    const expected = r.ok ? 'a value' : r.expected;
    ctx.issues.push({ ...issueAt(ctx, got?.binding, `is empty — expected ${expected}`), value: '' });
  } else if (!r.ok) {
    ctx.issues.push(issueAt(ctx, got?.binding, `is not valid — expected ${r.expected}`, text));
  }
  return undefined;
}

/** An optional cell: `empty` when blank or the column is absent; undefined (issue recorded) when invalid. */
function opt<T, E = null>(ctx: RowContext, name: string, parser: (s: string) => Parsed<T>, empty: E = null as E): T | E | undefined {
  const got = ctx.get(name);
  const text = got ? cleanText(got.text) : '';
  if (!text) return empty;
  const r = parser(text);
  if (r.ok) return r.value;
  ctx.issues.push(issueAt(ctx, got?.binding, `is not valid — expected ${r.expected}`, text));
  return undefined;
}

const optText = (s: string) => parseText(s, 500);

/** 最小制剂单位 when the file leaves it out: 片 for tablets, 粒 for capsules, 支 for injections, … */
function unitFromDosageForm(form: string): string {
  if (/胶囊|软胶囊|丸/.test(form)) return form.includes('丸') ? '丸' : '粒';
  if (/片/.test(form)) return '片';
  if (/注射|针/.test(form)) return '支';
  if (/颗粒|散|粉/.test(form)) return '袋';
  if (/贴/.test(form)) return '贴';
  if (/吸入|气雾|喷雾|滴眼|滴耳|滴鼻|口服液|溶液|糖浆|乳膏|软膏|凝胶/.test(form)) return '支';
  return '单位';
}

/** "苯磺酸氨氯地平片(络活喜)" → generic 苯磺酸氨氯地平片, brand 络活喜 */
function splitBrand(name: string): { generic: string; brand: string | null } {
  const m = /^(.+?)\s*[(（]([^()（）]+)[)）]$/.exec(name);
  if (m?.[1] && m[2] && !/\d/.test(m[2])) return { generic: m[1], brand: m[2] };
  return { generic: name, brand: null };
}

/**
 * The optional pack-code columns (PACK_CODE_COLUMNS) of a catalog or 挂网 row: [] where a column is absent
 * or blank; undefined (an issue recorded per bad cell) when a cell holds a code of the wrong length, a
 * non-digit or an EAN-13 whose check digit is wrong.
 */
function packCodes(ctx: RowContext): PackCodes | undefined {
  const identifierCodes = opt(ctx, 'identifierCodes', (s) => parseCodeList('identifier', s), [] as string[]);
  const standardCodes = opt(ctx, 'standardCodes', (s) => parseCodeList('standard', s), [] as string[]);
  const barcodes = opt(ctx, 'barcodes', (s) => parseCodeList('ean13', s), [] as string[]);
  if (identifierCodes === undefined || standardCodes === undefined || barcodes === undefined) return undefined;
  return { identifierCodes, standardCodes, barcodes };
}

function validateCatalog(ctx: RowContext): CatalogRow | null {
  const code = req(ctx, 'code', parseCode);
  const productName = req(ctx, 'productName', (s) => parseName(s, 200));
  const genericCol = opt(ctx, 'genericName', (s) => parseName(s, 200));
  const dosageForm = req(ctx, 'dosageForm', (s) => parseText(s, 50));
  const spec = req(ctx, 'spec', (s) => parseText(s, 200));
  const conversionRatio = req(ctx, 'conversionRatio', parseConversionRatio);
  const maker = req(ctx, 'maker', (s) => parseName(s, 200));
  const winningPriceFen = req(ctx, 'winningPrice', parsePrice);
  const minUnit = opt(ctx, 'minUnit', (s) => parseText(s, 20));
  const packUnit = opt(ctx, 'packUnit', (s) => parseText(s, 20));
  const packaging = opt(ctx, 'packaging', optText);
  const bidder = opt(ctx, 'bidder', (s) => parseName(s, 500));
  const approvalNo = opt(ctx, 'approvalNo', optText);
  const brandCol = opt(ctx, 'brandName', (s) => parseName(s, 500));
  const recommended = opt(ctx, 'recommended', parseBool, false);
  const special = opt(ctx, 'special', parseBool, false);
  const therapeuticArea = opt(ctx, 'therapeuticArea', optText);
  const codes = packCodes(ctx);
  if (
    code === undefined || productName === undefined || dosageForm === undefined || spec === undefined ||
    conversionRatio === undefined || maker === undefined || winningPriceFen === undefined ||
    genericCol === undefined || minUnit === undefined || packUnit === undefined || packaging === undefined ||
    bidder === undefined || approvalNo === undefined || brandCol === undefined || recommended === undefined ||
    special === undefined || therapeuticArea === undefined || codes === undefined
  ) return null;
  const split = splitBrand(productName);
  return {
    code,
    genericName: genericCol ?? split.generic,
    productName,
    dosageForm,
    spec,
    conversionRatio,
    minUnit: minUnit ?? unitFromDosageForm(dosageForm),
    packUnit: packUnit ?? '盒',
    packaging,
    maker,
    bidder,
    winningPriceFen,
    approvalNo,
    brandName: brandCol ?? split.brand,
    recommended,
    special,
    therapeuticArea,
    ...codes,
  };
}

function validateListed(ctx: RowContext): ListedRow | null {
  const code = req(ctx, 'code', parseCode);
  const genericName = req(ctx, 'genericName', (s) => parseName(s, 200));
  const brandCol = opt(ctx, 'brandName', (s) => parseName(s, 100));
  const dosageForm = req(ctx, 'dosageForm', (s) => parseText(s, 50));
  const spec = req(ctx, 'spec', (s) => parseText(s, 200));
  const conversionRatio = req(ctx, 'conversionRatio', parseConversionRatio);
  const maker = req(ctx, 'maker', (s) => parseName(s, 200));
  const listedPriceFen = req(ctx, 'listedPrice', parsePrice);
  const original = opt(ctx, 'original', parseBool, false);
  const consistency = opt(ctx, 'consistency', parseBool);
  const codes = packCodes(ctx);
  if (
    code === undefined || genericName === undefined || brandCol === undefined || dosageForm === undefined || spec === undefined ||
    conversionRatio === undefined || maker === undefined || listedPriceFen === undefined || original === undefined || consistency === undefined ||
    codes === undefined
  ) return null;
  // "苯磺酸氨氯地平片(络活喜)" in the 通用名 column: the brand in brackets, when there is no 商品名 column value
  const split = splitBrand(genericName);
  return { code, genericName: split.generic, brandName: brandCol ?? split.brand, dosageForm, spec, conversionRatio, maker, listedPriceFen, original, consistency, ...codes };
}

/** 名称类型 as bureaus write it */
function parseAliasKind(s: string): Parsed<AliasRow['kind']> {
  const v = clean(s).replace(/\s+/g, '');
  if (/^(原研|原研药|原研商品名|原研品牌|是)$/.test(v)) return { ok: true, value: 'original' };
  if (/^(商品名|品牌|品牌名|仿制|仿制药|仿制药商品名|否)$/.test(v)) return { ok: true, value: 'brand' };
  if (/^(别名|俗名|曾用名|旧名|简称|英文名)$/.test(v)) return { ok: true, value: 'alias' };
  return { ok: false, expected: '原研, 商品名 or 别名' };
}

function validateAlias(ctx: RowContext): AliasRow | null {
  const stemText = req(ctx, 'stem', (s) => parseName(s, 100));
  const name = req(ctx, 'name', (s) => parseName(s, 50));
  const kind = opt(ctx, 'kind', parseAliasKind, 'brand');
  const maker = opt(ctx, 'maker', (s) => parseName(s, 200));
  const form = opt(ctx, 'form', (s) => parseText(s, 20));
  if (stemText === undefined || name === undefined || kind === undefined || maker === undefined || form === undefined) return null;
  const stem = ingredientStem(stemText);
  return { stem, name, kind, maker, form };
}

function validateInstitution(ctx: RowContext, hasBadgeColumn: boolean, hasIndexColumn: boolean, warnings: IngestIssue[]): InstitutionRow | null {
  const name = req(ctx, 'name', (s) => parseName(s, 200));
  const code = req(ctx, 'code', parseCode);
  const type = req(ctx, 'type', parseInstitutionType);
  const address = req(ctx, 'address', (s) => parseName(s, 300));
  const lng = req(ctx, 'lng', (s) => parseCoordinate(s, 'lng'));
  const lat = req(ctx, 'lat', (s) => parseCoordinate(s, 'lat'));
  const creditCode = opt(ctx, 'creditCode', (s) => {
    const v = clean(s).replace(/\s+/g, '').toUpperCase();
    // 统一社会信用代码: 18 characters (GB 32100-2015)
    return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v) ? { ok: true as const, value: v } : { ok: false as const, expected: 'an 18-character 统一社会信用代码' };
  });
  // a phone number and opening hours are numbers, not display text: fully half-width (０３５１－…, ０８：００)
  const phone = opt(ctx, 'phone', (s) => parseText(clean(s), 50));
  const hours = opt(ctx, 'hours', (s) => parseText(clean(s), 100));
  const specialDesignated = opt(ctx, 'specialDesignated', parseBool, false);
  const legalRepresentative = opt(ctx, 'legalRepresentative', (s) => parseName(s, 50));
  const contactName = opt(ctx, 'contactName', (s) => parseName(s, 50));
  const commitment = opt(ctx, 'commitment', parseCommitment);
  const priceIndexMet = opt(ctx, 'priceIndexMet', parsePriceIndexVerdict);
  const joinedAt = opt(ctx, 'joinedAt', parseDate);
  const cityCol = opt(ctx, 'city', (s) => parseText(s, 30));
  const districtCol = opt(ctx, 'district', (s) => parseText(s, 30));
  let badge: InstitutionRow['badge'];
  if (type !== undefined && hasBadgeColumn) {
    const got = ctx.get('badge');
    const text = got ? clean(got.text) : '';
    const r = parseBadge(text, type);
    if (r.ok) badge = r.value;
    else if (/^(是|y|yes|1|√)$/i.test(text)) {
      // 是 on a public institution: the badge is not theirs to hold; keep the row, say so
      badge = null;
      warnings.push(issueAt(ctx, got?.binding, `ignored — ${r.expected}`, text));
    } else {
      ctx.issues.push(issueAt(ctx, got?.binding, `is not valid — expected ${r.expected}`, text));
      return null;
    }
  }
  if (
    name === undefined || code === undefined || type === undefined || address === undefined || lng === undefined ||
    lat === undefined || creditCode === undefined || phone === undefined || hours === undefined ||
    specialDesignated === undefined || legalRepresentative === undefined || contactName === undefined ||
    commitment === undefined || joinedAt === undefined || cityCol === undefined || districtCol === undefined ||
    priceIndexMet === undefined
  ) return null;
  const parsed = parseCityDistrict(address);
  const row: InstitutionRow = {
    code,
    name,
    type,
    creditCode,
    address,
    city: cityCol ?? parsed.city,
    district: districtCol ?? parsed.district,
    lat,
    lng,
    phone,
    hours,
    specialDesignated,
    commitment,
    legalRepresentative,
    contactName,
    joinedAt,
  };
  if (hasBadgeColumn) row.badge = badge ?? null;
  if (hasIndexColumn) row.priceIndexMet = priceIndexMet;
  return row;
}

function validatePrice(ctx: RowContext, lookups: PriceLookups | undefined): PriceRow | null {
  const institutionCode = req(ctx, 'institutionCode', parseCode);
  const productCode = req(ctx, 'productCode', parseCode);
  const sellingPriceFen = req(ctx, 'sellingPrice', parsePrice);
  const onlinePriceFen = opt(ctx, 'onlinePrice', parsePrice);
  const stock = opt(ctx, 'stock', parseStock, { state: 'unknown' as const, count: null });
  const observedAt = opt(ctx, 'observedAt', parseTimestamp);
  if (lookups && institutionCode !== undefined && !lookups.institutionCodes.has(institutionCode)) {
    ctx.issues.push(issueAt(ctx, ctx.get('institutionCode')?.binding, `is not an institution of region ${lookups.region} — expected a 机构医保编码 published in the region's institutions file`, institutionCode));
    return null;
  }
  if (lookups && productCode !== undefined && !lookups.productCodes.has(productCode)) {
    ctx.issues.push(issueAt(ctx, ctx.get('productCode')?.binding, `is not a product of region ${lookups.region} — expected a 药品统一编码 published in the region's catalog`, productCode));
    return null;
  }
  if (
    institutionCode === undefined || productCode === undefined || sellingPriceFen === undefined ||
    onlinePriceFen === undefined || stock === undefined || observedAt === undefined
  ) return null;
  return { institutionCode, productCode, sellingPriceFen, onlinePriceFen, stockState: stock.state, stockCount: stock.count, observedAt };
}

/**
 * A number per (institution, product) pair of the region's codes, undefined for a code not among them: the
 * duplicate check of a 2 M-row prices file keys its map by these instead of 2 M concatenated strings.
 */
function pairKeys(lookups: PriceLookups): ((institutionCode: string, productCode: string) => number | undefined) & { count: number } {
  const institutions = new Map<string, number>();
  for (const c of lookups.institutionCodes) institutions.set(c, institutions.size);
  const products = new Map<string, number>();
  for (const c of lookups.productCodes) products.set(c, products.size);
  const width = Math.max(1, products.size);
  const key = (institutionCode: string, productCode: string) => {
    const i = institutions.get(institutionCode);
    const p = products.get(productCode);
    return i === undefined || p === undefined ? undefined : i * width + p;
  };
  return Object.assign(key, { count: institutions.size * width });
}

/**
 * The pairs of a prices file seen so far: a bit per possible pair (10,000 institutions × 5,000 products:
 * 6 MB; a Map of 2 M entries cost more than a second of a publish's parse), and the row of each pair only
 * once a duplicate asks which row it repeats (worked out then from the rows read so far: `rowsSoFar`).
 * A region with more possible pairs than BITS_MAX keeps them all in the Map.
 */
class SeenPairs {
  private static readonly BITS_MAX = 2 ** 28;
  private readonly bits: Uint8Array | null;
  private rows: Map<number, number> | null = null;
  constructor(count: number, private readonly rowsSoFar: () => Iterable<[number, number]>) {
    this.bits = count <= SeenPairs.BITS_MAX ? new Uint8Array((count >>> 3) + 1) : null;
    if (!this.bits) this.rows = new Map();
  }
  firstRow(pair: number): number | undefined {
    if (this.bits) {
      if ((this.bits[pair >>> 3]! & (1 << (pair & 7))) === 0) return undefined;
      this.rows ??= new Map(this.rowsSoFar());
    }
    return this.rows!.get(pair);
  }
  add(pair: number, row: number): void {
    if (this.bits) this.bits[pair >>> 3]! |= 1 << (pair & 7);
    this.rows?.set(pair, row);
  }
}

export function rowKey(kind: FileKind, row: RowOf[FileKind]): string {
  if (kind === 'prices') {
    const p = row as PriceRow;
    return `${p.institutionCode}\u0000${p.productCode}`;
  }
  if (kind === 'aliases') {
    const a = row as AliasRow;
    return `${a.stem}\u0000${a.name}`;
  }
  return (row as CatalogRow | InstitutionRow | ListedRow).code;
}

/** Human wording of a file-level problem. */
function fileIssue(file: string, message: string, row: number | null = null): IngestIssue {
  return { file, row, column: null, columnLetter: null, message: `${file}${row ? ` row ${row}` : ''}: ${message}` };
}

/**
 * Reads and validates a bureau file into normalised rows. Never throws for a bad file: problems come
 * back as errors naming file, row and column.
 */
export async function parseFile<K extends FileKind>(path: string, kind: K, opts: ParseOptions = {}): Promise<ParseResult<K>> {
  const file = opts.fileName ?? basename(path);
  const stats: ParseStats = { format: 'csv', encoding: '', sheet: null, headerRows: [], columns: [], unknownColumns: [], blankRows: 0, footnoteRows: [], dataRows: 0 };
  const result: ParseResult<K> = { file, kind, rows: [], rowNumbers: [], errors: [], invalidRows: [], warnings: [], stats };
  let table;
  try {
    table = await openTable(path, opts.onProgress);
  } catch (e) {
    const msg = e instanceof UnreadableFileError ? e.message : `cannot read the file (${(e as Error).message})`;
    result.errors.push(fileIssue(file, msg));
    return result;
  }
  stats.format = table.format;
  stats.encoding = table.encoding;

  const specs = COLUMNS[kind];
  // a file that breaks while its rows are read (a row longer than any table's, a CSV that stops parsing)
  // is refused as a whole, named, like one that cannot be opened
  try {
    for (const sheet of table.sheets) {
      const it = sheet.rows[Symbol.asyncIterator]();
      const buffered: RawRow[] = [];
      while (buffered.length < HEADER_SEARCH_ROWS) {
        const n = await it.next();
        if (n.done) break;
        for (const r of n.value) buffered.push(r);
      }
      const head = buffered.slice(0, HEADER_SEARCH_ROWS);
      const found = findHeader(kind, head);
      if (!found) {
        if (sheet !== table.sheets[table.sheets.length - 1]) continue;
        const expected = specs.filter((s) => s.required).map((s) => s.label).join(', ');
        result.errors.push(fileIssue(file, `no header row found in the first ${HEADER_SEARCH_ROWS} rows${sheet.name ? ` of sheet "${sheet.name}"` : ''} — expected a row naming the columns ${expected}`));
        return result;
      }
      stats.sheet = sheet.name;
      stats.headerRows = found.headerRows;
      const headerRow = found.headerRows[found.headerRows.length - 1]!;

      const byField = new Map(found.bindings.map((b) => [b.spec.field, b]));
      // 产品名称 is "the 通用名 form": a file that only has 通用名 uses it as 产品名称
      if (kind === 'catalog' && !byField.has('productName') && byField.has('genericName')) {
        const g = byField.get('genericName')!;
        byField.set('productName', g);
        byField.delete('genericName');
      }
      stats.columns = [...byField.values()].sort((a, b) => a.index - b.index).map((b) => ({ letter: columnLetter(b.index), header: b.header, field: b.spec.field }));
      stats.unknownColumns = found.unknown.map((u) => ({ letter: columnLetter(u.index), header: u.header }));
      for (const u of found.unknown) {
        result.warnings.push({ file, row: headerRow, column: u.header, columnLetter: columnLetter(u.index), message: `${file} row ${headerRow}, column ${columnLetter(u.index)} (${u.header}): unknown column, ignored` });
      }
      // two columns for one field (two 中选价…) disagree about which to trust: the bureau must say (issue 13)
      for (const d of found.duplicates) {
        const first = byField.get(d.field)!;
        result.errors.push({ file, row: headerRow, column: d.header, columnLetter: columnLetter(d.index), message: `${file} row ${headerRow}, column ${columnLetter(d.index)} (${d.header}): a second column for the same field as column ${columnLetter(first.index)} (${first.header}) — keep one of them` });
      }
      if (found.duplicates.length) return result;
      const missing = specs.filter((s) => s.required && !byField.has(s.field));
      if (missing.length) {
        for (const m of missing) {
          const variants = m.aliases.slice(1, 4).join(' / ');
          result.errors.push({ file, row: headerRow, column: m.label, columnLetter: null, message: `${file} row ${headerRow}: missing required column "${m.label}" (also accepted: ${variants})` });
        }
        return result;
      }

      const hasBadge = byField.has('badge');
      const hasIndex = byField.has('priceIndexMet');
      const seen = new Map<string, number>();
      let cells: string[] = [];
      const get: FieldGetter = (f) => {
        const b = byField.get(f);
        return b ? { text: cells[b.index] ?? '', binding: b } : undefined;
      };
      const keyBinding = kind === 'prices' ? byField.get('productCode') : kind === 'aliases' ? byField.get('name') : byField.get('code');
      const column = (f: string) => byField.get(f)?.index ?? -1;
      const priceAt: PriceColumnsAt | null =
        kind === 'prices'
          ? { institutionCode: column('institutionCode'), productCode: column('productCode'), sellingPrice: column('sellingPrice'), onlinePrice: column('onlinePrice'), stock: column('stock'), observedAt: column('observedAt') }
          : null;
      // prices checked against the region's codes (a publish): a pair's key is a number, not a string per row
      const pairOf = kind === 'prices' && opts.lookups ? pairKeys(opts.lookups) : null;
      const seenPairs = new SeenPairs(pairOf?.count ?? 0, function* () {
        for (let i = 0; i < result.rows.length; i++) {
          const r = result.rows[i] as PriceRow;
          yield [pairOf!(r.institutionCode, r.productCode)!, result.rowNumbers[i]!];
        }
      });

      /** a row valid on its own whose key an earlier row has (the only issue such a row has) */
      const rejectDuplicate = (row: number, key: string, first: number) => {
        const what = kind === 'prices' ? '机构医保编码 + 药品统一编码 pair' : kind === 'aliases' ? '活性成分 + 名称 pair' : 'code';
        result.invalidRows.push(row);
        if (result.errors.length < MAX_ERRORS) {
          result.errors.push(issueAt({ file, row, issues: [], get }, keyBinding, `duplicates row ${first} — expected each ${what} once per file`, key.replace('\u0000', ' + ')));
        }
      };

      const handle = (raw: RawRow) => {
        cells = raw.cells;
        const lead = firstText(cells);
        if (!lead) {
          stats.blankRows++;
          return;
        }
        if (isFootnote(lead, cells)) {
          stats.footnoteRows.push({ row: raw.row, text: lead.slice(0, 80) });
          return;
        }
        stats.dataRows++;
        if (priceAt) {
          const row = plainPrice(cells, priceAt, opts.lookups);
          if (row) {
            const pair = pairOf?.(row.institutionCode, row.productCode);
            const key = pair === undefined ? `${row.institutionCode}\u0000${row.productCode}` : '';
            if (pair !== undefined ? seenPairs.firstRow(pair) === undefined : !seen.has(key)) {
              if (pair !== undefined) seenPairs.add(pair, raw.row);
              else seen.set(key, raw.row);
              result.rows.push(row as RowOf[K]);
              result.rowNumbers.push(raw.row);
              return;
            }
            // a repeated pair: the generic path words the error
          }
        }
        const issues: IngestIssue[] = [];
        const ctx: RowContext = { file, row: raw.row, issues, get };
        const row =
          kind === 'catalog' ? validateCatalog(ctx)
          : kind === 'institutions' ? validateInstitution(ctx, hasBadge, hasIndex, result.warnings)
          : kind === 'listed' ? validateListed(ctx)
          : kind === 'aliases' ? validateAlias(ctx)
          : validatePrice(ctx, opts.lookups);
        if (row) {
          const key = rowKey(kind, row);
          const pair = pairOf?.((row as PriceRow).institutionCode, (row as PriceRow).productCode);
          const first = pair !== undefined ? seenPairs.firstRow(pair) : seen.get(key);
          if (first !== undefined) return rejectDuplicate(raw.row, key, first);
          if (pair !== undefined) seenPairs.add(pair, raw.row);
          else seen.set(key, raw.row);
          result.rows.push(row as RowOf[K]);
          result.rowNumbers.push(raw.row);
          return;
        }
        result.invalidRows.push(raw.row);
        for (const i of issues) if (result.errors.length < MAX_ERRORS) result.errors.push(i);
      };

      for (const raw of buffered.slice(found.dataStart)) handle(raw);
      // a large plain prices CSV of a publish: the rest of its lines read by workers (parallel-prices.ts)
      const plain = sheet.plain;
      const parallel =
        priceAt && opts.lookups && plain && plain.size >= (opts.parallel?.fromBytes ?? PARALLEL_FROM_BYTES)
          ? await readPriceLinesInParallel(
              plain, (buffered.at(-1)?.row ?? 0) + 1,
              { at: priceAt, institutionCodes: [...opts.lookups.institutionCodes], productCodes: [...opts.lookups.productCodes], maxRowChars: MAX_ROW_CHARS },
              opts.parallel?.readers, opts.parallel?.rangeBytes,
            )
          : null;
      if (!parallel) {
        for (let n = await it.next(); !n.done; n = await it.next()) for (const raw of n.value) handle(raw);
        return result;
      }
      await it.return?.();
      // the same Set order pairKeys numbers pairs by
      const institutionCodes = [...opts.lookups!.institutionCodes];
      const productCodes = [...opts.lookups!.productCodes];
      const width = Math.max(1, productCodes.length);
      // the rows by column as well, for the snapshot: those read before the workers started, then in order
      const columns = new PriceColumnsBuilder(institutionCodes, productCodes, Math.ceil(plain!.size / 48));
      for (const r of result.rows as PriceRow[]) columns.pushRow(r);
      const other = (raw: RawRow) => {
        const before = result.rows.length;
        handle(raw);
        if (result.rows.length > before) columns.pushRow(result.rows[before] as PriceRow);
      };
      for await (const part of parallel) {
        if (part.tooLong !== null) throw tooLong(part.tooLong);
        const others = part.others;
        const observedAt = part.observedValues.map((v) => columns.observed(v));
        let o = 0;
        for (let k = 0; k < part.n; k++) {
          const rowNumber = part.row[k]!;
          while (o < others.length && others[o]!.row < rowNumber) other(others[o++]!);
          // as handle does for a row plainPrice takes
          stats.dataRows++;
          const institution = part.institution[k]!;
          const product = part.product[k]!;
          const pair = institution * width + product;
          const first = seenPairs.firstRow(pair);
          if (first !== undefined) {
            rejectDuplicate(rowNumber, `${institutionCodes[institution]}\u0000${productCodes[product]}`, first);
            continue;
          }
          seenPairs.add(pair, rowNumber);
          const online = part.onlinePriceFen[k]!;
          const count = part.stockCount[k]!;
          const observed = part.observed[k]!;
          const row: PriceRow = {
            institutionCode: institutionCodes[institution]!, productCode: productCodes[product]!, sellingPriceFen: part.sellingPriceFen[k]!,
            onlinePriceFen: online < 0 ? null : online, stockState: STOCK_STATES_BY_CODE[part.stock[k]!]!, stockCount: count < 0 ? null : count,
            observedAt: observed < 0 ? null : part.observedValues[observed]!,
          };
          result.rows.push(row as RowOf[K]);
          result.rowNumbers.push(rowNumber);
          columns.push(institution, product, row.sellingPriceFen, online, part.stock[k]!, count, observed < 0 ? -1 : observedAt[observed]!);
        }
        while (o < others.length) other(others[o++]!);
        opts.onProgress?.({ phase: 'read', done: part.end, total: plain!.size, unit: 'bytes' });
      }
      result.columns = columns.done();
      return result;
    }
  } catch (e) {
    const msg = e instanceof UnreadableFileError ? e.message : `cannot read the file (${(e as Error).message})`;
    result.errors.push(fileIssue(file, msg));
    result.rows = [];
    return result;
  }
  result.errors.push(fileIssue(file, 'the file has no sheets'));
  return result;
}
