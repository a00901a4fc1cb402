import { Type, type Static } from '@sinclair/typebox';
import { BoundedInteger, IsoDateTime, Yuan } from './common.js';

export const RegionInfo = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  hotline: Type.String({ description: '医保部门咨询投诉电话' }),
  center: Type.Object({ lat: Type.Number(), lng: Type.Number(), city: Type.String() }),
  rules: Type.Array(Type.String(), { description: 'the region’s 三进 rules in plain Chinese' }),
  lastPublishedAt: Type.Union([IsoDateTime, Type.Null()]),
  districts: Type.Array(Type.String()),
  staleAfterDays: Type.Integer(),
});
export type RegionInfo = Static<typeof RegionInfo>;

export const RegionsResponse = Type.Object({ items: Type.Array(RegionInfo) });
export type RegionsResponse = Static<typeof RegionsResponse>;

export const PriceHistoryQuery = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40, description: '药品统一编码' }),
  limit: Type.Optional(BoundedInteger(1, 100, { default: 50, description: 'changes per page' })),
  offset: Type.Optional(BoundedInteger(0, 100_000, { default: 0, description: 'changes to skip, counted from the newest' })),
});
export type PriceHistoryQuery = Static<typeof PriceHistoryQuery>;
/** Price changes (not every confirmation): the newest page first, each page ordered oldest to newest for a chart. */
export const PriceHistoryResponse = Type.Object({
  winningPrice: Yuan,
  total: Type.Integer({ description: 'changes in all pages' }),
  items: Type.Array(Type.Object({ sellingPrice: Yuan, onlinePrice: Type.Union([Yuan, Type.Null()]), observedAt: IsoDateTime })),
});
export type PriceHistoryResponse = Static<typeof PriceHistoryResponse>;
