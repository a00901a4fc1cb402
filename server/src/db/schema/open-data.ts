import { integer, index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { regions } from './regions.js';

/**
 * The open datasets written at each publish (open-data/export.ts): one row per file, per region,
 * dataset version, kind (catalog, institutions, prices) and format (csv, jsonl). The file itself lives
 * under OPEN_DATA_DIR at `path`; old versions are pruned after OPEN_DATA_KEEP publishes.
 */
export const openDatasets = sqliteTable(
  'open_datasets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    regionId: integer('region_id').notNull().references(() => regions.id),
    /** counts the region's exports: 1, 2, 3… */
    version: integer('version').notNull(),
    kind: text('kind', { enum: ['catalog', 'institutions', 'prices'] }).notNull(),
    format: text('format', { enum: ['csv', 'jsonl'] }).notNull(),
    /** relative to OPEN_DATA_DIR, e.g. shanxi/v3/prices.csv.gz */
    path: text('path').notNull(),
    rowCount: integer('row_count').notNull(),
    bytes: integer('bytes').notNull(),
    /** of the file as downloaded (gzip) */
    sha256: text('sha256').notNull(),
    publishedAt: text('published_at').notNull(),
  },
  (t) => [
    uniqueIndex('open_datasets_file').on(t.regionId, t.version, t.kind, t.format),
    index('open_datasets_published').on(t.publishedAt),
  ],
);
