import type { StockState } from '@yaojia/shared';

export const STOCK_WORDS: Record<StockState, string> = {
  in_stock: '有货',
  low: '库存紧张',
  out_of_stock: '暂时缺货',
  unknown: '库存未知',
};
