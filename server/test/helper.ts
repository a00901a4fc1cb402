import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Db, openDb } from '../src/db/client.js';
import { publishFile } from '../src/ingest/index.js';
import type { DrugSearch } from '../src/plugins/search.js';
import type { SearchService } from '../src/search/service.js';
import { openSearch } from '../src/search/open.js';
import { adminQuery, databaseUrlOf } from './postgres.js';

export const FIXTURES = resolve(import.meta.dirname, '../../tests/fixtures');

/** Which database the suite runs on: the `unit` project uses SQLite files, the `pg` project PostgreSQL. */
export const onPostgres = Boolean(process.env.TEST_PG_URL);

export interface TempDb {
  db: Db;
  /** a scratch directory for the test's files */
  dir: string;
  /** DATABASE_URL of this database: a SQLite file path, or postgres://… */
  url: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh migrated database: a SQLite file in a temp dir, or (TEST_PG_URL set by the global setup)
 * a PostgreSQL database cloned from the migrated template.
 */
export async function tempDb(): Promise<TempDb> {
  const dir = mkdtempSync(join(tmpdir(), 'yaojia-test-'));
  let url = join(dir, 'yaojia.sqlite');
  let dropPg: (() => Promise<void>) | null = null;
  if (process.env.TEST_PG_URL) {
    const admin = process.env.TEST_PG_URL;
    const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    await adminQuery(admin, `CREATE DATABASE ${name} TEMPLATE yaojia_template`);
    url = databaseUrlOf(admin, name);
    dropPg = () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const db = await openDb(url);
  return {
    db,
    dir,
    url,
    async cleanup() {
      await db.close().catch(() => {});
      await dropPg?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Publishes the 太原 fixture files (catalog, institutions, prices) through the real ingest. */
export async function publishTaiyuanFixtures(db: Db) {
  for (const [kind, file] of [
    ['catalog', 'catalog-good.csv'],
    ['institutions', 'institutions-bom.csv'],
    ['prices', 'prices-good.csv'],
  ] as const) {
    const r = await publishFile(db, { kind, region: 'shanxi', file: join(FIXTURES, file), publisher: 'test' });
    if (r.status !== 'published') throw new Error(`fixture ${file}: ${r.message}`);
  }
}

/** For tests that are not about search: needs no Meilisearch, and fails loudly if a test does search. */
export const noSearch: DrugSearch = {
  searchDrugs: async () => {
    throw new Error('search is not used by this test');
  },
  suggest: async () => {
    throw new Error('search is not used by this test');
  },
  health: async () => 'ok',
  close: async () => {},
};

/** The real Meilisearch started by server/test/global-setup.ts. */
export function meiliFromEnv(): { url: string; masterKey: string } {
  const url = process.env.MEILI_URL;
  const masterKey = process.env.MEILI_MASTER_KEY;
  if (!url || !masterKey) throw new Error('MEILI_URL/MEILI_MASTER_KEY not set: run through the root vitest config (global setup)');
  return { url, masterKey };
}

/**
 * buildApp() without search on a fresh migrated database that holds only the regions, for suites that
 * insert their own rows; cleanup closes the app too.
 */
export async function bareTestApp(): Promise<TempDb & { app: App }> {
  const { ensureRegions } = await import('../src/repositories/regions.js');
  const t = await tempDb();
  await ensureRegions(t.db);
  const app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url }), db: t.db, search: noSearch });
  await app.ready();
  return {
    ...t,
    app,
    async cleanup() {
      await app.close();
      await t.cleanup();
    },
  };
}

export interface TestApp {
  app: App;
  /** where this app keeps uploaded photos */
  uploadDir: string;
  db: Db;
  /** DATABASE_URL of the app's database */
  url: string;
  search: SearchService;
  close(): Promise<void>;
}

/**
 * buildApp() on a fresh migrated temporary database with the fixtures published and indexed into the
 * real Meilisearch under a unique index prefix. `meiliUrl` overrides the search engine's address
 * (e.g. a closed port to exercise the fallback).
 */
export async function buildTestApp(opts: { meiliUrl?: string; publish?: boolean; search?: DrugSearch } = {}): Promise<TestApp> {
  const t = await tempDb();
  if (opts.publish !== false) await publishTaiyuanFixtures(t.db);
  const meili = meiliFromEnv();
  const indexPrefix = `t${process.pid}_${Math.random().toString(36).slice(2, 8)}_`;
  const search = openSearch(loadConfig({ MEILI_URL: opts.meiliUrl ?? meili.url, MEILI_MASTER_KEY: meili.masterKey }), t.db, { indexPrefix });
  if (!opts.meiliUrl) await search.reindexAll();
  const config = loadConfig({ DATABASE_URL: t.url, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, UPLOAD_DIR: join(t.dir, 'uploads') });
  const app = await buildApp({ config, db: t.db, search: opts.search ?? search });
  await app.ready();
  return {
    app,
    uploadDir: config.uploadDir,
    db: t.db,
    url: t.url,
    search,
    async close() {
      await app.close();
      if (!opts.meiliUrl) await search.dropIndex().catch(() => {});
      await search.close();
      await t.cleanup();
    },
  };
}
