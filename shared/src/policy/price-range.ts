import type { Fen } from '../domain/money.js';

/**
 * 沈阳 (seed 003 三): 鼓励定点零售药店按照不高于中选价格销售集采药品，可适当加价，但不得明显高于我市定点零售药店
 * 相对集中的价格区间.
 *
 * How we read it: the "相对集中的价格区间" of a product is the interquartile range [Q1, Q3] of the selling
 * prices of the city's retail pharmacies for that product; "明显高于" is above Tukey's upper fence
 * Q3 + 1.5 × (Q3 − Q1), the usual statistical line for a value clearly outside the bulk of the data.
 * With fewer than MIN_PRICES_FOR_RANGE prices no range can be established (null): the cap then falls
 * back to the 中选价.
 */
export const MIN_PRICES_FOR_RANGE = 5;

export interface ConcentratedRange {
  /** lower quartile, fen (fractional when interpolated) */
  q1: number;
  /** upper quartile, fen */
  q3: number;
  /** Q3 + 1.5 × IQR, rounded down to whole fen: a price above it is 明显高于 the range */
  upperFenceFen: Fen;
  /** how many prices the range was computed from */
  n: number;
}

/** Quartiles by linear interpolation between closest ranks (the same as numpy's default). */
function quantile(sorted: number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function concentratedPriceRange(pricesFen: readonly Fen[]): ConcentratedRange | null {
  if (pricesFen.length < MIN_PRICES_FOR_RANGE) return null;
  const s = [...pricesFen].sort((a, b) => a - b);
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  return { q1, q3, upperFenceFen: Math.floor(q3 + 1.5 * (q3 - q1)), n: s.length };
}
