import { index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { catalogVersions, regions } from './regions.js';

/** A region's 集采 products with their 中选价 (江西 附表 columns). PostgreSQL twin of ../schema/products.ts. */
export const products = pgTable(
  'products',
  {
    id: serial('id').primaryKey(),
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
    /** 江西《“三进”推荐配备药品品种》 (0/1) */
    recommended: integer('recommended').notNull().default(0),
    /** 特药 (0/1) */
    special: integer('special').notNull().default(0),
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

/** Codes printed on a product's pack. PostgreSQL twin of ../schema/products.ts productCodes. */
export const productCodes = pgTable(
  'product_codes',
  {
    id: serial('id').primaryKey(),
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

/** 挂网药品价格. PostgreSQL twin of ../schema/products.ts listedPrices. */
export const listedPrices = pgTable(
  'listed_prices',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull().references(() => regions.id),
    code: text('code').notNull(),
    genericName: text('generic_name').notNull(),
    brandName: text('brand_name'),
    dosageForm: text('dosage_form').notNull(),
    spec: text('spec').notNull(),
    conversionRatio: integer('conversion_ratio').notNull(),
    maker: text('maker').notNull(),
    listedPriceFen: integer('listed_price_fen').notNull(),
    /** 是否原研 (0/1) */
    original: integer('original').notNull().default(0),
    /** 是否过评 (0/1), null when the file does not say */
    consistency: integer('consistency'),
    listedAt: text('listed_at').notNull(),
    removedAt: text('removed_at'),
    versionId: integer('version_id').references(() => catalogVersions.id),
  },
  (t) => [
    uniqueIndex('listed_prices_region_code').on(t.regionId, t.code),
    index('listed_prices_region_generic').on(t.regionId, t.genericName),
  ],
);

/** Codes printed on a 挂网 product's pack. PostgreSQL twin of ../schema/products.ts listedCodes. */
export const listedCodes = pgTable(
  'listed_codes',
  {
    id: serial('id').primaryKey(),
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

/** Published brand and other names of a molecule. PostgreSQL twin of ../schema/products.ts drugAliases. */
export const drugAliases = pgTable(
  'drug_aliases',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull().references(() => regions.id),
    stem: text('stem').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['original', 'brand', 'alias'] }).notNull(),
    maker: text('maker'),
    form: text('form'),
    listedAt: text('listed_at').notNull(),
    removedAt: text('removed_at'),
    versionId: integer('version_id').references(() => catalogVersions.id),
  },
  (t) => [uniqueIndex('drug_aliases_region_stem_name').on(t.regionId, t.stem, t.name)],
);
