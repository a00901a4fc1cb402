import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { publishFile } from '../src/ingest/index.js';
import { freePort, type MeiliProcess, startMeilisearch } from '../src/search/meili-process.js';
import { openSearch } from '../src/search/open.js';
import { FIXTURES, publishTaiyuanFixtures, tempDb, type TempDb } from './helper.js';
import { until } from './until.js';

// Issue 13, faults: Meilisearch killed with SIGKILL in the middle of a reindex (on SQLite and, in the pg
// project, PostgreSQL). The index it comes back with is the old version or the new one, whole, never a
// mix; the service sees which (the index records its data version) and brings it up to date by itself.
// Its own Meilisearch (not the shared one), because it is killed.
const dataDir = mkdtempSync(join(tmpdir(), 'yaojia-kill-meili-'));
let t: TempDb;
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
  // enough products that a reindex takes a while: the kill lands while it is building
  const region = (await t.db.get<{ id: number }>("SELECT id FROM regions WHERE slug = 'shanxi'"))!.id;
  const now = new Date().toISOString();
  await t.db.transaction(async (tx) => {
    for (let i = 0; i < 3000; i++) {
      await tx.run(
        `INSERT INTO products (region_id, code, generic_name, product_name, dosage_form, spec, conversion_ratio, min_unit, pack_unit, maker, winning_price_fen, recommended, special, listed_at)
         VALUES (?, ?, ?, ?, '片剂', '10mg', 28, '片', '盒', '某中选药业', 1000, 0, 0, ?)`,
        [region, `XKILL${String(i).padStart(6, '0')}`, `压测药${i}片`, `压测药${i}片`, now],
      );
    }
  });
});
afterAll(async () => {
  await t?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

it('SIGKILL mid-reindex: the index is the old version or the new one, whole, and the service brings it up to date', async () => {
  const port = await freePort();
  let meili: MeiliProcess = await startMeilisearch({ dataDir, port });
  const config = loadConfig({ MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey });
  const search = openSearch(config, t.db, { indexPrefix: 'kill_', recheckMs: 200, staleRetryMs: 300 });
  const names = async () => {
    const res = await fetch(`${meili.url}/indexes/kill_products/documents?limit=10000&fields=genericName`, { headers: { authorization: `Bearer ${meili.masterKey}` } });
    return new Set(((await res.json()) as { results: { genericName: string }[] }).results.map((d) => d.genericName));
  };
  try {
    await search.reindexAll();
    const v1 = await names();
    expect(v1.has('盐酸西替利嗪片')).toBe(true);

    // v2 adds 酒石酸美托洛尔片 and delists 盐酸西替利嗪片; its reindex is killed while it builds
    expect((await publishFile(t.db, { kind: 'catalog', region: 'shanxi', file: join(FIXTURES, 'catalog-v2.csv'), publisher: 'test' })).status).toBe('published');
    const reindex = search.reindexAll().then(
      () => 'finished',
      () => 'failed',
    );
    await until(
      async () => ((await (await fetch(`${meili.url}/indexes`, { headers: { authorization: `Bearer ${meili.masterKey}` } })).json()) as { results: { uid: string }[] }).results.some((i) => i.uid.startsWith('kill_products_build_')),
      (building) => building,
      10_000,
    );
    process.kill(meili.pid, 'SIGKILL');
    expect(await reindex).toBe('failed');

    meili = await startMeilisearch({ dataDir, port });
    const after = await names();
    const isV1 = after.has('盐酸西替利嗪片') && !after.has('酒石酸美托洛尔片');
    const isV2 = after.has('酒石酸美托洛尔片') && !after.has('盐酸西替利嗪片');
    expect(isV1 || isV2, 'old or new version, whole').toBe(true);
    expect(after.size).toBe(v1.size); // v2 swaps one product for another: the same count, never both or neither

    // the service answers from the database until the index holds v2, then from Meilisearch again
    // (pinyin: a query that needs Meilisearch; a name is answered from the keys in memory throughout)
    const found = await until(() => search.searchDrugs('meituoluoer', { region: 'shanxi' }), (r) => !r.degraded, 30_000);
    expect(found.degraded).toBe(false);
    expect(found.items[0]?.genericName).toBe('酒石酸美托洛尔片');
    expect(await names()).not.toContain('盐酸西替利嗪片');
  } finally {
    await search.close();
    await meili.stop();
  }
});
