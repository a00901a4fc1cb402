import { parseYuan } from '../domain/money.js';
import type { MyOfferPatch } from '../schemas/me.js';

/**
 * What is wrong with a pharmacy's edit of one offer, beyond its schema: a price must be above zero, and a
 * stock state must not contradict the count given with it (缺货 with 12 boxes). null when it can be saved.
 */
export function myOfferPatchProblem(patch: MyOfferPatch): string | null {
  for (const field of ['sellingPrice', 'onlinePrice'] as const) {
    const value = patch[field];
    if (value === undefined || value === null) continue;
    const fen = parseYuan(value);
    if (fen === null || fen <= 0) return `${field} must be a price greater than 0 (元), got "${value}"`;
  }
  if (patch.stockState !== undefined && patch.stockCount != null && (patch.stockState === 'out_of_stock') !== (patch.stockCount === 0)) {
    return `stockState ${patch.stockState} contradicts stockCount ${patch.stockCount}`;
  }
  return null;
}
