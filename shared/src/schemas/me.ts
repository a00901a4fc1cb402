import { Type, type Static } from '@sinclair/typebox';
import { COMMITMENTS, YUAN_INPUT_PATTERN } from '../domain/constants.js';
import { COMPLIANCE_ITEM_IDS } from '../policy/compliance.js';
import { Badge, BoundedInteger, literals, InstitutionTypeSchema, IsoDateTime, StockStateSchema, Yuan } from './common.js';
import { InstitutionDetail, Offer } from './offers.js';

/** The institution's own view (/api/v1/me/…), for signed-in pharmacies and private/public institutions. */

/** A price as a pharmacy types it: yuan with up to two decimals. */
export const YuanInput = Type.String({ pattern: YUAN_INPUT_PATTERN, description: '元，最多两位小数', examples: ['12.5', '12.50'] });

export const MeResponse = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: '机构医保编码' }),
  name: Type.String(),
  type: InstitutionTypeSchema,
  typeLabel: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  address: Type.String(),
  city: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  hours: Type.Union([Type.String(), Type.Null()]),
  specialDesignated: Type.Boolean({ description: '特药定点' }),
  commitment: Type.Union([literals(COMMITMENTS, '承诺书: at_winning_price 按照中选价销售 | markup_15 按不高于中选价加价15%销售'), Type.Null()]),
  badges: Type.Array(Badge),
  /** the rules this institution is held to, in plain Chinese */
  rules: Type.Array(Type.String()),
  token: Type.Object({ id: Type.Integer(), expiresAt: Type.Union([IsoDateTime, Type.Null()]) }),
});
export type MeResponse = Static<typeof MeResponse>;

/** GET /me/listing: exactly what citizens see (GET /api/v1/institutions/:id). */
export const MyListing = InstitutionDetail;
export type MyListing = Static<typeof MyListing>;

/** One offer as it appears in the listing. */
export const MyOffer = Type.Omit(Offer, ['institution', 'distanceKm']);
export type MyOffer = Static<typeof MyOffer>;

export const MyOfferParams = Type.Object({ code: Type.String({ minLength: 2, maxLength: 64, description: '药品统一编码' }) });
export type MyOfferParams = Static<typeof MyOfferParams>;

export const MyOfferPatch = Type.Object(
  {
    sellingPrice: Type.Optional(YuanInput),
    /** null: not sold online any more */
    onlinePrice: Type.Optional(Type.Union([YuanInput, Type.Null()])),
    stockState: Type.Optional(StockStateSchema),
    stockCount: Type.Optional(Type.Union([BoundedInteger(0, 10_000_000), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MyOfferPatch = Static<typeof MyOfferPatch>;

export const MyOfferUpdated = Type.Object({
  offer: MyOffer,
  /** whether a price observation was appended to the price history */
  priceRecorded: Type.Boolean(),
});
export type MyOfferUpdated = Static<typeof MyOfferUpdated>;

/** 一键按规定价调整: the previewed codes whose price is above the cap; each is set to its cap in one transaction. */
export const AdjustToCapBody = Type.Object(
  { codes: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 2000, description: '预览中列出的药品统一编码' }) },
  { additionalProperties: false },
);
export type AdjustToCapBody = Static<typeof AdjustToCapBody>;
export const AdjustToCapResult = Type.Object({
  adjusted: Type.Array(Type.Object({ code: Type.String(), from: Yuan, to: Yuan })),
  skipped: Type.Array(Type.Object({ code: Type.String(), reason: Type.String() })),
});
export type AdjustToCapResult = Static<typeof AdjustToCapResult>;

/** A problem in an uploaded CSV, row = the file's own 1-based row number. */
export const UploadIssue = Type.Object({
  row: Type.Union([Type.Integer(), Type.Null()]),
  column: Type.Union([Type.String(), Type.Null()]),
  columnLetter: Type.Union([Type.String(), Type.Null()]),
  value: Type.Optional(Type.String()),
  message: Type.String(),
});
export type UploadIssue = Static<typeof UploadIssue>;

export const UploadRejected = Type.Object({
  error: Type.String(),
  message: Type.String(),
  errors: Type.Array(UploadIssue),
});
export type UploadRejected = Static<typeof UploadRejected>;

export const UploadResult = Type.Object({
  rows: Type.Integer({ description: 'data rows read' }),
  added: Type.Integer({ description: 'products newly offered' }),
  changed: Type.Integer({ description: 'offers whose price or stock changed' }),
  unchanged: Type.Integer({ description: 'offers confirmed at the same price (observed time refreshed)' }),
  warnings: Type.Array(UploadIssue),
});
export type UploadResult = Static<typeof UploadResult>;

/** CSV text: 药品统一编码, 销售价, [网售价], [库存], [更新时间] — the bureau prices file without 机构医保编码. */
export const UploadBody = Type.String({ minLength: 1, maxLength: 2_000_000, description: 'CSV (UTF-8) with the prices file columns, without 机构医保编码' });

export const FlaggedOfferSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  spec: Type.String(),
  sellingPrice: Yuan,
  onlinePrice: Type.Union([Yuan, Type.Null()]),
  winningPrice: Yuan,
  cap: Type.Union([Yuan, Type.Null()]),
  updatedAt: Type.String(),
});

export const ComplianceItemSchema = Type.Object({
  id: literals(COMPLIANCE_ITEM_IDS),
  title: Type.String(),
  passed: Type.Boolean(),
  reason: Type.String(),
  action: Type.Union([Type.String(), Type.Null()]),
  seed: Type.String({ description: 'the policy document' }),
  quote: Type.String({ description: 'the sentence of the document the rule comes from' }),
  offers: Type.Array(FlaggedOfferSchema),
});

export const ComplianceResponse = Type.Object({
  institutionId: Type.Integer(),
  region: Type.String(),
  generatedAt: IsoDateTime,
  passed: Type.Boolean({ description: 'every item passed' }),
  items: Type.Array(ComplianceItemSchema),
});
export type ComplianceResponse = Static<typeof ComplianceResponse>;
