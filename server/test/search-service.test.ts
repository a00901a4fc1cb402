import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Db, openDb } from '../src/db/client.js';
import type { SearchService } from '../src/search/service.js';
import { openSearch } from '../src/search/open.js';
import { loadConfig } from '../src/config.js';
import { freePort } from '../src/search/meili-process.js';
import { demoProducts, seedCatalog } from '../../tests/search-eval/harness.js';
import { onPostgres, tempDb, type TempDb } from './helper.js';
import { until } from './until.js';

describe('SearchService', () => {
  const { url, masterKey } = inject('meili');
  let t: TempDb;
  let db: Db;
  let svc: SearchService;
  beforeAll(async () => {
    t = await tempDb();
    db = t.db;
    await seedCatalog(db, demoProducts());
    svc = openSearch(loadConfig({ MEILI_URL: url, MEILI_MASTER_KEY: masterKey }), db, { indexPrefix: `t_svc_${process.pid}_` });
  });
  afterAll(async () => {
    await svc?.dropIndex();
    await svc?.close();
    await t?.cleanup();
  });

  it('groups by 通用名 with yuan prices and narrows by strength', async () => {
    const r = await svc.searchDrugs('二甲双胍 0.25g', { region: 'shanxi' });
    expect(r.degraded).toBe(false);
    expect(r.items[0]!.genericName).toBe('盐酸二甲双胍片');
    expect(r.items[0]!.products.every((p) => p.spec === '0.25g')).toBe(true);
    expect(r.items[0]!.products[0]!.winningPrice).toMatch(/^\d+\.\d{2}$/);
  });
  it("takes a maker's short name off the name: that maker's group first, only its products (issue 17 §1)", async () => {
    // 氨氯 is the start of three 通用名s; 石药 (石药集团欧意药业) makes only 马来酸左旋氨氯地平片 of them
    const plain = await svc.searchDrugs('氨氯', { region: 'shanxi' });
    expect(plain.items[0]!.genericName).not.toBe('马来酸左旋氨氯地平片');
    for (const q of ['氨氯石药', '氨氯 石药', '石药 氨氯']) {
      const r = await svc.searchDrugs(q, { region: 'shanxi' });
      expect(r.items[0]!.genericName, q).toBe('马来酸左旋氨氯地平片');
      expect(r.items.map((g) => g.genericName), q).toEqual(expect.arrayContaining(plain.items.map((g) => g.genericName)));
    }
    // a group two makers sell: only the named maker's products, with a strength too
    const both = await svc.searchDrugs('苯磺酸氨氯地平片', { region: 'shanxi' });
    expect(new Set(both.items[0]!.products.map((p) => p.maker)).size).toBeGreaterThan(1);
    const r = await svc.searchDrugs('氨氯地平 5mg 华海', { region: 'shanxi' });
    expect(r.items[0]!.genericName).toBe('苯磺酸氨氯地平片');
    expect(r.items[0]!.products.length).toBeGreaterThan(0);
    expect(r.items[0]!.products.every((p) => p.maker === '浙江华海药业股份有限公司' && p.spec.startsWith('5mg'))).toBe(true);
    expect((await svc.suggest('氨氯石药', { region: 'shanxi' })).items[0]!.genericName).toBe('马来酸左旋氨氯地平片');
    // a maker alone is no drug
    expect((await svc.searchDrugs('石药', { region: 'shanxi' })).items).toEqual([]);
  });
  it('filters by region', async () => {
    expect((await svc.searchDrugs('氨氯地平', { region: 'jiangxi' })).items).toEqual([]);
  });
  it('suggests brands with their 通用名', async () => {
    const s = await svc.suggest('络活喜', { region: 'shanxi' });
    expect(s.items[0]).toEqual({ genericName: '苯磺酸氨氯地平片', label: '络活喜（苯磺酸氨氯地平片）' });
    expect(s.items.length).toBeLessThanOrEqual(10);
  });
  it('finds nothing for a made-up name, in search and in suggest (issue 5 precision)', async () => {
    for (const q of ['不存在的药品名', '片', '青霉素', '盐酸', '盐酸 京新']) {
      expect((await svc.searchDrugs(q, { region: 'shanxi' })).items, q).toEqual([]);
      expect((await svc.suggest(q, { region: 'shanxi' })).items, q).toEqual([]);
    }
  });
  it('keeps recent answers (least recently used out) until the database changes, and a repeated search runs no SQL', async () => {
    let queries = 0;
    // counts the statements the service runs (dataVersion() is not one: SQLite pragmas / PostgreSQL listener)
    const counted = new Proxy(db, {
      get(target, prop) {
        const v = Reflect.get(target, prop) as unknown;
        if (typeof v !== 'function') return v;
        if (prop === 'all' || prop === 'get' || prop === 'run' || prop === 'column') {
          return (...a: unknown[]) => {
            queries++;
            return (v as (...x: unknown[]) => unknown).apply(target, a);
          };
        }
        return (v as (...x: unknown[]) => unknown).bind(target);
      },
    });
    const small = openSearch(loadConfig({ MEILI_URL: url, MEILI_MASTER_KEY: masterKey }), counted, { indexPrefix: `t_svc_${process.pid}_`, cacheSize: 2 });
    // pinyin typed: answered from Meilisearch's candidates, and kept (a name is answered from the keys in
    // memory, which costs less than a cache place: not kept)
    expect((await small.searchDrugs('阿托伐他汀', { region: 'shanxi' })).items[0]!.genericName).toBe('阿托伐他汀钙片');
    expect(small.cachedAnswers).toBe(0);
    const first = await small.searchDrugs('atuofatating', { region: 'shanxi' });
    expect(first.items[0]!.genericName).toBe('阿托伐他汀钙片');
    expect(small.cachedAnswers).toBe(1);
    // on PostgreSQL too: no fingerprint aggregate before each answer while the version stands still
    // (a notification from an earlier test's write may still move it once: poll until two in a row are free)
    for (let i = 0; i < 50; i++) {
      queries = 0;
      expect(await small.searchDrugs('atuofatating', { region: 'shanxi' })).toEqual(first);
      if (queries === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(queries).toBe(0);
    await small.searchDrugs('erjiashuanggua', { region: 'shanxi' });
    await small.searchDrugs('anlvdiping', { region: 'shanxi' });
    expect(small.cachedAnswers).toBe(2);
    // this process's own write moves the version at once (SQLite total_changes(); PostgreSQL local bump)
    await db.run('UPDATE products SET winning_price_fen = winning_price_fen + 1 WHERE id = 1');
    const after = await small.searchDrugs('anlvdiping', { region: 'shanxi' });
    expect(small.cachedAnswers).toBe(1);
    expect(after.items[0]!.genericName).toBe('苯磺酸氨氯地平片');
    await db.run('UPDATE products SET winning_price_fen = winning_price_fen - 1 WHERE id = 1');
    await small.close();
  });
  it.runIf(onPostgres)('PostgreSQL: another process’s price change reaches the cached answer through NOTIFY', async () => {
    const other = await openDb(t.url); // its own pool and listener, like another API process or the CLI
    const svc2 = openSearch(loadConfig({ MEILI_URL: url, MEILI_MASTER_KEY: masterKey }), db, { indexPrefix: `t_svc_${process.pid}_`, cacheSize: 2 });
    const price = async (code: string) =>
      Math.round(Number((await svc2.searchDrugs('anlvdiping', { region: 'shanxi' })).items[0]!.products.find((p) => p.code === code)!.winningPrice) * 100);
    try {
      expect(await db.dataVersion()).toMatch(/^pg:\d+:\d+$/);
      const before = (await svc2.searchDrugs('anlvdiping', { region: 'shanxi' })).items[0]!.products[0]!;
      const fen = Math.round(Number(before.winningPrice) * 100);
      expect(svc2.cachedAnswers).toBe(1);
      await other.run('UPDATE products SET winning_price_fen = winning_price_fen - 1 WHERE code = ?', [before.code]);
      expect(await until(() => price(before.code), (p) => p === fen - 1)).toBe(fen - 1);
      expect(svc2.cachedAnswers).toBe(1); // answering again from the cache, emptied once by the change
      await other.run('UPDATE products SET winning_price_fen = winning_price_fen + 1 WHERE code = ?', [before.code]);
      expect(await until(() => price(before.code), (p) => p === fen)).toBe(fen);
    } finally {
      await svc2.close();
      await other.close();
    }
  });
  it('a product another process lists shows up at once: from the database while the index is behind, from Meilisearch after that process reindexed', async () => {
    const prefix = `t_ttl_${process.pid}_`;
    const api = openSearch(loadConfig({ MEILI_URL: url, MEILI_MASTER_KEY: masterKey }), db, { indexPrefix: prefix, staleRetryMs: 3_600_000 });
    const cli = openSearch(loadConfig({ MEILI_URL: url, MEILI_MASTER_KEY: masterKey }), db, { indexPrefix: prefix }); // the publishing CLI
    // pinyin typed: a query that needs Meilisearch's candidates (a name is answered from the keys in memory)
    const ask = () => api.searchDrugs('azifuding', { region: 'shanxi' });
    try {
      expect((await ask()).items.map((g) => g.genericName)).not.toContain('阿兹夫定片');
      // the CLI's publish commits a new product; until its reindex ends the index is behind (issue 13,
      // finding 6: it used to answer from the old index, without the product, and say nothing)
      await seedCatalog(db, [
        { code: 'TTL0001', genericName: '阿兹夫定片', dosageForm: '片剂', spec: '1mg', conversionRatio: 35, minUnit: '片', packUnit: '瓶',
          maker: '河南真实生物科技有限公司', winningPrice: '9.90', brandName: null, therapeuticArea: null },
      ]);
      const meanwhile = await ask();
      expect(meanwhile.degraded).toBe(true);
      expect(meanwhile.items[0]?.genericName).toBe('阿兹夫定片');
      expect(await api.health()).toBe('stale');
      expect(api.cachedAnswers).toBe(0); // an answer from the database while the index is behind is not kept
      const named = await api.searchDrugs('阿兹夫定', { region: 'shanxi' });
      expect(named.degraded, 'a name is answered from the keys, which follow the database').toBe(false);
      expect(named.items[0]?.genericName).toBe('阿兹夫定片');
      await cli.reindexAll();
      const after = await until(ask, (r) => !r.degraded, 5000);
      expect(after.degraded).toBe(false);
      expect(after.items[0]?.genericName).toBe('阿兹夫定片');
    } finally {
      await cli.dropIndex();
      await Promise.all([api.close(), cli.close()]);
      await db.run('DELETE FROM products WHERE code = ?', ['TTL0001']);
    }
  });
  it('answers from the database, degraded, when Meilisearch is unreachable', async () => {
    const down = openSearch(loadConfig({ MEILI_URL: `http://127.0.0.1:${await freePort()}`, MEILI_MASTER_KEY: 'x'.repeat(16) }), db, { indexPrefix: 't_down_' });
    const r = await down.searchDrugs('aldp', { region: 'shanxi' });
    expect(r.degraded).toBe(true);
    expect(r.items[0]!.genericName).toBe('苯磺酸氨氯地平片');
    // a maker's short name narrows the fallback's answer the same way
    expect((await down.searchDrugs('氨氯石药', { region: 'shanxi' })).items[0]!.genericName).toBe('马来酸左旋氨氯地平片');
    expect(await down.health()).toBe('down');
    await down.close();
  });
});
