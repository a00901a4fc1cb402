import {
  type BadgeKind,
  type CatalogCodeKind,
  checkCatalogCode,
  splitCodes,
  type Commitment,
  type Fen,
  INSTITUTION_TYPE_ALIASES,
  type InstitutionType,
  type StockState,
  parseYuan,
  startsLikeFormula,
  toHalfWidth,
} from '@yaojia/shared';

/** A cell parsed into a value, or what was expected instead. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(expected: string): Parsed<T> => ({ ok: false, expected });

/** Trimmed half-width text; "" for an empty cell. For codes, prices, numbers, dates and keywords. */
const PLAIN = /^[!-~]*$/;

export function clean(s: string | undefined): string {
  if (s === undefined) return '';
  // fast path: printable ASCII without spaces needs nothing done (codes, prices, most numbers)
  if (PLAIN.test(s)) return s;
  return toHalfWidth(s).replace(/[\s\u00a0]+/g, ' ').trim();
}

/** full-width digits and Latin letters; a full-width point between digits (０．２５ｇ) */
const FULL_WIDTH_ALNUM = /[０-９Ａ-Ｚａ-ｚ]|(?<=[0-9０-９])．(?=[0-9０-９])/g;

/**
 * Display text (names, addresses, specs): trimmed, spaces (incl. the ideographic space) collapsed,
 * full-width digits and Latin letters made half-width — Chinese punctuation stays as written, so
 * 老百姓大药房（太原长风街店） keeps its （）、，.
 */
export function cleanText(s: string | undefined): string {
  if (s === undefined) return '';
  if (PLAIN.test(s)) return s;
  return s
    .replace(FULL_WIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim();
}

/** A code (药品统一编码, 机构医保编码): no inner spaces, upper case letters. */
const CODE = /^[0-9A-Z][0-9A-Z._-]{1,63}$/;

export function parseCode(s: string): Parsed<string> {
  if (CODE.test(s)) return ok(s);
  const v = clean(s).replace(/\s+/g, '').replace(/^'/, '').toUpperCase();
  if (!CODE.test(v)) return bad('a code of letters and digits, e.g. XA01AAB123A001010100001 / P14010500001');
  return ok(v);
}

/** Display text (see cleanText); for a phone number or opening hours pass clean(s) first. */
export function parseText(s: string, max = 200): Parsed<string> {
  const v = cleanText(s);
  if (!v) return bad('non-empty text');
  if (v.length > max) return bad(`text of at most ${max} characters`);
  return ok(v);
}

/**
 * A name (产品名称, 通用名, 生产企业, 单位名称, …): text that does not start like a spreadsheet formula —
 * it is shown to citizens and goes into every export.
 */
export function parseName(s: string, max = 200): Parsed<string> {
  const r = parseText(s, max);
  if (r.ok && startsLikeFormula(r.value)) return bad('a name, not a spreadsheet formula (text starting with = + - @)');
  return r;
}

/** "12.50", "12.50元", "￥12.5", "１２．５" → fen; must be > 0. */
const PLAIN_YUAN = /^(\d{1,7})(?:\.(\d{1,2}))?$/;

/** parseCode's answer for a code already written as one (nothing to clean): true when it is valid as it is */
export function isPlainCode(s: string): boolean {
  return CODE.test(s);
}

/** parsePrice's value for a plain yuan amount ("12.5", "1280") within its bounds; null for anything else (parsePrice decides) */
export function plainYuanFen(s: string): Fen | null {
  const m = PLAIN_YUAN.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen > 0 && fen <= 100_000_000 ? fen : null;
}

export function parsePrice(s: string): Parsed<Fen> {
  const m = PLAIN_YUAN.exec(s);
  const fen = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : parseYuan(s);
  if (fen === null) return bad('a price in yuan, e.g. 12.50, 12.50元 or ￥12.5');
  if (fen <= 0) return bad('a price greater than 0');
  if (fen > 100_000_000) return bad('a price below ¥1,000,000');
  return ok(fen);
}

/** 转换比: a positive whole number of smallest units per pack, optionally with the unit ("28", "28片"). */
export function parseConversionRatio(s: string): Parsed<number> {
  const m = /^(\d+)(?:\.0+)?\s*[\u4e00-\u9fa5]{0,2}$/.exec(clean(s));
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0 || n > 100_000) return bad('a whole number of units per pack, e.g. 28');
  return ok(n);
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '☑', '有']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '无', '-', '']);

/** 是/否 (and Y/N, 1/0, √); empty is 否. */
export function parseBool(s: string): Parsed<boolean> {
  const v = clean(s).toLowerCase();
  if (YES.has(v)) return ok(true);
  if (NO.has(v)) return ok(false);
  return bad('是 or 否');
}

function normaliseTypeText(s: string): string {
  return clean(s).replace(/\s+/g, '').replace(/[()（）]/g, '');
}

const TYPE_ALIASES = new Map(Object.entries(INSTITUTION_TYPE_ALIASES).map(([k, v]) => [normaliseTypeText(k), v]));

