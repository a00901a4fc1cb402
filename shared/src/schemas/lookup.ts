import { Type, type Static } from '@sinclair/typebox';
import { DRUG_CODE_KINDS } from '../domain/drug-codes.js';
import { literals, RegionSlug } from './common.js';
import { ProductSummary } from './drugs.js';

export const DrugLookupQuery = Type.Object({
  code: Type.String({
    minLength: 1,
    maxLength: 200,
    description: '药盒上的追溯码（20 位）、药品标识码（7 位）、本位码（14 位）、商品条码（EAN-13），或医保药品编码',
  }),
  region: Type.Optional(RegionSlug),
});
export type DrugLookupQuery = Static<typeof DrugLookupQuery>;

export const DrugCodeKindSchema = literals(DRUG_CODE_KINDS, 'trace 追溯码, identifier 药品标识码, standard 本位码, ean13 商品条码, insurance 医保药品编码');

export const LookupProduct = Type.Composite([
  ProductSummary,
  Type.Object({ genericName: Type.String({ description: '通用名' }) }),
]);
export type LookupProduct = Static<typeof LookupProduct>;

export const DrugLookupResponse = Type.Object({
  kind: DrugCodeKindSchema,
  kindLabel: Type.String({ description: '识别出的编码种类，如 追溯码' }),
  /** the products the code names (code = 医保药品编码) */
  products: Type.Array(LookupProduct),
  /** each 通用名 of those products with every product of it in the region (the other makers and packs) */
  groups: Type.Array(Type.Object({ genericName: Type.String(), products: Type.Array(LookupProduct) })),
});
export type DrugLookupResponse = Static<typeof DrugLookupResponse>;

export const DrugLookupNotFound = Type.Object({
  error: Type.String(),
  message: Type.String({ description: '如：这是追溯码，但本地区目录中没有该药品' }),
  kind: DrugCodeKindSchema,
});
export type DrugLookupNotFound = Static<typeof DrugLookupNotFound>;
