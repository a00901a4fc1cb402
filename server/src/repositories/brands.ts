import {
  type BrandInfo, type DrugGroup, type DrugSearchResponse, type ProductSummary, amountPerUnitMg, dailyCost, formatUnitPrice, formatYuan, parseYuan, toHalfWidth,
} from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { groupFromCatalog } from './drug-lookup.js';

/**
 * From a brand to the 集采 alternative (issue 15 §2). The region's 挂网药品价格 (listed_prices) say what
 * a brand costs on the provincial platform; a search whose words name a listed 商品名 gets that brand
 * on the group of the same active ingredient, and each 集采 product of the same strength its monthly
 * saving at the WHO DDD (shared/src/domain/ddd.ts).
 */

export interface ListedBrandRow {
  code: string;
  genericName: string;
  brandName: string;
  dosageForm: string;
  spec: string;
  conversionRatio: number;
  maker: string;
  listedPriceFen: number;
  original: boolean;
}

/** one line under every alternative: the decision is not the app's */
export const SWITCH_NOTE = '是否换药请遵医嘱，或咨询医生、药师。';
const UNSURE_NOTE = '盐型不同，规格是否按同一成分计算未写明，不能确定等效；是否换药请咨询医生或药师。';

/** a brand name as compared: half-width, lower case, no spaces or ®/™ */
export function normalizeBrand(s: string): string {
  return toHalfWidth(s).replace(/[\s®™©]+/g, '').toLowerCase();
}

/**
 * Salt and ester words that may start a 通用名 (苯磺酸氨氯地平片 → 氨氯地平片). Two 通用名 with the same
 * stem are the same molecule in a different salt: the same only when both 规格 say they are written as
 * the base ("按氨氯地平计", "按C20H25ClN2O5计").
 */
const SALTS = /^(苯磺酸|马来酸|甲磺酸|盐酸|硫酸氢|硫酸|磷酸|枸橼酸|富马酸|琥珀酸|酒石酸|氢溴酸|苯甲酸|门冬氨酸|甲苯磺酸|乙磺酸|对甲苯磺酸|醋酸|乳酸|双羟萘酸|萘磺酸)+/;
const SALT_SUFFIX = /(钙|钠|钾|镁)(?=片|胶囊|分散片|缓释片|控释片|肠溶片|颗粒|注射液|口服溶液)/;

export function genericStem(genericName: string): string {
  return genericName.replace(SALTS, '').replace(SALT_SUFFIX, '');
}

const AS_BASE = /按.{1,30}计/;

export type Equivalence = BrandInfo['equivalence'];

/** How a listed brand's 通用名 and 规格 relate to a catalog group's; null when they are other molecules. */
export function equivalence(brand: { genericName: string; spec: string }, product: { genericName: string; spec: string }): Equivalence | null {
  if (brand.genericName === product.genericName) return 'same';
  if (genericStem(brand.genericName) !== genericStem(product.genericName)) return null;
  return AS_BASE.test(brand.spec) && AS_BASE.test(product.spec) ? 'same_base' : 'unsure';
}

const sameStrength = (a: string, b: string) => {
  const x = amountPerUnitMg(a);
  const y = amountPerUnitMg(b);
  return x !== null && y !== null && Math.abs(x - y) < 1e-9;
};

// the region's listed brands by normalized 商品名, kept until the database changes (Db.dataVersion)
const cache = new WeakMap<Db, Map<number, { version: string; byBrand: Map<string, ListedBrandRow[]>; names: string[] }>>();

async function brandsOf(db: Db, regionId: number): Promise<{ byBrand: Map<string, ListedBrandRow[]>; names: string[] }> {
  const version = await db.dataVersion();
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const hit = perDb.get(regionId);
  if (hit && version !== null && hit.version === version) return hit;
  const rows = await db.all<Omit<ListedBrandRow, 'original'> & { original: number | boolean }>(
    `SELECT code, generic_name AS "genericName", brand_name AS "brandName", dosage_form AS "dosageForm", spec, conversion_ratio AS "conversionRatio",
      maker, listed_price_fen AS "listedPriceFen", original FROM listed_prices
     WHERE region_id = ? AND removed_at IS NULL AND brand_name IS NOT NULL ORDER BY code`,
    [regionId],
  );
  const byBrand = new Map<string, ListedBrandRow[]>();
  for (const r of rows) {
    const row = { ...r, original: r.original === true || r.original === 1 };
    const key = normalizeBrand(r.brandName);
    const list = byBrand.get(key);
    if (list) list.push(row);
    else byBrand.set(key, [row]);
  }
  // longest first, so "络活喜5mg" names 络活喜 and not a shorter brand it happens to start with
  const entry = { version: version ?? '', byBrand, names: [...byBrand.keys()].sort((a, b) => b.length - a.length) };
  if (version !== null) perDb.set(regionId, entry);
  return entry;
}

