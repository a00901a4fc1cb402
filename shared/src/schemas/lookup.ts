import { Type, type Static } from '@sinclair/typebox';
import { DRUG_CODE_KINDS } from '../domain/drug-codes.js';
import { literals, RegionSlug } from './common.js';
import { AliasInfo, BrandInfo, ProductSummary } from './drugs.js';

export const DrugLookupQuery = Type.Object({
  code: Type.String({
    minLength: 1,
    maxLength: 200,
    description: '药盒上的追溯码（20 位）、药品标识码（7 位）、本位码（14 位）、商品条码（EAN-13），或医保药品编码；也接受药品别名表或挂网目录中的商品名（如 络活喜）',
  }),
  region: Type.Optional(RegionSlug),
});
export type DrugLookupQuery = Static<typeof DrugLookupQuery>;

/** what a lookup recognised: a code (DRUG_CODE_KINDS), or `name`, a 商品名/别名 the alias table or the 挂网 list knows */
export const LOOKUP_KINDS = [...DRUG_CODE_KINDS, 'name'] as const;
export type LookupKind = (typeof LOOKUP_KINDS)[number];
export const DrugCodeKindSchema = literals(LOOKUP_KINDS, 'trace 追溯码, identifier 药品标识码, standard 本位码, ean13 商品条码, insurance 医保药品编码, name 商品名或别名');

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
  /**
   * each 通用名 of those products: its name and how many products of it the region lists (the other makers
   * and packs are what a search for the name answers; a scan answers only what the code names, so it stays
   * a point query and a small answer)
   */
  groups: Type.Array(
    Type.Object({
      genericName: Type.String(),
      productCount: Type.Integer({ minimum: 0, description: '本地区目录中该通用名的药品数（各厂家、各包装）' }),
      /** the brand the code or name is, on the group of the same molecule; its products then carry monthlySaving */
      brand: Type.Optional(BrandInfo),
      alias: Type.Optional(AliasInfo),
    }),
  ),
  /**
   * The code is a brand's on the 挂网 list (挂网药品价格), or the name one of its 商品名: what it is and
   * its listed price. `products` are then the 集采 products of the same molecule and strength (each with
   * its monthlySaving), not the brand itself, which the catalog does not carry.
   */
  brand: Type.Optional(BrandInfo),
  /** the name is a 商品名 or 别名 the alias table knows (no listed price): `products` are that molecule's 集采 products */
  alias: Type.Optional(AliasInfo),
});
export type DrugLookupResponse = Static<typeof DrugLookupResponse>;

export const DrugLookupNotFound = Type.Object({
  error: Type.String(),
  message: Type.String({ description: '如：这是追溯码，但本地区目录中没有该药品' }),
  kind: DrugCodeKindSchema,
});
export type DrugLookupNotFound = Static<typeof DrugLookupNotFound>;
