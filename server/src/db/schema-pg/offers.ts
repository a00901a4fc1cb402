import { index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Institution × product: the current selling price. PostgreSQL twin of ../schema/offers.ts.
 *
 * No foreign keys on offers and price_history here (SQLite keeps them), issue 17 §3: PostgreSQL checks a
 * foreign key per inserted row with a trigger, and those checks were ≈ 45 % of a 2 M-row prices publish
 * (write phase 153.6 s with them, 82.5 s without; medium after the staged write 22.0 s vs 7.3 s). Every
 * writer takes the ids from the referenced rows inside its own transaction (the publish from the region's
 * live institutions and products, a pharmacy from its token and a product lookup), nothing deletes an
 * institution, a product or a catalog version (they are marked removed), and the prices publish checks its
 * staged rows against institutions and products once, set-based, before it writes (ingest/apply.ts).
 */
export const offers = pgTable(
  'offers',
  {
    id: serial('id').primaryKey(),
    institutionId: integer('institution_id').notNull(),
    productId: integer('product_id').notNull(),
    sellingPriceFen: integer('selling_price_fen').notNull(),
    onlinePriceFen: integer('online_price_fen'),
    stockState: text('stock_state').notNull().default('unknown'),
    stockCount: integer('stock_count'),
    /** 更新时间 in the file: when the price was observed */
    observedAt: text('observed_at').notNull(),
    recordedAt: text('recorded_at').notNull(),
    /** bureau file version, pharmacy edit, … */
    source: text('source').notNull(),
    versionId: integer('version_id'),
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
    institutionId: integer('institution_id').notNull(),
    productId: integer('product_id').notNull(),
    sellingPriceFen: integer('selling_price_fen').notNull(),
    onlinePriceFen: integer('online_price_fen'),
    observedAt: text('observed_at').notNull(),
    recordedAt: text('recorded_at').notNull(),
    source: text('source').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('price_history_offer').on(t.institutionId, t.productId, t.observedAt)],
);
