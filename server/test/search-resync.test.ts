import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { publishFile } from '../src/ingest/index.js';
import { freePort, startMeilisearch } from '../src/search/meili-process.js';
import { openSearch } from '../src/search/open.js';
import { loadConfig } from '../src/config.js';
import { FIXTURES, publishTaiyuanFixtures, tempDb, type TempDb } from './helper.js';

// Its own Meilisearch (not the shared one), because this test stops and restarts it.
const dataDir = mkdtempSync(join(tmpdir(), 'yaojia-resync-meili-'));
let t: TempDb;
beforeAll(async () => {
  t = await tempDb();
});
afterAll(async () => {
  await t?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

const waitFor = async (cond: () => Promise<boolean>, ms = 30_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out');
};

it('serves from the database while Meilisearch is down and resyncs what was published meanwhile when it is back', async () => {
  await publishTaiyuanFixtures(t.db);
  const port = await freePort();
  const warnings: string[] = [];
  let meili = await startMeilisearch({ dataDir, port });
  const search = openSearch(loadConfig({ MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey }), t.db, { recheckMs: 300, indexPrefix: 'resync_', logger: { info() {}, warn: (...a: unknown[]) => void warnings.push(JSON.stringify(a)) } });
  try {
    await search.reindexAll();
    expect((await search.searchDrugs('氨氯地平', { region: 'shanxi' })).degraded).toBe(false);

    await meili.stop();
    // keep the port while Meilisearch is down: another suite running beside this one could be handed it
    const hold = createServer((s) => s.destroy()).listen(port, '127.0.0.1');
    await once(hold, 'listening');
    // a query not asked before that needs Meilisearch (initials typed): answered from the database, degraded
    const during = await search.searchDrugs('bhsaldp', { region: 'shanxi' });
    expect(during.degraded).toBe(true);
    expect(during.items[0]?.genericName).toBe('苯磺酸氨氯地平片');
    expect(await search.health()).toBe('down');
    // a name or part of one is answered from the keys in memory, whether Meilisearch is up or not
    const named = await search.searchDrugs('苯磺酸氨氯地平', { region: 'shanxi' });
    expect(named.degraded).toBe(false);
    expect(named.items[0]?.genericName).toBe('苯磺酸氨氯地平片');

    // a publish while search is down: catalog v2 adds 酒石酸美托洛尔片 and delists 盐酸西替利嗪片
    const v2 = await publishFile(t.db, { kind: 'catalog', region: 'shanxi', file: join(FIXTURES, 'catalog-v2.csv'), publisher: 'test' });
    expect(v2.status).toBe('published');

    await new Promise((r) => hold.close(r));
    meili = await startMeilisearch({ dataDir, port });
    await waitFor(async () => (await search.health()) === 'ok');
    // pinyin goes to Meilisearch: the resynced index holds the new product and not the delisted one
    const added = await search.searchDrugs('meituoluoer', { region: 'shanxi' });
    expect(added.degraded, `answered from the database; the service logged: ${warnings.join(' | ')}`).toBe(false);
    expect(added.items[0]?.genericName).toBe('酒石酸美托洛尔片');
    const removed = await search.searchDrugs('xitiliqin', { region: 'shanxi' });
    expect(removed.degraded).toBe(false);
    expect(removed.items.map((g) => g.genericName)).not.toContain('盐酸西替利嗪片');
    expect((await search.searchDrugs('西替利嗪', { region: 'shanxi' })).items.map((g) => g.genericName)).not.toContain('盐酸西替利嗪片');
  } finally {
    await search.close();
    await meili.stop();
  }
});