/** The listed rows of the brand a query names (the query is the brand, or starts with it), or null. */
export async function brandNamedBy(db: Db, regionId: number, query: string): Promise<ListedBrandRow[] | null> {
  const q = normalizeBrand(query);
  if (q.length < 2) return null;
  const { byBrand, names } = await brandsOf(db, regionId);
  const exact = byBrand.get(q);
  if (exact) return exact;
  const name = names.find((n) => n.length >= 2 && q.startsWith(n));
  return name ? byBrand.get(name)! : null;
}

/** fen → yuan text of a fractional amount, rounded to the fen */
const yuan = (fen: number) => formatYuan(Math.round(fen));

/**
 * The brand on `group` and a monthly saving on each of its 集采 products, when one of `rows` (a brand's
 * listed products) is the same molecule. Picks the brand's listed product of a strength the group has
 * (the usual daily dose first). Returns false when none fits.
 */
export function attachBrand(group: DrugGroup, rows: ListedBrandRow[]): boolean {
  const sample = group.products[0];
  if (!sample) return false;
  const fits = rows
    .map((r) => ({ r, eq: equivalence(r, { genericName: group.genericName, spec: sample.spec }) }))
    .filter((x): x is { r: ListedBrandRow; eq: Equivalence } => x.eq !== null);
  if (!fits.length) return false;
  const score = (x: { r: ListedBrandRow; eq: Equivalence }) => {
    const matching = group.products.some((p) => sameStrength(p.spec, x.r.spec));
    const day = dailyCost(x.r.genericName, x.r.spec, x.r.listedPriceFen, x.r.conversionRatio) ?? dailyCost(group.genericName, x.r.spec, x.r.listedPriceFen, x.r.conversionRatio);
    // same strength as a 集采 product, then one unit a day (the usual dose), then the original
    return (matching ? 4 : 0) + (day && Math.abs(day.unitsPerDay - 1) < 1e-9 ? 2 : 0) + (x.r.original ? 1 : 0);
  };
  fits.sort((a, b) => score(b) - score(a) || a.r.code.localeCompare(b.r.code));
  const { r, eq } = fits[0]!;
  const brandDay = dailyCost(r.genericName, r.spec, r.listedPriceFen, r.conversionRatio) ?? dailyCost(group.genericName, r.spec, r.listedPriceFen, r.conversionRatio);
  group.brand = {
    name: r.brandName,
    original: r.original,
    listedPrice: formatYuan(r.listedPriceFen),
    unitListedPrice: formatUnitPrice(r.listedPriceFen, r.conversionRatio),
    code: r.code,
    genericName: r.genericName,
    spec: r.spec,
    conversionRatio: r.conversionRatio,
    unit: sample.unit,
    maker: r.maker,
    dailyCost: brandDay ? yuan(brandDay.fenPerDay) : null,
    dailyUnits: brandDay ? Math.round(brandDay.unitsPerDay * 100) / 100 : null,
    equivalence: eq,
    note: eq === 'unsure' ? UNSURE_NOTE : SWITCH_NOTE,
  };
  for (const p of group.products) p.monthlySaving = eq === 'unsure' ? null : savingOf(p, r, group.genericName, brandDay?.fenPerDay ?? null);
  return true;
}

/** 30 days at the DDD: (brand's cost a day − the product's) × 30; null for another strength, no DDD, or no saving. */
function savingOf(p: ProductSummary, brand: ListedBrandRow, genericName: string, brandFenPerDay: number | null): string | null {
  if (brandFenPerDay === null || !sameStrength(p.spec, brand.spec)) return null;
  const packFen = parseYuan(p.winningPrice);
  if (packFen === null) return null;
  const day = dailyCost(genericName, p.spec, packFen, p.conversionRatio);
  if (!day) return null;
  const saving = (brandFenPerDay - day.fenPerDay) * 30;
  return saving >= 1 ? yuan(saving) : null;
}

/**
 * A search answer with the brand its words name: the brand goes on the group of the same molecule (moved
 * first); a group the answer lacks (a brand the search index does not know) is read from the catalog.
 */
export async function withBrand(db: Db, region: { id: number; slug: string }, q: string, answer: DrugSearchResponse): Promise<DrugSearchResponse> {
  const rows = await brandNamedBy(db, region.id, q);
  if (!rows) return answer;
  // answers may be cached and shared: the brand goes on copies
  const items = answer.items.map((g) => ({ ...g, products: g.products.map((p) => ({ ...p })) }));
  let at = items.findIndex((g) => attachBrand(g, rows));
  if (at < 0) {
    // the brand's own 通用名 first, then the catalog's 通用名 of the same stem (another salt)
    const stems = new Set(rows.map((r) => genericStem(r.genericName)));
    const names = new Set(rows.map((r) => r.genericName));
    for (const n of await db.column<string>(`SELECT DISTINCT generic_name FROM products WHERE region_id = ? AND removed_at IS NULL`, [region.id])) {
      if (stems.has(genericStem(n))) names.add(n);
    }
    for (const genericName of names) {
      const g = await groupFromCatalog(db, region, genericName);
      if (g && attachBrand(g, rows)) {
        items.unshift(g);
        at = 0;
        break;
      }
    }
  }
  if (at > 0) items.unshift(...items.splice(at, 1));
  return { ...answer, items, total: at < 0 ? answer.total : Math.max(answer.total, items.length) };
}
