import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Db, openDb } from '../src/db/client.js';
import { publishFile } from '../src/ingest/index.js';
import type { DrugSearch } from '../src/plugins/search.js';
import { SearchService } from '../src/search/service.js';

export const FIXTURES = resolve(import.meta.dirname, '../../tests/fixtures');

/** A fresh migrated SQLite file in a temp dir. */
export function tempDb(): { db: Db; dir: string; file: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'yaojia-test-'));
  const file = join(dir, 'yaojia.sqlite');
  const db = openDb(file);
  return {
    db,
    dir,
    file,
    cleanup() {
      try {
        db.$client.close();
      } catch {
        /* already closed */
      }
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

export interface TestApp {
  app: App;
  db: Db;
  search: SearchService;
  close(): Promise<void>;
}

/**
 * buildApp() on a fresh migrated temporary database with the fixtures published and indexed into the
 * real Meilisearch under a unique index prefix. `meiliUrl` overrides the search engine's address
 * (e.g. a closed port to exercise the fallback).
 */
export async function buildTestApp(opts: { meiliUrl?: string; publish?: boolean; search?: DrugSearch } = {}): Promise<TestApp> {
  const t = tempDb();
  if (opts.publish !== false) await publishTaiyuanFixtures(t.db);
  const meili = meiliFromEnv();
  const indexPrefix = `t${process.pid}_${Math.random().toString(36).slice(2, 8)}_`;
  const search = new SearchService({ db: t.db, meiliUrl: opts.meiliUrl ?? meili.url, meiliKey: meili.masterKey, indexPrefix });
  if (!opts.meiliUrl) await search.reindexAll();
  const config = loadConfig({ DATABASE_URL: t.file, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey });
  const app = await buildApp({ config, db: t.db, search: opts.search ?? search });
  await app.ready();
  return {
    app,
    db: t.db,
    search,
    async close() {
      await app.close();
      if (!opts.meiliUrl) await search.dropIndex().catch(() => {});
      await search.close();
      t.cleanup();
    },
  };
}
