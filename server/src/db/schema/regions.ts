import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Province, city or city alliance (山西, 江西, 宁夏, 沈阳…), each with its policy settings. */
export const regions = sqliteTable('regions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  level: text('level').notNull(),
  /** RegionPolicy overrides as JSON (hotline, city markups…); defaults live in @yaojia/shared */
  policy: text('policy', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

/** One row per publish of a bureau file (or a rollback). */
export const catalogVersions = sqliteTable('catalog_versions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  regionId: integer('region_id').notNull().references(() => regions.id),
  kind: text('kind', { enum: ['catalog', 'institutions', 'prices', 'listed', 'aliases'] }).notNull(),
  fileName: text('file_name').notNull(),
  sha256: text('sha256').notNull(),
  rowCount: integer('row_count').notNull(),
  addedCount: integer('added_count').notNull().default(0),
  removedCount: integer('removed_count').notNull().default(0),
  changedCount: integer('changed_count').notNull().default(0),
  skippedCount: integer('skipped_count').notNull().default(0),
  publisher: text('publisher').notNull(),
  publishedAt: text('published_at').notNull(),
  status: text('status', { enum: ['published', 'superseded', 'rolled_back'] }).notNull(),
  /** for a rollback: the version whose content was restored */
  restoredFrom: integer('restored_from'),
  /** the normalised rows of this version (gzip JSON), so any version can be restored exactly */
  snapshot: text('snapshot').notNull(),
});

/**
 * One row per change of a region's policy overrides (regions.policy): `pnpm admin policy set` or a
 * rollback. The newest published row holds what regions.policy holds; any row can be restored.
 */
export const policyVersions = sqliteTable('policy_versions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  regionId: integer('region_id').notNull().references(() => regions.id),
  /** the whole overrides object after the change, JSON */
  policy: text('policy').notNull(),
  /** what changed, in words (e.g. "银川市 15% → 10%") */
  summary: text('summary').notNull(),
  publisher: text('publisher').notNull(),
  publishedAt: text('published_at').notNull(),
  status: text('status', { enum: ['published', 'superseded', 'rolled_back'] }).notNull(),
  /** for a rollback: the version whose content was restored */
  restoredFrom: integer('restored_from'),
});
