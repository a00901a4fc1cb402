import { integer, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { institutions } from './institutions.js';
import { products } from './products.js';

/** A citizen's report of a problem (price differs, out of stock, 搭售, refused). Never stores location. */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** the confirmation number the citizen keeps */
    reference: text('reference').notNull().unique(),
    institutionId: integer('institution_id').notNull().references(() => institutions.id),
    productId: integer('product_id').references(() => products.id),
    kind: text('kind').notNull(),
    observedPriceFen: integer('observed_price_fen'),
    note: text('note'),
    contact: text('contact'),
    status: text('status').notNull().default('open'),
    resolution: text('resolution'),
    resolutionNote: text('resolution_note'),
    /** what the citizen who holds the reference may read of the bureau's finding (resolution_note stays internal) */
    publicNote: text('public_note'),
    createdAt: text('created_at').notNull(),
    resolvedAt: text('resolved_at'),
  },
  (t) => [index('reports_institution').on(t.institutionId)],
);

/** Bearer tokens for pharmacies and admins, stored as sha256 only. */
export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull().unique(),
  role: text('role').notNull(),
  institutionId: integer('institution_id').references(() => institutions.id),
  label: text('label'),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at'),
  revokedAt: text('revoked_at'),
});

/** Append-only log of every admin action. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target'),
  detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
});

/**
 * A photo of a price tag or receipt (a citizen's report) or of shortage evidence (a pharmacy's report):
 * the server's own re-encoding (no EXIF, no location) stored under UPLOAD_DIR by a random file name.
 */
export const photos = sqliteTable(
  'photos',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 'report' | 'shortage' */
    ownerKind: text('owner_kind').notNull(),
    ownerId: integer('owner_id').notNull(),
    file: text('file').notNull().unique(),
    contentType: text('content_type').notNull(),
    bytes: integer('bytes').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('photos_owner').on(t.ownerKind, t.ownerId)],
);
