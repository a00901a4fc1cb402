import type { Db } from '../db/client.js';

/**
 * 沈阳 (seed 003): 可适当加价，但不得明显高于我市定点零售药店相对集中的价格区间.
 * We define the "相对集中的价格区间" of a product as the interquartile range [Q1, Q3] of the selling prices
 * of the region's retail pharmacies, and "明显高于" as above Tukey's upper fence Q3 + 1.5 × (Q3 − Q1),
 * the usual statistical line for a value clearly outside the bulk of the data. With fewer than 5 pharmacies
 * selling the product no range can be established and the cap falls back to the 中选价 (null here).
 */
export const MIN_PRICES_FOR_RANGE = 5;

export function tukeyUpperFence(pricesFen: number[]): number | null {
  if (pricesFen.length < MIN_PRICES_FOR_RANGE) return null;
  const s = [...pricesFen].sort((a, b) => a - b);
  const q = (p: number) => {
    const pos = (s.length - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
  };
  const q1 = q(0.25);
  const q3 = q(0.75);
  return Math.floor(q3 + 1.5 * (q3 - q1));
}

export function concentratedRangeUpper(db: Db, productIds: number[]): Map<number, number | null> {
  const out = new Map<number, number | null>();
  if (productIds.length === 0) return out;
  const rows = db.$client
    .prepare(
      `SELECT o.product_id AS productId, o.selling_price_fen AS fen FROM offers o
       JOIN institutions i ON i.id = o.institution_id
       WHERE i.type IN ('retail_chain','retail_single') AND i.removed_at IS NULL
         AND o.product_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(productIds)) as { productId: number; fen: number }[];
  const by = new Map<number, number[]>();
  for (const r of rows) (by.get(r.productId) ?? by.set(r.productId, []).get(r.productId)!).push(r.fen);
  for (const id of productIds) out.set(id, tukeyUpperFence(by.get(id) ?? []));
  return out;
}
