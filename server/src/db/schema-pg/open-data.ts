import { index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { regions } from './regions.js';

/** The open datasets written at each publish. PostgreSQL twin of ../schema/open-data.ts. */
export const openDatasets = pgTable(
  'open_datasets',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id').notNull().references(() => regions.id),
    version: integer('version').notNull(),
    kind: text('kind', { enum: ['catalog', 'institutions', 'prices'] }).notNull(),
    format: text('format', { enum: ['csv', 'jsonl'] }).notNull(),
    path: text('path').notNull(),
    rowCount: integer('row_count').notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    publishedAt: text('published_at').notNull(),
  },
  (t) => [
    uniqueIndex('open_datasets_file').on(t.regionId, t.version, t.kind, t.format),
    index('open_datasets_published').on(t.publishedAt),
  ],
);
