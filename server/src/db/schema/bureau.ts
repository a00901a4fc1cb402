import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { regions } from './regions.js';

/**
 * The number of 医保定点医药机构 in a region as the bureau states it on a date: the denominator of
 * 江西's coverage target (争取到2025年底…“三进”单位覆盖率达80%以上、2026年底达90%以上, seed 001 一).
 * We only hold the institutions bureaus list, so the denominator has to come from the bureau.
 */
export const designatedCounts = sqliteTable(
  'designated_counts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    regionId: integer('region_id').notNull().references(() => regions.id),
    asOf: text('as_of').notNull(),
    count: integer('count').notNull(),
    source: text('source'),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [uniqueIndex('designated_counts_region_as_of').on(t.regionId, t.asOf)],
);
