import { integer, index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { catalogVersions } from './regions.js';
import { institutions } from './institutions.js';
import { products } from './products.js';

/** Institution × product: the current selling price (a price is an observation: observedAt ≠ recordedAt). */
export const offers = sqliteTable(
  'offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    institutionId: integer('institution_id').notNull().references(() => institutions.id),
    productId: integer('product_id').notNull().references(() => products.id),
    sellingPriceFen: integer('selling_price_fen').notNull(),
    onlinePriceFen: integer('online_price_fen'),
    stockState: text('stock_state').notNull().default('unknown'),
    stockCount: integer('stock_count'),
    /** 更新时间 in the file: when the price was observed */
    observedAt: text('observed_at').notNull(),
    recordedAt: text('recorded_at').notNull(),
    /** bureau file version, pharmacy edit, … */
    source: text('source').notNull(),
    versionId: integer('version_id').references(() => catalogVersions.id),
  },
  (t) => [
    uniqueIndex('offers_institution_product').on(t.institutionId, t.productId),
    // covers the nearby query's candidate scan (repositories/offers.ts findOffers): a popular product's
    // thousands of offers are read from the index alone, without a table lookup each. PostgreSQL's twin has
    // INCLUDE (id); here nothing to add: every SQLite index entry ends with the rowid, and id is the rowid
    index('offers_product_nearby').on(t.productId, t.institutionId, t.sellingPriceFen, t.stockState),
  ],
);

/** Every price an offer has had, never overwritten. */
export const priceHistory = sqliteTable(
  'price_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    institutionId: integer('institution_id').notNull().references(() => institutions.id),
    productId: integer('product_id').notNull().references(() => products.id),
    sellingPriceFen: integer('selling_price_fen').notNull(),
    onlinePriceFen: integer('online_price_fen'),
    observedAt: text('observed_at').notNull(),
    recordedAt: text('recorded_at').notNull(),
    source: text('source').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('price_history_offer').on(t.institutionId, t.productId, t.observedAt)],
);
