import { integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { regions } from './regions.js';

/** The number of 医保定点医药机构 in a region as the bureau states it on a date. PostgreSQL twin of ../schema/bureau.ts. */
export const designatedCounts = pgTable(
  'designated_counts',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull().references(() => regions.id),
    asOf: text('as_of').notNull(),
    count: integer('count').notNull(),
    source: text('source'),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [uniqueIndex('designated_counts_region_as_of').on(t.regionId, t.asOf)],
);
