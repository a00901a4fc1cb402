import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { isPostgresUrl } from '../config.js';
import * as schema from './schema/index.js';
import { DataVersionListener } from './pg-notify.js';
import { type Db, pgDb, sqliteDb } from './sql.js';

export type { Db, Dialect, Param } from './sql.js';
export { copyText, idsParam, inIds } from './sql.js';
export { schema };

const SERVER = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SQLITE_MIGRATIONS = join(SERVER, 'drizzle');
const PG_MIGRATIONS = join(SERVER, 'drizzle-pg');

export { isPostgresUrl };

/**
 * Opens the database named by DATABASE_URL and applies the committed migrations of its dialect:
 * a file path (or :memory:) is SQLite, `postgres://…` is PostgreSQL.
 */
export async function openDb(url: string, opts: { poolSize?: number } = {}): Promise<Db> {
  return isPostgresUrl(url) ? openPg(url, opts.poolSize ?? 10) : openSqlite(url);
}

export function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  migrateSqlite(drizzleSqlite(sqlite, { schema }), { migrationsFolder: SQLITE_MIGRATIONS });
  return sqliteDb(sqlite);
}

// counts and sums come back as int8 and numeric; every one of ours fits a JS number (fen, row counts)
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format);
  },
};

async function openPg(url: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: types as pg.CustomTypesConfig });
  // an idle connection that dies (server restart, pg_terminate_backend, DROP DATABASE … FORCE racing
  // close(): pool.end() does not wait for the sockets) is already dropped from the pool, which then
  // emits 'error'; without a listener that would throw and end the process. The next query connects anew.
  pool.on('error', () => {});
  try {
    // several API processes may start at once: one migrates, the others wait on the lock
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(7240731)');
      await migratePg(drizzlePg(client), { migrationsFolder: PG_MIGRATIONS });
      await client.query('SELECT pg_advisory_unlock(7240731)');
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end();
    throw e;
  }
  // one LISTEN connection besides the pool, opened by the first dataVersion() call (the API's caches;
  // a CLI run that never asks opens none)
  return pgDb(pool, new DataVersionListener({ client: { connectionString: url } }));
}
