import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { DrugSearchResponse, HealthResponse } from '@yaojia/shared';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { publishFile } from '../src/ingest/index.js';
import { openSearch } from '../src/search/open.js';
import type { SearchService } from '../src/search/service.js';
import { FIXTURES, meiliFromEnv, publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';
import { until } from './until.js';

// Issue 13, finding 6: a publish whose reindex failed left the API saying `search: ok` and answering
// `total: 0, degraded: false` for the new product until someone reindexed by hand. The index records which
// data version it holds; the API compares, says `stale`, answers from the database, and rebuilds by itself.
let t: TempDb;
let api: SearchService;
let app: App;
const prefix = () => `stale${process.pid}_${Math.random().toString(36).slice(2, 7)}_`;

async function start(staleRetryMs: number, indexPrefix: string) {
  const meili = meiliFromEnv();
  const config = loadConfig({ DATABASE_URL: t.url, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey });
  api = openSearch(config, t.db, { indexPrefix, staleRetryMs });
  await api.reindexAll();
  app = await buildApp({ config, db: t.db, search: api });
}
beforeEach(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
});
afterEach(async () => {
  await app?.close();
  await api?.dropIndex();
  await api?.close();
  await t?.cleanup();
});

const health = async () => (await app.inject({ method: 'GET', url: '/health' })).json<HealthResponse>();
const search = async (q: string) => (await app.inject({ method: 'GET', url: `/api/v1/drugs/search?q=${encodeURIComponent(q)}&region=shanxi` })).json<DrugSearchResponse>();
// catalog v2 adds 酒石酸美托洛尔片 (and delists 盐酸西替利嗪片)
const publishV2 = async () => {
  const r = await publishFile(t.db, { kind: 'catalog', region: 'shanxi', file: join(FIXTURES, 'catalog-v2.csv'), publisher: 'test' });
  expect(r.status).toBe('published');
};

it('after a publish that was not reindexed: /health says stale, search answers the new product from the database, and the index is rebuilt by itself', async () => {
  await start(300, prefix());
  expect((await health()).search).toBe('ok');
  expect((await search('美托洛尔')).items).toEqual([]);
  expect((await search('meituoluoer')).items).toEqual([]);

  await publishV2(); // …and its reindex "failed": nobody rebuilds the index
  expect(await health()).toMatchObject({ status: 'degraded', search: 'stale' });
  // a query that needs Meilisearch (pinyin) is answered from the database meanwhile, and says so
  const meanwhile = await search('meituoluoer');
  expect(meanwhile.degraded).toBe(true);
  expect(meanwhile.items[0]?.genericName).toBe('酒石酸美托洛尔片');
  expect((await search('xitiliqin')).items.map((g) => g.genericName)).not.toContain('盐酸西替利嗪片');
  // a name or part of one is answered from the keys in memory, which follow the database at once
  const named = await search('美托洛尔');
  expect(named.degraded).toBe(false);
  expect(named.items[0]?.genericName).toBe('酒石酸美托洛尔片');
  expect((await search('西替利嗪')).items.map((g) => g.genericName)).not.toContain('盐酸西替利嗪片');

  expect(await until(async () => (await health()).search, (s) => s === 'ok', 30_000)).toBe('ok');
  const after = await search('meituoluoer');
  expect(after.degraded).toBe(false);
  expect(after.items[0]?.genericName).toBe('酒石酸美托洛尔片');
});

it('another process’s reindex (the publisher’s) is seen at once: the API does not rebuild it again', async () => {
  const indexPrefix = prefix();
  await start(3_600_000, indexPrefix);
  await publishV2();
  expect((await health()).search).toBe('stale');

  const meili = meiliFromEnv();
  const publisher = openSearch(loadConfig({ MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey }), t.db, { indexPrefix });
  try {
    await publisher.reindexAll();
  } finally {
    await publisher.close();
  }
  expect((await health()).search).toBe('ok');
  const found = await search('美托洛尔');
  expect(found).toMatchObject({ degraded: false });
  expect(found.items[0]?.genericName).toBe('酒石酸美托洛尔片');
});
