import { sql } from 'drizzle-orm';
import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';

// PostgreSQL twin of ../schema/regions.ts (see ./index.ts for the type mapping). Keep the two in step:
// test/schema-parity.test.ts fails when a table, column, nullability or index differs.

/**
 * ISO-8601 UTC text with milliseconds, what SQLite's `strftime('%Y-%m-%dT%H:%M:%fZ','now')` writes,
 * so timestamps compare as strings in both dialects.
 */
export const nowIso = sql`to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Province, city or city alliance (山西, 江西, 宁夏, 沈阳…), each with its policy settings. */
export const regions = pgTable('regions', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  level: text('level').notNull(),
  /** RegionPolicy overrides as JSON text (hotline, city markups…); defaults live in @yaojia/shared */
  policy: text('policy').notNull().default(sql`'{}'`),
  createdAt: text('created_at').notNull().default(nowIso),
});

/** One row per publish of a bureau file (or a rollback). */
export const catalogVersions = pgTable('catalog_versions', {
  id: serial('id').primaryKey(),
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

/** PostgreSQL twin of ../schema/regions.ts policyVersions. */
export const policyVersions = pgTable('policy_versions', {
  id: serial('id').primaryKey(),
  regionId: integer('region_id').notNull().references(() => regions.id),
  policy: text('policy').notNull(),
  summary: text('summary').notNull(),
  publisher: text('publisher').notNull(),
  publishedAt: text('published_at').notNull(),
  status: text('status', { enum: ['published', 'superseded', 'rolled_back'] }).notNull(),
  restoredFrom: integer('restored_from'),
});
