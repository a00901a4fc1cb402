import { Type, type Static } from '@sinclair/typebox';
import { BoundedInteger, BoundedNumber, RowId, literals, Badge, InstitutionTypeSchema, IsoDateTime, Latitude, Longitude, MarkupStatusSchema, RegionSlug, StockStateSchema, Yuan } from './common.js';

/** dailyCost: what a day of treatment costs by the WHO DDD (shared/src/domain/ddd.ts), else per mg of active ingredient */
export const OFFER_SORTS = ['distance', 'price', 'unitPrice', 'dailyCost'] as const;

export const OffersQuery = Type.Object({
  generic: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '通用名' })),
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '药品统一编码' })),
  region: Type.Optional(RegionSlug),
  lat: Type.Optional(Latitude),
  lng: Type.Optional(Longitude),
  radiusKm: Type.Optional(BoundedNumber(0, 200, { exclusiveMinimum: true, default: 10 })),
  sort: Type.Optional(literals(OFFER_SORTS, 'distance | price | unitPrice | dailyCost')),
  badgedOnly: Type.Optional(Type.Boolean()),
  inStockOnly: Type.Optional(Type.Boolean()),
  type: Type.Optional(InstitutionTypeSchema),
  limit: Type.Optional(BoundedInteger(1, 100, { default: 20 })),
  offset: Type.Optional(BoundedInteger(0, 10000, { default: 0 })),
});
export type OffersQuery = Static<typeof OffersQuery>;

export const InstitutionSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type: InstitutionTypeSchema,
  typeLabel: Type.String(),
  address: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  lat: Type.Number(),
  lng: Type.Number(),
  badges: Type.Array(Badge),
});
export type InstitutionSummary = Static<typeof InstitutionSummary>;

export const Markup = Type.Object({
  ratio: Type.Number({ description: '销售价/中选价 − 1' }),
  status: MarkupStatusSchema,
  label: Type.String(),
  cap: Yuan,
  rule: Type.Object({
    id: Type.String(),
    name: Type.String(),
    seed: Type.String(),
    priceIndex: Type.Optional(
      Type.Union([Type.Literal('met'), Type.Literal('not_met'), Type.Literal('unknown')], {
        description: '量价比较指数 verdict the rule used (江西/宁夏 markups): met 达标, not_met 未达标, unknown 未评定',
      }),
    ),
  }),
});
export type Markup = Static<typeof Markup>;

export const Offer = Type.Object({
  id: Type.Integer(),
  institution: InstitutionSummary,
  distanceKm: Type.Union([Type.Number(), Type.Null()]),
  product: Type.Object({
    code: Type.String(),
    name: Type.String(),
    spec: Type.String(),
    maker: Type.String(),
    dosageForm: Type.String(),
    unit: Type.String(),
    packUnit: Type.String(),
    conversionRatio: Type.Number(),
  }),
  sellingPrice: Yuan,
  onlinePrice: Type.Union([Yuan, Type.Null()]),
  winningPrice: Yuan,
  unitSellingPrice: Yuan,
  unitWinningPrice: Yuan,
  markup: Markup,
  inStock: Type.Boolean(),
  stock: StockStateSchema,
  updatedAt: IsoDateTime,
  stale: Type.Boolean({ description: 'price older than the region allows' }),
});
export type Offer = Static<typeof Offer>;

export const OffersResponse = Type.Object({
  items: Type.Array(Offer),
  total: Type.Integer(),
  summary: Type.Object({
    winningPrice: Type.Union([Yuan, Type.Null()], { description: '中选价；查询涉及多个产品（规格、厂家、包装）时为 null，不混比' }),
    institutions: Type.Integer(),
    lowestPrice: Type.Union([Yuan, Type.Null()], { description: '最低销售价（每盒）；涉及多个产品时为 null，不混比' }),
    products: Type.Integer({ description: '涉及的产品数' }),
  }),
});
export type OffersResponse = Static<typeof OffersResponse>;

export const NearbySummaryQuery = Type.Object({
  codes: Type.String({ minLength: 1, maxLength: 1000, pattern: '^[^,]{1,40}(,[^,]{1,40}){0,49}$', description: '药品统一编码，逗号分隔，最多 50 个' }),
  region: Type.Optional(RegionSlug),
  lat: Latitude,
  lng: Longitude,
  radiusKm: Type.Optional(BoundedNumber(0, 200, { exclusiveMinimum: true, default: 10 })),
});
export type NearbySummaryQuery = Static<typeof NearbySummaryQuery>;
/** Per product (never across products): how many institutions nearby sell it and the lowest 销售价 per pack. */
export const NearbySummaryResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      institutions: Type.Integer({ description: '半径内出售该产品的机构数' }),
      lowestPrice: Type.Union([Yuan, Type.Null()], { description: '半径内该产品的最低销售价（每盒）' }),
      inStock: Type.Integer({ description: '其中未标缺货的机构数' }),
    }),
  ),
});
export type NearbySummaryResponse = Static<typeof NearbySummaryResponse>;

export const InstitutionParams = Type.Object({ id: RowId });

export const InstitutionDetail = Type.Composite([
  InstitutionSummary,
  Type.Object({
    code: Type.String({ description: '机构医保编码' }),
    region: Type.String(),
    hours: Type.Union([Type.String(), Type.Null()]),
    specialDesignated: Type.Boolean(),
    hotline: Type.String({ description: '医保部门咨询投诉电话' }),
    offers: Type.Array(Type.Omit(Offer, ['institution', 'distanceKm'])),
  }),
]);
export type InstitutionDetail = Static<typeof InstitutionDetail>;

export const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  db: Type.Union([Type.Literal('ok'), Type.Literal('down')]),
  search: Type.Union([Type.Literal('ok'), Type.Literal('down'), Type.Literal('syncing'), Type.Literal('stale')], {
    description: 'stale: the index holds an older version of the catalog than the database (answers come from the database until it is rebuilt, which is retried automatically)',
  }),
});
export type HealthResponse = Static<typeof HealthResponse>;

export { Latitude, Longitude, IsoDateTime };
