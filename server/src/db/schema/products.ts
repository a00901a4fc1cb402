import { integer, index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { catalogVersions, regions } from './regions.js';

/** A region's 集采 products with their 中选价 (江西 附表 columns). */
export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    regionId: integer('region_id').notNull().references(() => regions.id),
    /** 药品统一编码 */
    code: text('code').notNull(),
    /** 通用名, e.g. 苯磺酸氨氯地平片 */
    genericName: text('generic_name').notNull(),
    /** 产品名称 as the catalog writes it */
    productName: text('product_name').notNull(),
    dosageForm: text('dosage_form').notNull(),
    spec: text('spec').notNull(),
    /** 转换比: smallest units per pack */
    conversionRatio: integer('conversion_ratio').notNull(),
    minUnit: text('min_unit').notNull(),
    packUnit: text('pack_unit').notNull(),
    packaging: text('packaging'),
    maker: text('maker').notNull(),
    bidder: text('bidder'),
    /** 中选价 per pack, integer fen */
    winningPriceFen: integer('winning_price_fen').notNull(),
    approvalNo: text('approval_no'),
    brandName: text('brand_name'),
    /** 江西《“三进”推荐配备药品品种》 */
    recommended: integer('recommended', { mode: 'boolean' }).notNull().default(false),
    /** 特药 */
    special: integer('special', { mode: 'boolean' }).notNull().default(false),
    therapeuticArea: text('therapeutic_area'),
    listedAt: text('listed_at').notNull(),
    removedAt: text('removed_at'),
    versionId: integer('version_id').references(() => catalogVersions.id),
  },
  (t) => [
    uniqueIndex('products_region_code').on(t.regionId, t.code),
    index('products_region_generic').on(t.regionId, t.genericName),
  ],
);

/**
 * Codes printed on a product's pack, as the catalog lists them (several per product): 药品标识码 (the
 * first 7 digits of the 20-digit 追溯码), 本位码 (14 digits, 86…), 商品条码 (EAN-13). For lookup by scan.
 */
export const productCodes = sqliteTable(
  'product_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    regionId: integer('region_id').notNull().references(() => regions.id),
    productId: integer('product_id').notNull().references(() => products.id),
    kind: text('kind', { enum: ['identifier', 'standard', 'ean13'] }).notNull(),
    code: text('code').notNull(),
  },
  (t) => [
    uniqueIndex('product_codes_product_kind_code').on(t.productId, t.kind, t.code),
    index('product_codes_region_kind_code').on(t.regionId, t.kind, t.code),
  ],
);

/**
 * 挂网药品价格: what every product of a molecule costs on the provincial procurement platform — 原研
 * (originator brands) and generics that did not win included — one row per 医保药品编码. The basis
 * of "this brand costs ¥x a day; the 集采 product of the same ingredient costs ¥y".
 */
export const listedPrices = sqliteTable(
  'listed_prices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    regionId: integer('region_id').notNull().references(() => regions.id),
    /** 医保药品编码 */
    code: text('code').notNull(),
    genericName: text('generic_name').notNull(),
    /** 商品名, e.g. 络活喜 */
    brandName: text('brand_name'),
    dosageForm: text('dosage_form').notNull(),
    spec: text('spec').notNull(),
    conversionRatio: integer('conversion_ratio').notNull(),
    maker: text('maker').notNull(),
    /** 挂网价格 per pack, integer fen */
    listedPriceFen: integer('listed_price_fen').notNull(),
    /** 是否原研 */
    original: integer('original', { mode: 'boolean' }).notNull().default(false),
    /** 是否过评 (一致性评价); null when the file does not say */
    consistency: integer('consistency', { mode: 'boolean' }),
    listedAt: text('listed_at').notNull(),
    removedAt: text('removed_at'),
    versionId: integer('version_id').references(() => catalogVersions.id),
  },
  (t) => [
    uniqueIndex('listed_prices_region_code').on(t.regionId, t.code),
    index('listed_prices_region_generic').on(t.regionId, t.genericName),
  ],
);

/**
 * Codes printed on the pack of a 挂网 product (the optional 药品标识码 / 本位码 / 条形码 columns of the
 * 挂网 file, as the catalog's): a brand's box scanned finds the brand and its 集采 alternative.
 */
export const listedCodes = sqliteTable(
  'listed_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    regionId: integer('region_id').notNull().references(() => regions.id),
    listedId: integer('listed_id').notNull().references(() => listedPrices.id),
    kind: text('kind', { enum: ['identifier', 'standard', 'ean13'] }).notNull(),
    code: text('code').notNull(),
  },
  (t) => [
    uniqueIndex('listed_codes_listed_kind_code').on(t.listedId, t.kind, t.code),
    index('listed_codes_region_kind_code').on(t.regionId, t.kind, t.code),
  ],
);

/**
 * Brand names (商品名) and other names of a molecule a bureau publishes for its region (issue 15 §3),
 * on top of the shipped default (server/data/drug-aliases.csv). Keyed by ingredient stem (氨氯地平), so
 * a name applies to every product of that molecule; `form` narrows it to one dosage form (拜新同: 控释).
 */
export const drugAliases = sqliteTable(
  'drug_aliases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    regionId: integer('region_id').notNull().references(() => regions.id),
    /** 活性成分 as the search index stems it, e.g. 氨氯地平 */
    stem: text('stem').notNull(),
    /** the name, e.g. 络活喜 */
    name: text('name').notNull(),
    /** original 原研商品名, brand 其他商品名, alias 别名/俗名/曾用名 */
    kind: text('kind', { enum: ['original', 'brand', 'alias'] }).notNull(),
    maker: text('maker'),
    /** the name belongs to this 剂型 only (matched against the product's 剂型 and 通用名) */
    form: text('form'),
    listedAt: text('listed_at').notNull(),
    removedAt: text('removed_at'),
    versionId: integer('version_id').references(() => catalogVersions.id),
  },
  (t) => [uniqueIndex('drug_aliases_region_stem_name').on(t.regionId, t.stem, t.name)],
);
