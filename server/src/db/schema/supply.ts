import { integer, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { institutions } from './institutions.js';
import { products } from './products.js';
import { regions } from './regions.js';

/**
 * A 三进 application (宁夏 附件1 申请表 + 附件2 承诺书): who applied, what they committed to, and the
 * membership term. 承诺书 五: 参加集采药品“三进”行动的时间不少于一年 — so endsAt ≥ startsAt + 1 year.
 */
export const memberships = sqliteTable(
  'memberships',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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

/**
 * A shortage of a 集采 product reported by an institution (晋医保发〔2026〕13号: 因不可抗力因素无法供货的…
 * 应及时…书面报送有关情况，同时提供相关佐证材料). resolvedAt set when supply is back.
 */
export const shortages = sqliteTable(
  'shortages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    regionId: integer('region_id').notNull().references(() => regions.id),
    institutionId: integer('institution_id').notNull().references(() => institutions.id),
    productId: integer('product_id').notNull().references(() => products.id),
    /** the date the institution has been unable to get the product */
    since: text('since').notNull(),
    /** 佐证材料: what the institution says happened (order numbers, distributor's reply…) */
    evidence: text('evidence').notNull(),
    reportedAt: text('reported_at').notNull(),
    /** who recorded it: pharmacy token label, or the admin */
    reportedBy: text('reported_by').notNull(),
    resolvedAt: text('resolved_at'),
    resolutionNote: text('resolution_note'),
  },
  (t) => [index('shortages_region_product').on(t.regionId, t.productId), index('shortages_institution').on(t.institutionId)],
);

/**
 * A distributor's delivery against an institution's order (沈阳: 在医药机构订单下达的72小时内及时足量供应配送).
 * deliveredAt null = not yet delivered.
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