export function parseInstitutionType(s: string): Parsed<InstitutionType> {
  const t = TYPE_ALIASES.get(normaliseTypeText(s));
  if (!t) return bad('one of 零售连锁药店, 单体药店, 民营三级综合医院, 其他民营医疗机构, 乡镇卫生院, 社区卫生服务站, 村卫生室');
  return ok(t);
}

/** GCJ-02 degrees; the bounding box of China catches swapped or missing columns. */
export function parseCoordinate(s: string, axis: 'lat' | 'lng'): Parsed<number> {
  const v = clean(s).replace(/°$/, '');
  const n = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  const [min, max] = axis === 'lat' ? [3, 54] : [73, 136];
  if (!Number.isFinite(n) || n < min || n > max) {
    return bad(axis === 'lat' ? 'a latitude in degrees within China (3–54), e.g. 37.8706' : 'a longitude in degrees within China (73–136), e.g. 112.5489');
  }
  return ok(n);
}

/**
 * 集采标识: 是/否 or the badge's own name. The bureau grants 集采便民药店 to retail pharmacies and
 * 集采便民民营医院 to private hospitals (seed 000/001: 对…药店和民营医疗机构进行标识).
 * Returns the badge kind, null for 否, or an error when the badge does not fit the institution type.
 */
export function parseBadge(s: string, type: InstitutionType): Parsed<BadgeKind | null> {
  const v = clean(s).replace(/\s+/g, '');
  const retail = type === 'retail_chain' || type === 'retail_single';
  const privateMedical = type === 'private_tertiary' || type === 'private_other';
  const fit: BadgeKind | null = retail ? 'jicai_pharmacy' : privateMedical ? 'jicai_private_hospital' : null;
  if (v.includes('集采便民药店')) return retail ? ok('jicai_pharmacy') : bad('集采便民药店 only for a 零售药店; 集采便民民营医院 for a 民营医疗机构');
  if (v.includes('集采便民民营医院')) return privateMedical ? ok('jicai_private_hospital') : bad('集采便民民营医院 only for a 民营医疗机构; 集采便民药店 for a 零售药店');
  const b = parseBool(v);
  if (!b.ok) return bad('是, 否, 集采便民药店 or 集采便民民营医院');
  if (!b.value) return ok(null);
  if (!fit) return bad('否 for a public primary institution (the badge is for 零售药店 and 民营医疗机构)');
  return ok(fit);
}

/**
 * 承诺书 (seed 001 附件1): □按照中选价销售 □按不高于中选价加价15%销售. A cell may hold the ticked
 * option alone, or both options with one ticked (☑/√/■).
 */
export function parseCommitment(s: string): Parsed<Commitment | null> {
  let v = clean(s).replace(/\s+/g, '');
  if (!v) return ok(null);
  const ticked = /[☑√✓✔■▇☒]\s*(按[^□☑√✓✔■▇☒]*)/.exec(v);
  if (ticked?.[1]) v = ticked[1];
  if (/15%|加价/.test(v)) return ok('markup_15');
  if (/中选价/.test(v)) return ok('at_winning_price');
  return bad('按照中选价销售 or 按不高于中选价加价15%销售');
}

/**
 * 量价比较指数 verdict as bureaus write it (seed 001 七: 总体价格水平不高于统筹区定点药店医保药品量价比较指数的
 * 药店，可按集采中选价格顺加不超15%销售): 达标 (not above the index) → true, 未达标 → false, 未评定 or empty → null.
 */
export function parsePriceIndexVerdict(s: string): Parsed<boolean | null> {
  const v = clean(s).replace(/\s+/g, '').toLowerCase();
  if (/^(|未评定|未评|待评定|暂无|无|-|—|\/)$/.test(v)) return ok(null);
  if (/^(达标|已达标|是|符合|合格|不高于|不高于指数|不高于量价比较指数|y|yes|1|√|✓|✔)$/.test(v)) return ok(true);
  if (/^(未达标|不达标|否|不符合|不合格|高于|高于指数|高于量价比较指数|n|no|0|×|✗)$/.test(v)) return ok(false);
  return bad('达标, 未达标 or 未评定 (是 / 否 accepted)');
}

/** Dates as bureaus write them: 2025-03-01, 2025/3/1, 2025年3月1日, 20250301, an Excel serial; → YYYY-MM-DD. */
export function parseDate(s: string): Parsed<string> {
  const v = clean(s);
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]?(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(v);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d && y >= 1990 && y <= 2100) {
      return ok(dt.toISOString().slice(0, 10));
    }
  }
  if (/^\d{5}(\.\d+)?$/.test(v)) {
    // Excel serial day number (1900 date system)
    const dt = new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(v)) * 86_400_000);
    return ok(dt.toISOString().slice(0, 10));
  }
  return bad('a date such as 2025-03-01, 2025/3/1 or 2025年3月1日');
}

