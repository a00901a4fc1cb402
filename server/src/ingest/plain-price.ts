/**
 * What a row of a prices file is, decided from its cells alone: blank, a footnote, or a price row as
 * nearly all are written. Shared by parseFile and the workers that read a large file's lines in parallel
 * (price-lines.ts), so both decide alike; kept free of anything but the value parsers, so a worker loads little.
 */
import type { StockState } from '@yaojia/shared';
import type { PriceRow } from './types.js';
import { clean, cleanText, isPlainCode, parseTimestamp, plainYuanFen } from './values.js';

/** 注：…, 制表单位：…, 数据来源…, 合计… — free text below the table. */
export const FOOTNOTE = /^(注|备注|说明|附注|注释|制表|填表|填报|审核|负责人|数据来源|来源|合计|总计|小计|共计|以上|本表|[*※]|\d{4}年\d{1,2}月)/;

/** The text of a row's first non-blank cell, cleaned; '' for a blank row. */
export function firstText(cells: readonly string[]): string {
  for (const c of cells) if (c && c.trim()) return clean(c);
  return '';
}

/** A footnote is free text in one (often merged) cell: at most two distinct values in the row. */
export function isFootnote(first: string, cells: readonly string[]): boolean {
  return FOOTNOTE.test(first) && new Set(cells.map((c) => c.trim()).filter(Boolean)).size <= 2;
}

/** column indexes of a prices file's fields (-1: no such column) */
export interface PriceColumnsAt {
  institutionCode: number;
  productCode: number;
  sellingPrice: number;
  onlinePrice: number;
  stock: number;
  observedAt: number;
}

/** The region's codes a prices row may name (PriceLookups without its wording). */
export interface PriceCodes {
  institutionCodes: ReadonlySet<string>;
  productCodes: ReadonlySet<string>;
}

const DIGITS = /^\d+$/;

/**
 * A prices row as nearly all are written — codes as codes, prices as plain yuan, the stock empty or a
 * count, a 更新时间 — validated straight from its cells to the row validatePrice would make of it, without
 * its per-cell context and result objects (parse + validate was the largest part of a big publish, much of
 * it collecting those objects). null for anything else, an unknown code included: validatePrice then decides,
 * with its errors. Without `codes` the codes are not checked against the region.
 */
export function plainPrice(cells: string[], at: PriceColumnsAt, codes: PriceCodes | undefined): PriceRow | null {
  const institutionCode = cells[at.institutionCode] ?? '';
  const productCode = cells[at.productCode] ?? '';
  if (!isPlainCode(institutionCode) || !isPlainCode(productCode)) return null;
  if (codes && (!codes.institutionCodes.has(institutionCode) || !codes.productCodes.has(productCode))) return null;
  const sellingPriceFen = plainYuanFen(cells[at.sellingPrice] ?? '');
  if (sellingPriceFen === null) return null;
  const online = at.onlinePrice < 0 ? '' : (cells[at.onlinePrice] ?? '');
  const onlinePriceFen = online === '' ? null : plainYuanFen(online);
  if (online !== '' && onlinePriceFen === null) return null;
  const stock = at.stock < 0 ? '' : (cells[at.stock] ?? '');
  let stockState: StockState = 'unknown';
  let stockCount: number | null = null;
  if (stock !== '') {
    if (!DIGITS.test(stock)) return null;
    stockCount = Number(stock);
    // as parseStock: a handful left is shown as 库存紧张 rather than 有货
    stockState = stockCount === 0 ? 'out_of_stock' : stockCount < 10 ? 'low' : 'in_stock';
  }
  let observedAt: string | null = null;
  const time = at.observedAt < 0 ? '' : cleanText(cells[at.observedAt]);
  if (time !== '') {
    const t = parseTimestamp(time);
    if (!t.ok) return null;
    observedAt = t.value;
  }
  return { institutionCode, productCode, sellingPriceFen, onlinePriceFen, stockState, stockCount, observedAt };
}
