import { Type, type Static } from '@sinclair/typebox';
import { BASKET_MAX_ITEMS } from '../domain/basket.js';
import { BoundedInteger, BoundedNumber, InstitutionTypeSchema, Latitude, Longitude, MarkupStatusSchema, RegionSlug, Yuan } from './common.js';

export const BasketItemInput = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, description: '医保药品编码（药品统一编码）' }),
    packs: BoundedInteger(1, 100, { description: '每月用量（盒/瓶）' }),
  },
);

export const BasketQuoteRequest = Type.Object(
  {
    region: Type.Optional(RegionSlug),
    lat: Latitude,
    lng: Longitude,
    radiusKm: BoundedNumber(0, 50, { exclusiveMinimum: true, description: '搜索半径（公里）' }),
    items: Type.Array(BasketItemInput, { minItems: 1, maxItems: BASKET_MAX_ITEMS }),
    substitute: Type.Optional(Type.Boolean({ default: true, description: '同成分同规格可换厂家' })),
  },
);
export type BasketQuoteRequest = Static<typeof BasketQuoteRequest>;

export const BasketInstitution = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: '机构医保编码' }),
  name: Type.String(),
  distanceKm: Type.Number(),
  type: InstitutionTypeSchema,
  typeLabel: Type.String(),
  address: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
});
export type BasketInstitution = Static<typeof BasketInstitution>;

export const BasketLine = Type.Object({
  code: Type.String({ description: 'the requested 医保药品编码' }),
  chosenCode: Type.String({ description: 'the product bought: the same code, or another maker of the same 通用名 and 规格' }),
  price: Yuan,
  packs: Type.Integer({ description: 'packs of the chosen product bought for the month' }),
  subtotal: Yuan,
  institutionId: Type.Integer(),
  name: Type.String(),
  spec: Type.String(),
  maker: Type.String(),
  packUnit: Type.String(),
  winningPrice: Yuan,
  markup: Type.Object({ status: MarkupStatusSchema, label: Type.String() }),
});
export type BasketLine = Static<typeof BasketLine>;

export const BasketStop = Type.Object({
  institutions: Type.Array(BasketInstitution),
  total: Yuan,
  /** what the same lines cost at 中选价 */
  winningTotal: Yuan,
  /** nearby median total − total (null when a line is missing or no median is known) */
  saving: Type.Union([Yuan, Type.Null()]),
  /** user → nearer stop → other stop, km (for one stop: its distance) */
  routeKm: Type.Number(),
  items: Type.Array(BasketLine),
  missing: Type.Array(Type.String()),
});
export type BasketStop = Static<typeof BasketStop>;

export const BasketQuoteResponse = Type.Object({
  /** institutions that have every item, cheapest monthly total first */
  single: Type.Array(BasketStop),
  /** when no single stop has everything: two stops that together do, by total + ¥1/km of route */
  pairs: Type.Array(BasketStop),
  /** institutions that have some of the items, most items first, then cheapest */
  partial: Type.Array(BasketStop),
  reference: Type.Object({
    /** the requested products at 中选价 for the month */
    winningTotal: Yuan,
    /** the sum of each item's median monthly cost among the offers in the radius (null: an item has none) */
    medianTotal: Type.Union([Yuan, Type.Null()]),
    institutionsConsidered: Type.Integer(),
    pairRule: Type.String(),
  }),
  /** codes not in the region's catalog */
  unknown: Type.Array(Type.String()),
});
export type BasketQuoteResponse = Static<typeof BasketQuoteResponse>;
