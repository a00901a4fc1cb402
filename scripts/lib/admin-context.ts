import { userInfo } from 'node:os';
import { type Config, loadConfig } from '@yaojia/server/config';
import { ConfigError } from '@yaojia/server/errors';
import { type Db, openDb } from '@yaojia/server/db/client';

/** Who did it, for catalog_versions.publisher and audit_log.actor: --publisher, else $USER. */
export function actor(publisher?: string): string {
  return publisher?.trim() || process.env.USER || userInfo().username || 'admin';
}

/** Config and an open, migrated database for one CLI run; always closed by `run`. */
export async function withDb<T>(fn: (db: Db, config: Config) => Promise<T> | T): Promise<T> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) throw new Error(`configuration: ${e.message}`);
    throw e;
  }
  const db = await openDb(config.databaseUrl);
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

/** Runs a command body; an exception prints one line and sets a non-zero exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      console.error(`✖ ${(e as Error).message}`);
      process.exitCode = 1;
    }
  };
}
