import type { BasketQuoteRequest } from '@yaojia/shared';
// a subpath: a value import from '@yaojia/shared' would bundle its whole index (see lib/location.ts)
import { DAYS_PER_MONTH, monthlyPacksAt, unitsPerDay as dddUnitsPerDay } from '@yaojia/shared/domain/ddd';
import type { Coords } from './location';

/**
 * 我的常用药: the medicines a citizen buys every month, kept on the device only (issue 16: "never on the
 * server unless the user turns on alerts"). One entry per product (医保药品编码).
 */
export interface MyMed {
  code: string;
  /** 产品名称 + 规格 as the offers page showed it */
  title: string;
  /** 转换比: units (片/粒) per pack */
  conversionRatio: number;
  minUnit: string;
  packUnit: string;
  /** units taken a day by the WHO DDD, 1 where there is none (the monthly packs default from it) */
  unitsPerDay: number;
  /** whether unitsPerDay came from the WHO DDD (else the one-a-day fallback) */
  fromDdd?: boolean;
  /** packs a month (editable; starts from unitsPerDay) */
  packs: number;
}

export interface MyMedsState {
  items: MyMed[];
  /** 同成分同规格可换厂家 (default on) */
  substitute: boolean;
}

export const EMPTY_MY_MEDS: MyMedsState = { items: [], substitute: true };

/** Up to 20 medicines per list (the quote's limit). */
export const MY_MEDS_MAX = 20;
export { DAYS_PER_MONTH };

/** Packs that last a month at `unitsPerDay` units a day (at least one). */
export function monthlyPacks(unitsPerDay: number, conversionRatio: number): number {
  return monthlyPacksAt(unitsPerDay, conversionRatio);
}

/** What the offers page knows of a product, enough to put it on the list. */
export interface MedProduct {
  code: string;
  /** 通用名 (产品名称) */
  name: string;
  spec: string;
  conversionRatio: number;
  unit: string;
  packUnit: string;
}

/**
 * The list entry for a product: monthly packs from the daily dose, ceil(30 × units a day / units a pack),
 * units a day from the WHO DDD (shared/src/domain/ddd.ts), one a day where the molecule has none.
 */
export function medFromProduct(p: MedProduct): Omit<MyMed, 'packs'> {
  const ddd = dddUnitsPerDay(p.name, p.spec);
  return {
    code: p.code,
    title: `${p.name} ${p.spec}`,
    conversionRatio: p.conversionRatio,
    minUnit: p.unit,
    packUnit: p.packUnit,
    unitsPerDay: ddd ?? 1,
    fromDdd: ddd !== null,
  };
}

export type MyMedsAction =
  | { type: 'add'; med: Omit<MyMed, 'packs' | 'unitsPerDay'> & { unitsPerDay?: number } }
  | { type: 'remove'; code: string }
  | { type: 'packs'; code: string; packs: number }
  | { type: 'toggleSubstitute' };

export function myMedsReducer(state: MyMedsState, action: MyMedsAction): MyMedsState {
  switch (action.type) {
    case 'add': {
      if (state.items.some((m) => m.code === action.med.code) || state.items.length >= MY_MEDS_MAX) return state;
      const unitsPerDay = action.med.unitsPerDay ?? 1;
      const med: MyMed = { ...action.med, unitsPerDay, packs: monthlyPacks(unitsPerDay, action.med.conversionRatio) };
      return { ...state, items: [...state.items, med] };
    }
    case 'remove':
      return { ...state, items: state.items.filter((m) => m.code !== action.code) };
    case 'packs':
      return { ...state, items: state.items.map((m) => (m.code === action.code ? { ...m, packs: Math.min(100, Math.max(1, Math.round(action.packs))) } : m)) };
    case 'toggleSubstitute':
      return { ...state, substitute: !state.substitute };
  }
}

/** The quote request for the list, or null when there is nothing to ask (no medicine or no position). */
export function quoteRequest(state: MyMedsState, coords: Coords | null, region: string | null, radiusKm: number): BasketQuoteRequest | null {
  if (!coords || state.items.length === 0) return null;
  return {
    ...(region ? { region } : {}),
    lat: coords.lat,
    lng: coords.lng,
    radiusKm,
    items: state.items.map((m) => ({ code: m.code, packs: m.packs })),
    substitute: state.substitute,
  };
}
