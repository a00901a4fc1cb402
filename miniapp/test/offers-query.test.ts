import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  buildOffersQuery,
  DEFAULT_FILTERS,
  effectiveSort,
  offerFiltersReducer,
  type OfferFilters,
} from '../src/lib/offers-query';

describe('offer filters state', () => {
  it('toggles and resets', () => {
    let s: OfferFilters = DEFAULT_FILTERS;
    s = offerFiltersReducer(s, { type: 'sort', sort: 'dailyCost' });
    s = offerFiltersReducer(s, { type: 'toggleBadged' });
    s = offerFiltersReducer(s, { type: 'toggleInStock' });
    s = offerFiltersReducer(s, { type: 'institutionType', value: 'retail_chain' });
    s = offerFiltersReducer(s, { type: 'radius', km: 3 });
    expect(s).toEqual({ sort: 'dailyCost', badgedOnly: true, inStockOnly: true, type: 'retail_chain', radiusKm: 3 });
    expect(activeFilterCount(s)).toBe(4);
    expect(offerFiltersReducer(s, { type: 'toggleBadged' }).badgedOnly).toBe(false);
    expect(offerFiltersReducer(s, { type: 'reset' })).toEqual(DEFAULT_FILTERS);
    expect(activeFilterCount(DEFAULT_FILTERS)).toBe(0);
  });

  it('falls back from distance to price without a position', () => {
    expect(effectiveSort(DEFAULT_FILTERS, null)).toBe('price');
    expect(effectiveSort(DEFAULT_FILTERS, { lat: 1, lng: 1 })).toBe('distance');
    expect(effectiveSort({ ...DEFAULT_FILTERS, sort: 'dailyCost' }, null)).toBe('dailyCost');
  });
});

describe('buildOffersQuery', () => {
  it('rounds coordinates and sends only the filters in use', () => {
    const q = buildOffersQuery({ code: 'XC08CAA', region: 'shanxi' }, DEFAULT_FILTERS, { lat: 37.870591, lng: 112.548912 });
    expect(q).toEqual({ code: 'XC08CAA', region: 'shanxi', lat: 37.871, lng: 112.549, radiusKm: 10, sort: 'distance', limit: 20, offset: 0 });
  });
  it('prefers the product code over the generic name', () => {
    const q = buildOffersQuery({ code: 'A', generic: '苯磺酸氨氯地平片', region: null }, DEFAULT_FILTERS, null);
    expect(q.code).toBe('A');
    expect(q.generic).toBeUndefined();
    expect(q.region).toBeUndefined();
    expect(q.lat).toBeUndefined();
    expect(q.radiusKm).toBeUndefined();
    expect(q.sort).toBe('price');
  });
  it('passes filters', () => {
    const f: OfferFilters = { sort: 'price', badgedOnly: true, inStockOnly: true, type: 'village_clinic', radiusKm: 5 };
    const q = buildOffersQuery({ generic: '阿莫西林胶囊', region: 'shenyang' }, f, { lat: 41.8, lng: 123.4 }, { limit: 40, offset: 0 });
    expect(q).toMatchObject({ generic: '阿莫西林胶囊', badgedOnly: true, inStockOnly: true, type: 'village_clinic', radiusKm: 5, limit: 40 });
  });
});
