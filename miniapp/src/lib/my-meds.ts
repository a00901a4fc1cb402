import type { BasketQuoteRequest } from '@yaojia/shared';
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
  /** units taken a day (the monthly packs default from it) */
  unitsPerDay: number;
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
export const DAYS_PER_MONTH = 30;

/** Packs that last a month at `unitsPerDay` units a day (at least one). */
export function monthlyPacks(unitsPerDay: number, conversionRatio: number): number {
  return Math.max(1, Math.ceil((unitsPerDay * DAYS_PER_MONTH) / Math.max(1, conversionRatio)));
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
