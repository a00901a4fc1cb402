import { bigint, pgTable, integer, text } from 'drizzle-orm/pg-core';

/** Rate-limit counters shared by N API processes. PostgreSQL twin of ../schema/rate-limits.ts. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  /** epoch milliseconds: past int4's range, so bigint (read back as a JS number by client.ts's INT8 parser) */
  windowStartMs: bigint('window_start_ms', { mode: 'number' }).notNull(),
});
