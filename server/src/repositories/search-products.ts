import type { Db } from '../db/client.js';
import type { ProductRecord } from '../db/schema/index.js';

/** a live product as the search index and its fallback read it (the products table's columns, plus its region) */
export type SearchProductRow = Pick<
  ProductRecord,
  'id' | 'code' | 'genericName' | 'productName' | 'dosageForm' | 'spec' | 'conversionRatio' | 'minUnit' | 'packUnit' | 'maker' | 'winningPriceFen' | 'brandName' | 'recommended' | 'special' | 'therapeuticArea'
> & { regionSlug: string };

/**
 * What the search keys are built from, in one row: it changes with any listing, delisting, price or name
 * change (and not with an offers-only change), so a reload can be skipped when it is the same.
 */
export async function searchProductsFingerprint(db: Db): Promise<string> {
  const fp = await db.get<Record<string, unknown>>(`
    SELECT count(*) AS n, coalesce(max(id), 0) AS m, coalesce(sum(CASE WHEN removed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS r,
           coalesce(sum(winning_price_fen), 0) AS p, coalesce(max(coalesce(removed_at, '')), '') AS d,
           coalesce(sum(length(generic_name) + length(coalesce(brand_name, ''))), 0) AS l
    FROM products`);
  return JSON.stringify(fp);
}

/** Every live product of every region, in id order. */
export async function liveSearchProducts(db: Db): Promise<SearchProductRow[]> {
  const rows = await db.all<Omit<SearchProductRow, 'recommended' | 'special'> & { recommended: number | boolean; special: number | boolean }>(`
    SELECT p.id, r.slug AS "regionSlug", p.code, p.generic_name AS "genericName", p.product_name AS "productName",
           p.dosage_form AS "dosageForm", p.spec, p.conversion_ratio AS "conversionRatio", p.min_unit AS "minUnit",
           p.pack_unit AS "packUnit", p.maker, p.winning_price_fen AS "winningPriceFen", p.brand_name AS "brandName",
           p.recommended, p.special, p.therapeutic_area AS "therapeuticArea"
    FROM products p JOIN regions r ON r.id = p.region_id
    WHERE p.removed_at IS NULL
    ORDER BY p.id`);
  // SQLite answers booleans as 0/1
  return rows.map((raw) => ({ ...raw, recommended: !!raw.recommended, special: !!raw.special }));
}