/**
 * A prices file repeats a handful of 更新时间 texts over millions of rows: the parsed result of each
 * distinct text is kept (results are immutable; the map is emptied if a file has very many distinct ones).
 */
const TIMESTAMPS = new Map<string, Parsed<string>>();
const TIMESTAMPS_MAX = 4096;

/** 更新时间 → ISO timestamp; a time without a zone is China time (UTC+8), a bare date is midnight. */
export function parseTimestamp(s: string): Parsed<string> {
  const hit = TIMESTAMPS.get(s);
  if (hit !== undefined) return hit;
  const r = parseTimestampText(s);
  if (TIMESTAMPS.size >= TIMESTAMPS_MAX) TIMESTAMPS.clear();
  TIMESTAMPS.set(s, r);
  return r;
}

function parseTimestampText(s: string): Parsed<string> {
  const v = clean(s);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (m) {
    const pad = (i: number) => String(Number(m[i] ?? 0)).padStart(2, '0');
    const zone = !m[7] ? '+08:00' : m[7] === 'Z' ? 'Z' : m[7].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    const dt = new Date(`${m[1]}-${pad(2)}-${pad(3)}T${pad(4)}:${pad(5)}:${pad(6)}${zone}`);
    const day = parseDate(`${m[1]}-${m[2]}-${m[3]}`);
    if (day.ok && !Number.isNaN(dt.getTime())) return ok(dt.toISOString());
  }
  const d = parseDate(v);
  if (d.ok) return ok(new Date(`${d.value}T00:00:00+08:00`).toISOString());
  return bad('a date or time such as 2025-03-01 or 2025-03-01 09:30');
}

/** 库存: a count (0 = out of stock) or a word (有货/充足, 少量/紧张, 缺货/无货); empty = unknown. */
export function parseStock(s: string): Parsed<{ state: StockState; count: number | null }> {
  const v = clean(s).replace(/\s+/g, '');
  if (!v) return ok({ state: 'unknown', count: null });
  const m = /^(\d+)(?:\.0+)?[\u4e00-\u9fa5]{0,2}$/.exec(v);
  if (m) {
    const count = Number(m[1]);
    // a handful left is shown as 库存紧张 rather than 有货
    return ok({ state: count === 0 ? 'out_of_stock' : count < 10 ? 'low' : 'in_stock', count });
  }
  if (/^(有货|充足|现货|有|in_stock)$/i.test(v)) return ok({ state: 'in_stock', count: null });
  if (/^(少量|紧张|库存紧张|偏少|low)$/i.test(v)) return ok({ state: 'low', count: null });
  if (/^(缺货|无货|断货|暂缺|无|out_of_stock)$/i.test(v)) return ok({ state: 'out_of_stock', count: null });
  return bad('a stock count such as 120, or 有货 / 少量 / 缺货');
}

/**
 * City and district from a Chinese address: "山西省太原市小店区长风街1号" → 太原市, 小店区;
 * "宁夏回族自治区银川市兴庆区…" → 银川市, 兴庆区. Null where the address does not say.
 */
export function parseCityDistrict(address: string): { city: string | null; district: string | null } {
  let a = clean(address).replace(/\s+/g, '');
  a = a.replace(/^(.{2,3}省|.{2,8}自治区)/, '');
  const muni = /^(北京市|上海市|天津市|重庆市)/.exec(a);
  let city: string | null = null;
  if (muni?.[1]) {
    city = muni[1];
  } else {
    const m = /^(.{2,9}?(?:自治州|地区|盟|市))/.exec(a);
    if (m?.[1]) city = m[1];
  }
  const rest = city ? a.slice(city.length) : a;
  const d = /^(.{1,8}?(?:新区|区|县|旗|市))/.exec(rest);
  const district = d?.[1] && !/[路街号巷道村]/.test(d[1]) ? d[1] : null;
  return { city, district };
}

/** Excel writes a long number it holds as a number like this in a CSV export: the digits are lost. */
const SCIENTIFIC = /^\d(\.\d+)?E\+\d+$/i;
const MAX_CODES_PER_CELL = 50;

/**
 * A catalog cell of pack codes (药品标识码 / 本位码 / 条形码): several separated by 、 ; , or a line break,
 * each checked (digits, length, the EAN-13 check digit); duplicates within the cell dropped.
 */
export function parseCodeList(kind: CatalogCodeKind, s: string): Parsed<string[]> {
  const out: string[] = [];
  const parts = splitCodes(s);
  if (parts.length > MAX_CODES_PER_CELL) return bad(`at most ${MAX_CODES_PER_CELL} codes in one cell`);
  for (const part of parts) {
    if (SCIENTIFIC.test(part)) return bad(`codes written as text — "${part}" is a number Excel shortened; format the column as text and export again`);
    const r = checkCatalogCode(kind, part.replace(/^'/, ''));
    if (!r.ok) return bad(parts.length > 1 ? `${r.expected}, separated by 、 ; or a line break ("${part}" is not)` : r.expected);
    if (!out.includes(r.code)) out.push(r.code);
  }
  return ok(out);
}
