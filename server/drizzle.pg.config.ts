import { defineConfig } from 'drizzle-kit';

// the PostgreSQL twin of drizzle.config.ts (SQLite): `pnpm db:generate:pg` writes drizzle-pg/,
// which openDb (src/db/client.ts) applies to a postgres:// DATABASE_URL
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema-pg/index.ts',
  out: './drizzle-pg',
});
