import { Type, type Static } from '@sinclair/typebox';
import { BoundedInteger, RegionSlug, Yuan } from './common.js';

export const DrugSearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 50, description: '通用名、商品名、拼音或首字母' }),
  region: Type.Optional(RegionSlug),
  limit: Type.Optional(BoundedInteger(1, 50, { default: 20 })),
});
export type DrugSearchQuery = Static<typeof DrugSearchQuery>;

export const ProductSummary = Type.Object({
  code: Type.String({ description: '药品统一编码' }),
  name: Type.String({ description: '产品名称' }),
  dosageForm: Type.String(),
  spec: Type.String(),
  maker: Type.String({ description: '生产企业' }),
  brandName: Type.Union([Type.String(), Type.Null()]),
  conversionRatio: Type.Number(),
  winningPrice: Yuan,
  unitWinningPrice: Yuan,
  unit: Type.String({ description: '最小制剂单位, e.g. 片' }),
  packUnit: Type.String(),
  recommended: Type.Boolean(),
  special: Type.Boolean(),
  region: Type.String(),
});
export type ProductSummary = Static<typeof ProductSummary>;

export const DrugGroup = Type.Object({
  genericName: Type.String({ description: '通用名' }),
  dosageForms: Type.Array(Type.String()),
  brandNames: Type.Array(Type.String()),
  therapeuticArea: Type.Union([Type.String(), Type.Null()]),
  products: Type.Array(ProductSummary),
});
export type DrugGroup = Static<typeof DrugGroup>;

export const DrugSearchResponse = Type.Object({
  items: Type.Array(DrugGroup),
  total: Type.Integer(),
  degraded: Type.Boolean({ description: 'true when answered from SQLite because search is down' }),
});
export type DrugSearchResponse = Static<typeof DrugSearchResponse>;

export const SuggestQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 50 }),
  region: Type.Optional(RegionSlug),
});
export const SuggestResponse = Type.Object({
  items: Type.Array(
    Type.Object({ genericName: Type.String(), label: Type.String({ description: 'what to show: 通用名 or 商品名（通用名）' }) }),
    { maxItems: 10 },
  ),
  degraded: Type.Boolean(),
});
export type SuggestResponse = Static<typeof SuggestResponse>;
