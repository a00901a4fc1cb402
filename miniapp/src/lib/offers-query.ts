import type { InstitutionType, OffersQuery } from '@yaojia/shared';
import type { Coords } from './location';
import { roundCoords } from './location';

export type OfferSort = NonNullable<OffersQuery['sort']>;

export const SORT_OPTIONS: ReadonlyArray<{ value: OfferSort; label: string }> = [
  { value: 'distance', label: '距离最近' },
  { value: 'price', label: '价格最低' },
  { value: 'dailyCost', label: '每天花费最低' },
];

export const RADIUS_OPTIONS_KM = [1, 3, 5, 10, 20, 50] as const;

/** Labels typed against the shared union, so a new type fails the build until it gets a label. */
export const INSTITUTION_TYPE_FILTERS: ReadonlyArray<{ value: InstitutionType | null; label: string }> = [
  { value: null, label: '全部机构' },
  { value: 'retail_chain', label: '连锁药店' },
  { value: 'retail_single', label: '单体药店' },
  { value: 'private_tertiary', label: '民营三级医院' },
  { value: 'private_other', label: '民营医疗机构' },
  { value: 'township_health_center', label: '乡镇卫生院' },
  { value: 'community_health_station', label: '社区卫生服务站' },
  { value: 'village_clinic', label: '村卫生室' },
];

export interface OfferFilters {
  sort: OfferSort;
  badgedOnly: boolean;
  inStockOnly: boolean;
  type: InstitutionType | null;
  radiusKm: number;
}

export const DEFAULT_FILTERS: OfferFilters = {
  sort: 'distance',
  badgedOnly: false,
  inStockOnly: false,
  type: null,
  radiusKm: 10,
};

/** Without a position "nearest" means nothing: fall back to price. */
export function effectiveSort(filters: OfferFilters, coords: Coords | null): OfferSort {
  return filters.sort === 'distance' && !coords ? 'price' : filters.sort;
}

export type OfferFilterAction =
  | { type: 'sort'; sort: OfferSort }
  | { type: 'toggleBadged' }
  | { type: 'toggleInStock' }
  | { type: 'institutionType'; value: InstitutionType | null }
  | { type: 'radius'; km: number }
  | { type: 'reset' };

export function offerFiltersReducer(state: OfferFilters, action: OfferFilterAction): OfferFilters {
  switch (action.type) {
    case 'sort':
      return { ...state, sort: action.sort };
    case 'toggleBadged':
      return { ...state, badgedOnly: !state.badgedOnly };
    case 'toggleInStock':
      return { ...state, inStockOnly: !state.inStockOnly };
    case 'institutionType':
      return { ...state, type: action.value };
    case 'radius':
      return { ...state, radiusKm: action.km };
    case 'reset':
      return DEFAULT_FILTERS;
  }
}

/** How many filters differ from the default (for the "筛选 (2)" label). */
export function activeFilterCount(f: OfferFilters): number {
  return (
    (f.badgedOnly ? 1 : 0) +
    (f.inStockOnly ? 1 : 0) +
    (f.type ? 1 : 0) +
    (f.radiusKm !== DEFAULT_FILTERS.radiusKm ? 1 : 0)
  );
}

export interface OfferTarget {
  code?: string;
  generic?: string;
  region: string | null;
}

/** The query the API gets. Coordinates are rounded here, the last point before the network. */
export function buildOffersQuery(target: OfferTarget, filters: OfferFilters, coords: Coords | null, page = { limit: 20, offset: 0 }): OffersQuery {
  const q: OffersQuery = { sort: effectiveSort(filters, coords), limit: page.limit, offset: page.offset };
  if (target.code) q.code = target.code;
  else if (target.generic) q.generic = target.generic;
  if (target.region) q.region = target.region;
  if (coords) {
    const r = roundCoords(coords);
    q.lat = r.lat;
    q.lng = r.lng;
    q.radiusKm = filters.radiusKm;
  }
  if (filters.badgedOnly) q.badgedOnly = true;
  if (filters.inStockOnly) q.inStockOnly = true;
  if (filters.type) q.type = filters.type;
  return q;
}
