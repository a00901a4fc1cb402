import { type ClassifiedCode, DRUG_CODE_LABELS, type DrugGroup, type DrugLookupResponse, type LookupProduct, formatUnitPrice, formatYuan } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { keptUntilDataChanges } from './kept.js';

interface Row {
  id: number;
  code: string;
  genericName: string;
  productName: string;
  dosageForm: string;
  spec: string;
  maker: string;
  brandName: string | null;
  conversionRatio: number;
  winningPriceFen: number;
  minUnit: string;
  packUnit: string;
  recommended: number | boolean;
  special: number | boolean;
  therapeuticArea: string | null;
}

const PRODUCT_COLUMNS = `p.id, p.code, p.generic_name AS "genericName", p.product_name AS "productName", p.dosage_form AS "dosageForm", p.spec, p.maker,
  p.brand_name AS "brandName", p.conversion_ratio AS "conversionRatio", p.winning_price_fen AS "winningPriceFen", p.min_unit AS "minUnit",
  p.pack_unit AS "packUnit", p.recommended, p.special, p.therapeutic_area AS "therapeuticArea"`;

/** by a pack code: product_codes (region_id, kind, code) is indexed */
const BY_PACK_CODE = `SELECT ${PRODUCT_COLUMNS} FROM product_codes c JOIN products p ON p.id = c.product_id
  WHERE c.region_id = ? AND c.kind = ? AND c.code = ? AND p.removed_at IS NULL ORDER BY p.code`;
const BY_INSURANCE_CODE = `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.region_id = ? AND p.code = ? AND p.removed_at IS NULL`;
const BY_GENERIC = `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.region_id = ? AND p.generic_name = ? AND p.removed_at IS NULL ORDER BY p.winning_price_fen, p.code`;

/**
 * A 通用名's products in a region (BY_GENERIC), kept per database until its data changes (Db.dataVersion:
 * any publish or price write moves it). A scan is a point query on the pack code plus this group: at
 * province size a group is ~25 products, and reading them on every scan was most of a lookup's database
 * time. Bounded: emptied when it would pass GROUPS_MAX entries.
 */
const GROUPS_MAX = 2000;
const groupCache = keptUntilDataChanges<Row[]>(GROUPS_MAX);

function genericRows(db: Db, regionId: number, genericName: string): Promise<Row[]> {
  return groupCache(db, `${regionId}\u0000${genericName}`, () => db.all<Row>(BY_GENERIC, [regionId, genericName]));
}


function toProduct(r: Row, region: string): LookupProduct {
  return {
    code: r.code,
    name: r.productName,
    genericName: r.genericName,
    dosageForm: r.dosageForm,
    spec: r.spec,
    maker: r.maker,
    brandName: r.brandName,
    conversionRatio: r.conversionRatio,
    winningPrice: formatYuan(r.winningPriceFen),
    unitWinningPrice: formatUnitPrice(r.winningPriceFen, r.conversionRatio),
    unit: r.minUnit,
    packUnit: r.packUnit,
    recommended: r.recommended === true || r.recommended === 1,
    special: r.special === true || r.special === 1,
    region,
  };
}

/**
 * The products of a region a classified code names (a 追溯码 through its 药品标识码), with each one's
 * 通用名 group; null when the region's catalog has none.
 */
export async function lookupDrugCode(db: Db, region: { id: number; slug: string }, code: ClassifiedCode & { ok: true }): Promise<DrugLookupResponse | null> {
  const rows =
    code.kind === 'insurance'
      ? await db.all<Row>(BY_INSURANCE_CODE, [region.id, code.key])
      : await db.all<Row>(BY_PACK_CODE, [region.id, code.kind === 'trace' ? 'identifier' : code.kind, code.key]);
  if (!rows.length) return null;
  const groups: DrugLookupResponse['groups'] = [];
  for (const genericName of [...new Set(rows.map((r) => r.genericName))]) {
    groups.push({ genericName, productCount: (await genericRows(db, region.id, genericName)).length });
  }
  return { kind: code.kind, kindLabel: DRUG_CODE_LABELS[code.kind], products: rows.map((r) => toProduct(r, region.slug)), groups };
}

/** A 通用名's products in the region as a search group (cheapest first); null when the catalog has none. */
export async function groupFromCatalog(db: Db, region: { id: number; slug: string }, genericName: string): Promise<DrugGroup | null> {
  const rows = await genericRows(db, region.id, genericName);
  if (!rows.length) return null;
  return {
    genericName,
    dosageForms: [...new Set(rows.map((r) => r.dosageForm))],
    brandNames: [...new Set(rows.map((r) => r.brandName).filter((b): b is string => Boolean(b)))],
    therapeuticArea: rows[0]!.therapeuticArea,
    products: rows.map((r) => {
      const { genericName: _g, ...summary } = toProduct(r, region.slug);
      return summary;
    }),
  };
}

/**
 * A scan's answer (or null: the region lists no such code) per region and code, kept until the data
 * changes (Db.dataVersion: products, listed prices and both pack-code tables are watched). Boxes of the
 * same popular drugs are scanned all day; the answer is two point queries, a group and a brand lookup.
 * Bounded: emptied when it would pass ANSWERS_MAX entries.
 */
const ANSWERS_MAX = 20_000;
const answerCache = keptUntilDataChanges<DrugLookupResponse | null>(ANSWERS_MAX);

export function cachedCodeAnswer(db: Db, regionId: number, code: string, answer: () => Promise<DrugLookupResponse | null>): Promise<DrugLookupResponse | null> {
  return answerCache(db, `${regionId}\u0000${code}`, answer);
}
