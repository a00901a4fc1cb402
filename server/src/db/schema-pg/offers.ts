import { index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { catalogVersions } from './regions.js';
import { institutions } from './institutions.js';
import { products } from './products.js';

/** Institution × product: the current selling price. PostgreSQL twin of ../schema/offers.ts. */
export const offers = pgTable(
  'offers',
  {
    id: serial('id').primaryKey(),
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
    // covers the nearby query's candidate scan (repositories/offers.ts findOffers); migration 0009 rebuilds it
    // with INCLUDE (id) (drizzle has no INCLUDE), so the scan is index-only: o.id without a heap visit
    index('offers_product_nearby').on(t.productId, t.institutionId, t.sellingPriceFen, t.stockState),
  ],
);

/** Every price an offer has had, never overwritten. */
export const priceHistory = pgTable(
  'price_history',
  {
    id: serial('id').primaryKey(),
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
