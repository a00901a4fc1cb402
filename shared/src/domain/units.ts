import { type Fen, formatYuan } from './money.js';

/**
 * 转换比: how many smallest units (最小制剂单位: 片/粒/支/袋…) one pack (最小包装单位: 盒/瓶) holds.
 * 江西 附表 lists 转换比 beside 规格, e.g. 规格 "5mg", 转换比 28 → a box of 28 tablets.
 */
export function unitPriceFen(packPriceFen: Fen, conversionRatio: number): number {
  if (!(conversionRatio > 0)) return packPriceFen;
  return packPriceFen / conversionRatio; // fractional fen, rounded only when shown
}

/** Unit price as yuan with two decimals, the response format; exact value is used for sorting. */
export function formatUnitPrice(packPriceFen: Fen, conversionRatio: number): string {
  return formatYuan(Math.round(unitPriceFen(packPriceFen, conversionRatio)));
}
