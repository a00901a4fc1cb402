import { Type, type Static } from '@sinclair/typebox';
import { BoundedInteger, RegionSlug, Yuan } from './common.js';

export const DrugSearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 50, description: '通用名、商品名、拼音或首字母' }),
  region: Type.Optional(RegionSlug),
  limit: Type.Optional(BoundedInteger(1, 50, { default: 20 })),
  productsPerGroup: Type.Optional(
    BoundedInteger(1, 50, { description: '每个通用名组最多列出几个产品（最便宜的在前）；不给时列出全部。列不全时 productCount 给出总数' }),
  ),
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
  monthlySaving: Type.Optional(
    Type.Union([Yuan, Type.Null()], {
      description: '仅当通过商品名（品牌）找到该组时：换用本集采药品、按世卫组织限定日剂量（DDD）计每月（30 天）约省多少元；无法确认等效或并不更便宜时为 null',
    }),
  ),
});
export type ProductSummary = Static<typeof ProductSummary>;

/** The brand (挂网药品价格) a search or scan was made with, answered beside its 集采 alternatives. */
export const BrandInfo = Type.Object({
  name: Type.String({ description: '商品名，如 络活喜' }),
  original: Type.Boolean({ description: '是否原研' }),
  listedPrice: Yuan,
  unitListedPrice: Yuan,
  code: Type.String({ description: '医保药品编码' }),
  genericName: Type.String({ description: '挂网目录中的通用名' }),
  spec: Type.String(),
  conversionRatio: Type.Integer(),
  unit: Type.String({ description: '最小制剂单位, e.g. 片' }),
  maker: Type.String(),
  dailyCost: Type.Union([Yuan, Type.Null()], { description: '按 DDD 计每日费用；无 DDD 时 null' }),
  dailyUnits: Type.Union([Type.Number(), Type.Null()], { description: '一个 DDD 是几片（粒…）' }),
  equivalence: Type.Unsafe<'same' | 'same_base' | 'unsure'>({
    type: 'string',
    enum: ['same', 'same_base', 'unsure'],
    description: 'same: 通用名相同; same_base: 盐型不同但规格均按同一活性成分计; unsure: 盐型不同且规格未写明按何计，不计算节省',
  }),
  note: Type.String({ description: '一句话提示：换药请遵医嘱或咨询药师' }),
});
export type BrandInfo = Static<typeof BrandInfo>;

/**
 * A brand or other name (商品名、别名) a search or scan named, known from the region's 药品别名 (the shipped
 * table plus what the bureau published) but not on its 挂网 list: what it is, without a price.
 */
export const AliasInfo = Type.Object({
  name: Type.String({ description: '所搜的名称，如 络活喜' }),
  kind: Type.Unsafe<'original' | 'brand' | 'alias'>({
    type: 'string',
    enum: ['original', 'brand', 'alias'],
    description: 'original: 原研药的商品名; brand: 其他厂家的商品名; alias: 别名、俗名或曾用名',
  }),
  maker: Type.Union([Type.String(), Type.Null()], { description: '商品名所属企业（原研公司简称），别名为 null' }),
  ingredient: Type.String({ description: '活性成分，如 氨氯地平' }),
});
export type AliasInfo = Static<typeof AliasInfo>;

export const DrugGroup = Type.Object({
  genericName: Type.String({ description: '通用名' }),
  dosageForms: Type.Array(Type.String()),
  brandNames: Type.Array(Type.String()),
  therapeuticArea: Type.Union([Type.String(), Type.Null()]),
  products: Type.Array(ProductSummary),
  productCount: Type.Optional(
    Type.Integer({ description: '仅当 products 只列出了最便宜的几个（请求带 productsPerGroup）时：该组（按所搜剂型、规格、厂家筛选后）共有几个产品' }),
  ),
  brand: Type.Optional(BrandInfo),
  /** the name searched is a brand or alias of this group's molecule without a listed price (brand answers it when listed) */
  alias: Type.Optional(AliasInfo),
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
    Type.Object({
      genericName: Type.String(),
      label: Type.String({ description: 'what to show: 通用名 or 商品名（通用名）' }),
      code: Type.Optional(Type.String({ description: '该通用名在本地区只有一个产品时，该产品的药品统一编码（可直接查看价格）' })),
    }),
    { maxItems: 10 },
  ),
  degraded: Type.Boolean(),
});
export type SuggestResponse = Static<typeof SuggestResponse>;

export const GenericsQuery = Type.Object({ region: Type.Optional(RegionSlug) });
/** The 通用名 a region's catalog lists now: which common-drug chips to show, and which go straight to prices. */
export const GenericsResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      genericName: Type.String(),
      products: Type.Integer({ description: '该通用名在本地区目录中的产品数（规格、厂家、包装）' }),
      code: Type.Union([Type.String(), Type.Null()], { description: '只有一个产品时它的药品统一编码' }),
    }),
  ),
});
export type GenericsResponse = Static<typeof GenericsResponse>;
