import {
  type AliasInfo, type BrandInfo, type ClassifiedCode, DRUG_CODE_LABELS, type DrugGroup, type DrugLookupResponse, type DrugSearchResponse, type LookupKind, type ProductSummary, amountPerUnitMg,
  dailyCost, formatUnitPrice, formatYuan, parseYuan, toHalfWidth,
} from '@yaojia/shared';
import { ingredientStem } from '@yaojia/shared/search';
import type { Db } from '../db/client.js';
import type { AliasRow } from '../ingest/types.js';
import { aliasRowsNamedBy, regionAliasIndex } from './drug-aliases.js';
import { groupFromCatalog } from './drug-lookup.js';
import { keptUntilDataChanges } from './kept.js';

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

export const sameStrength = (a: string, b: string) => {
  const x = amountPerUnitMg(a);
  const y = amountPerUnitMg(b);
  return x !== null && y !== null && Math.abs(x - y) < 1e-9;
};

// the region's listed brands by normalized 商品名, kept until the database changes (Db.dataVersion)
const brandIndexes = keptUntilDataChanges<{ byBrand: Map<string, ListedBrandRow[]>; names: string[] }>(1000);

function brandsOf(db: Db, regionId: number): Promise<{ byBrand: Map<string, ListedBrandRow[]>; names: string[] }> {
  return brandIndexes(db, String(regionId), async () => {
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
    return { byBrand, names: [...byBrand.keys()].sort((a, b) => b.length - a.length) };
  });
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
export async function withBrand(db: Db, region: { id: number; slug: string }, q: string, answer: DrugSearchResponse, base: readonly AliasRow[]): Promise<DrugSearchResponse> {
  const rows = await brandNamedBy(db, region.id, q);
  if (!rows) return withAlias(db, region, q, answer, base);
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

// the region's catalog 通用名 by ingredient stem (the alias table's key), kept until the database changes
const stemIndexes = keptUntilDataChanges<Map<string, string[]>>(1000);

/** The catalog's 通用名 of the region whose ingredient stem is `stem` (苯磺酸氨氯地平片, 马来酸氨氯地平片 → 氨氯地平). */
async function genericNamesOfStem(db: Db, regionId: number, stem: string): Promise<string[]> {
  const byStem = await stemIndexes(db, String(regionId), async () => {
    const out = new Map<string, string[]>();
    for (const n of await db.column<string>(`SELECT DISTINCT generic_name FROM products WHERE region_id = ? AND removed_at IS NULL ORDER BY generic_name`, [regionId])) {
      const s = ingredientStem(n);
      out.set(s, [...(out.get(s) ?? []), n]);
    }
    return out;
  });
  return byStem.get(stem) ?? [];
}

type LookupGroup = DrugLookupResponse['groups'][number];

const toLookupGroup = (g: DrugGroup): LookupGroup => ({
  genericName: g.genericName,
  productCount: g.products.length,
  ...(g.brand ? { brand: g.brand } : {}),
  ...(g.alias ? { alias: g.alias } : {}),
});

/** The name of a listed product without a 商品名: its maker's name for the molecule in the alias table (辉瑞's 氨氯地平 → 络活喜). */
function nameFromAliases(row: ListedBrandRow, aliases: { byStem: Map<string, AliasRow[]> }): AliasRow | null {
  const candidates = aliases.byStem.get(ingredientStem(row.genericName)) ?? [];
  return candidates.find((a) => a.kind !== 'alias' && a.maker && row.maker.includes(a.maker) && (!a.form || `${row.dosageForm}${row.genericName}`.includes(a.form))) ?? null;
}

/**
 * A scan or typed name that is a brand on the region's 挂网 list (its 医保药品编码, or one of its 商品名):
 * the brand and the 集采 products of the same molecule with their monthly saving (issue 15 §2, as a search
 * answers it). `products` are those of the brand's strength (all of the group when none has it). null when
 * the region's catalog has no product of the molecule.
 */
async function brandAnswer(db: Db, region: { id: number; slug: string }, rows: ListedBrandRow[], kind: LookupKind): Promise<DrugLookupResponse | null> {
  const names = new Set(rows.map((r) => r.genericName));
  for (const r of rows) for (const n of await genericNamesOfStem(db, region.id, ingredientStem(r.genericName))) names.add(n);
  const groups: DrugGroup[] = [];
  for (const genericName of names) {
    const g = await groupFromCatalog(db, region, genericName);
    if (g && attachBrand(g, rows)) groups.push(g);
  }
  const first = groups[0];
  if (!first?.brand) return null;
  const brand = first.brand;
  const same = first.products.filter((p) => sameStrength(p.spec, brand.spec));
  return {
    kind,
    kindLabel: LOOKUP_LABELS[kind],
    products: (same.length ? same : first.products).map((p) => ({ ...p, genericName: first.genericName })),
    groups: groups.map(toLookupGroup),
    brand,
  };
}

const LOOKUP_LABELS: Record<LookupKind, string> = { ...DRUG_CODE_LABELS, name: '药品名称' };

const LISTED_COLUMNS = `l.code, l.generic_name AS "genericName", l.brand_name AS "brandName", l.dosage_form AS "dosageForm", l.spec,
  l.conversion_ratio AS "conversionRatio", l.maker, l.listed_price_fen AS "listedPriceFen", l.original`;
/** by 医保药品编码: listed_prices (region_id, code) is unique */
const LISTED_BY_INSURANCE_CODE = `SELECT ${LISTED_COLUMNS} FROM listed_prices l WHERE l.region_id = ? AND l.code = ? AND l.removed_at IS NULL`;
/** by a pack code printed on the brand's box: listed_codes (region_id, kind, code) is indexed */
const LISTED_BY_PACK_CODE = `SELECT ${LISTED_COLUMNS} FROM listed_codes c JOIN listed_prices l ON l.id = c.listed_id
  WHERE c.region_id = ? AND c.kind = ? AND c.code = ? AND l.removed_at IS NULL ORDER BY l.code`;

/**
 * A code the catalog does not carry but the region's 挂网 list does (a brand, an originator or a
 * non-winning generic): its 医保药品编码, or a code printed on its box (a 追溯码 through its 药品标识码, a
 * 本位码, an EAN-13). That product as a brand (named through the alias table when the list gives no
 * 商品名), with the 集采 alternative. null when the list has no such code or the catalog no such molecule.
 */
export async function lookupListedCode(db: Db, region: { id: number; slug: string }, code: ClassifiedCode & { ok: true }, base: readonly AliasRow[]): Promise<DrugLookupResponse | null> {
  const found = await db.all<Omit<ListedBrandRow, 'original' | 'brandName'> & { brandName: string | null; original: number | boolean }>(
    code.kind === 'insurance' ? LISTED_BY_INSURANCE_CODE : LISTED_BY_PACK_CODE,
    code.kind === 'insurance' ? [region.id, code.key] : [region.id, code.kind === 'trace' ? 'identifier' : code.kind, code.key],
  );
  if (!found.length) return null;
  const rows: ListedBrandRow[] = [];
  for (const r of found) {
    const row: ListedBrandRow = { ...r, brandName: r.brandName ?? '', original: r.original === true || r.original === 1 };
    if (!r.brandName) {
      const alias = nameFromAliases(row, await regionAliasIndex(db, region.id, base));
      row.brandName = alias?.name ?? r.genericName;
      row.original ||= alias?.kind === 'original';
    }
    rows.push(row);
  }
  return brandAnswer(db, region, rows, code.kind);
}

/** AliasInfo of alias rows for a catalog group, when one of them fits its 剂型 (拜新同 is 硝苯地平's 控释片 only). */
function aliasFor(rows: readonly AliasRow[], group: Pick<DrugGroup, 'genericName' | 'dosageForms'>, typed: string): AliasInfo | null {
  const stem = ingredientStem(group.genericName);
  const hay = `${group.dosageForms.join(' ')} ${group.genericName}`;
  const r = rows.find((a) => a.stem === stem && (!a.form || hay.includes(a.form)));
  return r ? { name: typed, kind: r.kind, maker: r.maker, ingredient: r.stem } : null;
}

/**
 * A typed or scanned text that is a name, not a code: a listed 商品名 answers as brandAnswer does; a
 * 商品名/别名 of the alias table answers the 集采 groups of its molecule. `absent` when the name is known
 * but the region's catalog has none of the molecule; null when the text is no name either table knows.
 */
export async function lookupName(db: Db, region: { id: number; slug: string }, text: string, base: readonly AliasRow[]): Promise<DrugLookupResponse | 'absent' | null> {
  const listed = await brandNamedBy(db, region.id, text);
  if (listed && normalizeBrand(listed[0]!.brandName) === normalizeBrand(text)) return (await brandAnswer(db, region, listed, 'name')) ?? 'absent';
  const rows = aliasRowsNamedBy(await regionAliasIndex(db, region.id, base), text, { prefix: false });
  if (!rows) return null;
  const name = rows[0]!.name;
  const groups: DrugGroup[] = [];
  for (const stem of new Set(rows.map((r) => r.stem))) {
    for (const genericName of await genericNamesOfStem(db, region.id, stem)) {
      const g = await groupFromCatalog(db, region, genericName);
      const alias = g && aliasFor(rows, g, name);
      if (g && alias) groups.push({ ...g, alias });
    }
  }
  if (!groups.length) return 'absent';
  return {
    kind: 'name',
    kindLabel: LOOKUP_LABELS.name,
    products: groups.flatMap((g) => g.products.map((p) => ({ ...p, genericName: g.genericName }))),
    groups: groups.map(toLookupGroup),
    alias: groups[0]!.alias!,
  };
}

/**
 * A search answer whose words name a 商品名 or 别名 of the alias table with no listed price: each group of
 * that molecule (and 剂型, where the name belongs to one) says what the name is, so the page can tell a
 * citizen that 络活喜 is 辉瑞's original and these are the 集采 products of the same ingredient.
 */
async function withAlias(db: Db, region: { id: number }, q: string, answer: DrugSearchResponse, base: readonly AliasRow[]): Promise<DrugSearchResponse> {
  if (!answer.items.length) return answer;
  const rows = aliasRowsNamedBy(await regionAliasIndex(db, region.id, base), q, { prefix: true });
  if (!rows) return answer;
  const name = rows[0]!.name;
  let changed = false;
  const items = answer.items.map((g) => {
    const alias = aliasFor(rows, g, name);
    if (!alias) return g;
    changed = true;
    return { ...g, alias };
  });
  return changed ? { ...answer, items } : answer;
}
