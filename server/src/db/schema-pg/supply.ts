import { index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { institutions } from './institutions.js';
import { products } from './products.js';
import { regions } from './regions.js';

/** A 三进 application and its membership term. PostgreSQL twin of ../schema/supply.ts. */
export const memberships = pgTable(
  'memberships',
  {
    id: serial('id').primaryKey(),
    institutionId: integer('institution_id').notNull().references(() => institutions.id),
    /** 统一社会信用代码 as validated at application time */
    creditCode: text('credit_code').notNull(),
    legalRepresentative: text('legal_representative').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    /** at_winning_price | markup_15 */
    commitment: text('commitment').notNull(),
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('memberships_institution').on(t.institutionId)],
);

/** A shortage of a 集采 product reported by an institution; resolvedAt set when supply is back. */
export const shortages = pgTable(
  'shortages',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull().references(() => regions.id),
    institutionId: integer('institution_id').notNull().references(() => institutions.id),
    productId: integer('product_id').notNull().references(() => products.id),
    /** the date the institution has been unable to get the product */
    since: text('since').notNull(),
    /** 佐证材料 */
    evidence: text('evidence').notNull(),
    reportedAt: text('reported_at').notNull(),
    /** who recorded it: pharmacy token label, or the admin */
    reportedBy: text('reported_by').notNull(),
    resolvedAt: text('resolved_at'),
    resolutionNote: text('resolution_note'),
  },
  (t) => [index('shortages_region_product').on(t.regionId, t.productId), index('shortages_institution').on(t.institutionId)],
);

/** A distributor's delivery against an institution's order. deliveredAt null = not yet delivered. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull().references(() => regions.id),
    /** the order number as the distributor's record gives it; unique per distributor */
    orderNo: text('order_no').notNull(),
    distributor: text('distributor').notNull(),
    institutionId: integer('institution_id').references(() => institutions.id),
    productId: integer('product_id').references(() => products.id),
    orderedQty: integer('ordered_qty'),
    deliveredQty: integer('delivered_qty'),
    orderedAt: text('ordered_at').notNull(),
    deliveredAt: text('delivered_at'),
    source: text('source').notNull(),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [index('deliveries_region_distributor').on(t.regionId, t.distributor), index('deliveries_order').on(t.distributor, t.orderNo)],
);
