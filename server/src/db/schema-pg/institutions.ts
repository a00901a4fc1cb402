import { doublePrecision, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { catalogVersions, regions } from './regions.js';

/** PostgreSQL twin of ../schema/institutions.ts. */
export const institutions = pgTable(
  'institutions',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull().references(() => regions.id),
    /** 机构医保编码 */
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    /** 统一社会信用代码 */
    creditCode: text('credit_code'),
    address: text('address').notNull(),
    city: text('city'),
    district: text('district'),
    /** GCJ-02, what WeChat's location API returns */
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    phone: text('phone'),
    hours: text('hours'),
    /** 特药定点 (0/1) */
    specialDesignated: integer('special_designated').notNull().default(0),
    /** 承诺书: at_winning_price | markup_15 */
    commitment: text('commitment'),
    /** 量价比较指数 verdict (seed 001 七): 1 达标, 0 未达标, null 未评定 */
    priceIndexMet: integer('price_index_met'),
    legalRepresentative: text('legal_representative'),
    contactName: text('contact_name'),
    joinedAt: text('joined_at'),
    listedAt: text('listed_at').notNull(),
    removedAt: text('removed_at'),
    versionId: integer('version_id').references(() => catalogVersions.id),
  },
  (t) => [uniqueIndex('institutions_region_code').on(t.regionId, t.code), index('institutions_lat_lng').on(t.lat, t.lng)],
);

/** 集采便民药店 / 集采便民民营医院 badges; a removed badge keeps its row with removedAt. */
export const badges = pgTable(
  'badges',
  {
    id: serial('id').primaryKey(),
    institutionId: integer('institution_id').notNull().references(() => institutions.id),
    kind: text('kind').notNull(),
    grantedAt: text('granted_at').notNull(),
    removedAt: text('removed_at'),
    reason: text('reason'),
    /** who made the row's latest change (grant, or removal when removedAt is set): a bureau file or a command */
    origin: text('origin').notNull().default('command'),
  },
  (t) => [index('badges_institution').on(t.institutionId)],
);
