import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Yuan } from './common.js';

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

export const PriceHistoryQuery = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40, description: '药品统一编码' }) });
export const PriceHistoryResponse = Type.Object({
  winningPrice: Yuan,
  items: Type.Array(Type.Object({ sellingPrice: Yuan, onlinePrice: Type.Union([Yuan, Type.Null()]), observedAt: IsoDateTime })),
});
export type PriceHistoryResponse = Static<typeof PriceHistoryResponse>;
