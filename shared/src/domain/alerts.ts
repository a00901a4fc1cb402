import type { StockState } from './constants.js';

/**
 * Alerts on 我的常用药 (issue 16 §3): "降价提醒" (a price nearby for the item falls below ¥x, or below
 * the lowest price nearby on the day of subscribing) and "到货提醒" (an institution nearby reports it in
 * stock again). "Nearby" is the district (or the whole region) kept with the subscription: a subscription
 * never stores coordinates. Pure rules; the server evaluates them in the transaction of every change.
 */
export const ALERT_KINDS = ['price_drop', 'restock'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Record<AlertKind, string> = { price_drop: '降价提醒', restock: '到货提醒' };

/** Subscriptions end 90 days after they were made (or last renewed). */
export const ALERT_TTL_DAYS = 90;

/** An offer as the alert rules see it before and after a change (null: no offer). */
export interface AlertOfferState {
  priceFen: number;
  stock: StockState;
}

const HAS_STOCK: ReadonlySet<StockState> = new Set(['in_stock', 'low']);

/**
 * 降价: the offer's price is now below the threshold and was not before (a new offer counts as "not
 * before"). Edge-triggered, so a price that stays low does not alert again at every publish.
 */
export function priceDropped(thresholdFen: number, before: AlertOfferState | null, after: AlertOfferState | null): boolean {
  if (!after || after.priceFen >= thresholdFen) return false;
  return !before || before.priceFen >= thresholdFen;
}

/** 到货: the offer reports stock now and reported none before (out of stock, or no offer). "unknown" is not stock. */
export function restocked(before: AlertOfferState | null, after: AlertOfferState | null): boolean {
  if (!after || !HAS_STOCK.has(after.stock)) return false;
  return !before || before.stock === 'out_of_stock';
}

/** The calendar day in China (UTC+8) of an instant: the unit of "at most one notification a day". */
export function alertDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface AlertMessageInput {
  kind: AlertKind;
  /** 通用名 + 规格 */
  product: string;
  institution: string;
  /** yuan text, two decimals */
  price: string;
  /** 小店区, or the region's name when the subscription covers the region */
  area: string;
}

/** The plain-Chinese text of a notification (the 我的提醒 list and the WeChat message say the same). */
export function alertMessage(m: AlertMessageInput): { title: string; text: string } {
  if (m.kind === 'price_drop') {
    return { title: `${m.product} 降价了`, text: `${m.area}的${m.institution}现价 ¥${m.price}。价格以店内为准，建议先电话确认。` };
  }
  return { title: `${m.product} 有货了`, text: `${m.area}的${m.institution}报告有货，售价 ¥${m.price}。建议先电话确认再前往。` };
}
