import { integer, index, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { catalogVersions, regions } from './regions.js';

export const institutions = sqliteTable(
  'institutions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    lat: real('lat').notNull(),
    lng: real('lng').notNull(),
    phone: text('phone'),
    hours: text('hours'),
    /** 特药定点 */
    specialDesignated: integer('special_designated', { mode: 'boolean' }).notNull().default(false),
    /** 承诺书: at_winning_price | markup_15 */
    commitment: text('commitment'),
    /**
     * 量价比较指数 verdict (seed 001 七: 总体价格水平不高于统筹区定点药店医保药品量价比较指数的药店，可按集采中选价格
     * 顺加不超15%销售): true 达标, false 未达标, null 未评定
     */
    priceIndexMet: integer('price_index_met', { mode: 'boolean' }),
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
export const badges = sqliteTable(
  'badges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    institutionId: integer('institution_id').notNull().references(() => institutions.id),
    kind: text('kind').notNull(),
    grantedAt: text('granted_at').notNull(),
    removedAt: text('removed_at'),
    reason: text('reason'),
    /** who made the row's latest change (grant, or removal when removedAt is set): a bureau file or a command */
    origin: text('origin', { enum: ['file', 'command'] }).notNull().default('command'),
  },
  (t) => [index('badges_institution').on(t.institutionId)],
);
