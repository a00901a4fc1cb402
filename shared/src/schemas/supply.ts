import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, RegionSlug, RowId } from './common.js';

/**
 * Supply assurance (晋医保发〔2026〕13号, forwarded by 吕梁; seed 004) and 沈阳's 72-hour delivery rule
 * (seed 003: 在医药机构订单下达的72小时内及时足量供应配送).
 */
export const SUPPLY_NOTICE = '供应紧张' as const;
export const DELIVERY_WINDOW_HOURS = 72;

const ProductCode = Type.String({ minLength: 1, maxLength: 40, description: '药品统一编码' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

/** An institution reports that it cannot get a 集采 product (with evidence, 佐证材料). */
export const ShortageCreateBody = Type.Object(
  {
    productCode: ProductCode,
    since: Day,
    evidence: Type.String({ minLength: 4, maxLength: 1000, description: '佐证：订单号、配送企业答复等' }),
  },
  { additionalProperties: false },
);
export type ShortageCreateBody = Static<typeof ShortageCreateBody>;

export const ShortageCreated = Type.Object({
  id: Type.Integer(),
  productCode: Type.String(),
  genericName: Type.String(),
  since: Day,
  reportedAt: IsoDateTime,
});
export type ShortageCreated = Static<typeof ShortageCreated>;

/** The institution's own shortage reports, newest first, with what the bureau did. */
export const MyShortages = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      productCode: Type.String(),
      productName: Type.String(),
      spec: Type.String(),
      since: Day,
      reportedAt: IsoDateTime,
      status: Type.Unsafe<'open' | 'resolved'>({ type: 'string', enum: ['open', 'resolved'] }),
      resolutionNote: Type.Union([Type.String(), Type.Null()], { description: '医保部门的处理说明' }),
      resolvedAt: Type.Union([IsoDateTime, Type.Null()]),
      photos: Type.Integer(),
    }),
  ),
});
export type MyShortages = Static<typeof MyShortages>;
export const ShortageParams = Type.Object({ id: RowId });

export const SupplyAlertsQuery = Type.Object(
  {
    region: RegionSlug,
    /** only this product (the drug page asks for one) */
    code: Type.Optional(ProductCode),
    /** only products of this 通用名 */
    genericName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type SupplyAlertsQuery = Static<typeof SupplyAlertsQuery>;

export const SupplyAlert = Type.Object({
  code: Type.String({ description: '药品统一编码' }),
  genericName: Type.String(),
  productName: Type.String(),
  spec: Type.String(),
  maker: Type.String(),
  notice: Type.Literal(SUPPLY_NOTICE),
  /** human wording of why, for the notice's small print */
  reason: Type.String(),
  /** open shortage reports by institutions of the region */
  openShortages: Type.Integer({ minimum: 0 }),
  /** the earliest 'since' among the open reports */
  shortSince: Type.Union([Day, Type.Null()]),
  offers: Type.Integer({ minimum: 0 }),
  outOfStock: Type.Integer({ minimum: 0 }),
  /** outOfStock / offers, 0..1 */
  outOfStockShare: Type.Number({ minimum: 0, maximum: 1 }),
});
export type SupplyAlert = Static<typeof SupplyAlert>;

export const SupplyAlertsResponse = Type.Object({
  region: RegionSlug,
  /** a product is 供应紧张 with an open shortage report, or when this share of the institutions offering it are out of stock */
  outOfStockThreshold: Type.Number(),
  /** …and at least this many institutions offer it */
  minOffers: Type.Integer(),
  items: Type.Array(SupplyAlert),
});
export type SupplyAlertsResponse = Static<typeof SupplyAlertsResponse>;

export const DeliveriesQuery = Type.Object(
  {
    region: RegionSlug,
    from: Type.Optional(Day),
    /** exclusive */
    to: Type.Optional(Day),
  },
  { additionalProperties: false },
);
export type DeliveriesQuery = Static<typeof DeliveriesQuery>;

export const DistributorPerformance = Type.Object({
  distributor: Type.String({ description: '配送企业' }),
  /** order lines due by now (delivered, or older than 72 h) */
  due: Type.Integer({ minimum: 0 }),
  onTime: Type.Integer({ minimum: 0, description: '72小时内足量送达' }),
  late: Type.Integer({ minimum: 0, description: '超过72小时送达' }),
  short: Type.Integer({ minimum: 0, description: '72小时内送达但数量不足' }),
  overdue: Type.Integer({ minimum: 0, description: '超过72小时仍未送达' }),
  /** not yet delivered, still within 72 h: not counted */
  pending: Type.Integer({ minimum: 0 }),
  onTimeRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
  medianHours: Type.Union([Type.Number(), Type.Null()]),
});
export type DistributorPerformance = Static<typeof DistributorPerformance>;

export const DeliveriesResponse = Type.Object({
  region: RegionSlug,
  windowHours: Type.Literal(DELIVERY_WINDOW_HOURS),
  from: Type.Union([Day, Type.Null()]),
  to: Type.Union([Day, Type.Null()]),
  asOf: IsoDateTime,
  items: Type.Array(DistributorPerformance),
  note: Type.String(),
});
export type DeliveriesResponse = Static<typeof DeliveriesResponse>;
