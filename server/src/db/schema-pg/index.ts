/**
 * The PostgreSQL schema, a twin of ../schema (SQLite) chosen so the SAME raw SQL runs on both dialects:
 *   integer → integer; real → double precision; text → text;
 *   integer { mode: 'boolean' } → integer 0/1 (queries compare with = 1);
 *   text { mode: 'json' } → text holding JSON; timestamps → ISO-8601 text;
 *   integer primaryKey autoIncrement → serial; rate_limits.window_start_ms (epoch ms) → bigint.
 * drizzle-kit generates drizzle-pg/ from it (`pnpm db:generate:pg`); test/schema-parity.test.ts keeps
 * the two in step.
 */
export * from './regions.js';
export * from './products.js';
export * from './institutions.js';
export * from './offers.js';
export * from './reports.js';
export * from './supply.js';
export * from './bureau.js';
export * from './rate-limits.js';
export * from './open-data.js';
export * from './alerts.js';
