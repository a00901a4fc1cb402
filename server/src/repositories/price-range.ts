import { concentratedPriceRange } from '@yaojia/shared';
import { type Db, idsParam, inIds } from '../db/client.js';
import { keptManyUntilDataChanges } from './kept.js';

/**
 * 沈阳 (seed 003): 可适当加价，但不得明显高于我市定点零售药店相对集中的价格区间. The rule (IQR of the region's
 * retail prices, Tukey's upper fence as "明显高于", none below 5 prices) is concentratedPriceRange in
 * @yaojia/shared; this reads the prices it is computed from. null: no range, the cap falls back to the 中选价.
 */
export async function concentratedRangeUpper(db: Db, productIds: number[]): Promise<Map<number, number | null>> {
  if (productIds.length === 0) return new Map();
  return upperFences(db, productIds, async (missing) => {
    const rows = await db.all<{ productId: number; fen: number }>(
      `SELECT o.product_id AS "productId", o.selling_price_fen AS fen FROM offers o
       JOIN institutions i ON i.id = o.institution_id
       WHERE i.type IN ('retail_chain','retail_single') AND i.removed_at IS NULL
         AND ${inIds(db, 'o.product_id')}`,
      [idsParam(db, missing)],
    );
    const by = new Map<number, number[]>();
    for (const r of rows) (by.get(r.productId) ?? by.set(r.productId, []).get(r.productId)!).push(r.fen);
    return new Map(missing.map((id) => [id, concentratedPriceRange(by.get(id) ?? [])?.upperFenceFen ?? null]));
  });
}

/**
 * Each product's upper fence, kept until the data changes (it moves only with the region's offers and
 * institutions): every nearby page and basket quote of 沈阳 read all of its products' retail prices again.
 */
const upperFences = keptManyUntilDataChanges<number, number | null>(20_000);
