import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { SearchService } from '../src/search/service.js';
import { freePort } from '../src/search/meili-process.js';
import { demoProducts, seedCatalog } from '../../tests/search-eval/harness.js';
import { onPostgres, tempDb, type TempDb } from './helper.js';

describe('SearchService', () => {
  const { url, masterKey } = inject('meili');
  let t: TempDb;
  let db: Db;
  let svc: SearchService;
  beforeAll(async () => {
    t = await tempDb();
    db = t.db;
    await seedCatalog(db, demoProducts());
    svc = new SearchService({ db, meiliUrl: url, meiliKey: masterKey, indexPrefix: `t_svc_${process.pid}_` });
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
  it('filters by region', async () => {
    expect((await svc.searchDrugs('氨氯地平', { region: 'jiangxi' })).items).toEqual([]);
  });
  it('suggests brands with their 通用名', async () => {
    const s = await svc.suggest('络活喜', { region: 'shanxi' });
    expect(s.items[0]).toEqual({ genericName: '苯磺酸氨氯地平片', label: '络活喜（苯磺酸氨氯地平片）' });
    expect(s.items.length).toBeLessThanOrEqual(10);
  });
  it('finds nothing for a made-up name, in search and in suggest (issue 5 precision)', async () => {
    for (const q of ['不存在的药品名', '片', '青霉素']) {
      expect((await svc.searchDrugs(q, { region: 'shanxi' })).items, q).toEqual([]);
      expect((await svc.suggest(q, { region: 'shanxi' })).items, q).toEqual([]);
    }
  });
  // PostgreSQL has no cheap database version (Db.dataVersion() is null): the service caches no answer there
  it.skipIf(onPostgres)('keeps recent answers (least recently used out) until the database changes', async () => {
    const small = new SearchService({ db, meiliUrl: url, meiliKey: masterKey, indexPrefix: `t_svc_${process.pid}_`, cacheSize: 2 });
    const first = await small.searchDrugs('阿托伐他汀', { region: 'shanxi' });
    expect(small.cachedAnswers).toBe(1);
    expect(await small.searchDrugs('阿托伐他汀', { region: 'shanxi' })).toEqual(first);
    await small.searchDrugs('二甲双胍', { region: 'shanxi' });
    await small.searchDrugs('氨氯地平', { region: 'shanxi' });
    expect(small.cachedAnswers).toBe(2);
    await db.run('UPDATE products SET winning_price_fen = winning_price_fen + 1 WHERE id = 1');
    const after = await small.searchDrugs('氨氯地平', { region: 'shanxi' });
    expect(small.cachedAnswers).toBe(1);
    expect(after.items[0]!.genericName).toBe('苯磺酸氨氯地平片');
    await db.run('UPDATE products SET winning_price_fen = winning_price_fen - 1 WHERE id = 1');
    await small.close();
  });
  it.runIf(onPostgres)('caches no answer on PostgreSQL, and sees a price change at once', async () => {
    const svc2 = new SearchService({ db, meiliUrl: url, meiliKey: masterKey, indexPrefix: `t_svc_${process.pid}_`, cacheSize: 2 });
    const cheapest = async () => (await svc2.searchDrugs('氨氯地平', { region: 'shanxi' })).items[0]!.products[0]!;
    const before = await cheapest();
    expect(svc2.cachedAnswers).toBe(0);
    await db.run('UPDATE products SET winning_price_fen = winning_price_fen - 1 WHERE code = ?', [before.code]);
    try {
      const after = (await svc2.searchDrugs('氨氯地平', { region: 'shanxi' })).items[0]!.products.find((p) => p.code === before.code)!;
      expect(Math.round(Number(after.winningPrice) * 100)).toBe(Math.round(Number(before.winningPrice) * 100) - 1);
    } finally {
      await db.run('UPDATE products SET winning_price_fen = winning_price_fen + 1 WHERE code = ?', [before.code]);
      await svc2.close();
    }
  });
  it('answers from the database, degraded, when Meilisearch is unreachable', async () => {
    const down = new SearchService({ db, meiliUrl: `http://127.0.0.1:${await freePort()}`, meiliKey: 'x'.repeat(16), indexPrefix: 't_down_' });
    const r = await down.searchDrugs('aldp', { region: 'shanxi' });
    expect(r.degraded).toBe(true);
    expect(r.items[0]!.genericName).toBe('苯磺酸氨氯地平片');
    expect(await down.health()).toBe('down');
    await down.close();
  });
});
