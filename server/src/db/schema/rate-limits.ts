import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Rate-limit counters, in the database so that N API processes behind a load balancer share them
 * (plugins/rate-limit-store.ts). One row per route and client key; a row's window restarts when it expires.
 */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStartMs: integer('window_start_ms').notNull(),
});
