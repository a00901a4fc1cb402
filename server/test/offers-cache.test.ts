import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../src/db/client.js';
import { startCandidatePreload } from '../src/preload/candidate-sets.js';
import { quoteBasket } from '../src/repositories/basket.js';
import { findOffers, type NearbyInput, preloadCandidateSets } from '../src/repositories/offers.js';
import { policyOf, regionBySlug } from '../src/repositories/regions.js';
import { publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';
import { until } from './until.js';

/** The candidate query of findOffers (one product's offers in a region), told apart from the page-row read. */
const isCandidateQuery = (sql: string) => sql.includes('"winningPriceFen"') && sql.includes('p.region_id = ?');

/** The same database, counting the candidate queries that reach it. */
function counting(db: Db): { db: Db; candidateQueries: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, key) {
      if (key === 'all') {
        return (sql: string, params?: Parameters<Db['all']>[1]) => {
          if (isCandidateQuery(sql)) n++;
          return target.all(sql, params);
        };
      }
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { db: proxy, candidateQueries: () => n };
}

describe('nearby candidate cache (both dialects)', () => {
  let t: TempDb;
  let input: NearbyInput;
  beforeAll(async () => {
    t = await tempDb();
    await publishTaiyuanFixtures(t.db);
    // PostgreSQL: the publish's own notifications come back after its local bump and move the version
    // once more; under load that can land in the middle of a test. Start once the version holds still.
    await until(
      async () => {
        const v = await t.db.dataVersion();
        await new Promise((r) => setTimeout(r, 300));
        return v !== null && v === (await t.db.dataVersion());
      },
      (stable) => stable,
    );
    const region = (await regionBySlug(t.db, 'shanxi'))!;
    // 太原, around the fixture pharmacies; 苯磺酸氨氯地平片 of the fixture catalog
    input = { regionId: region.id, policy: policyOf(region), code: 'XC08CAA040A001010100001', lat: 37.87, lng: 112.55, radiusKm: 20 };
  });
  afterAll(async () => t?.cleanup());

  it('32 requests for one product arriving together read its offers once, and all get the same answer', async () => {
    const { db, candidateQueries } = counting(t.db);
    const answers = await Promise.all(Array.from({ length: 32 }, () => findOffers(db, input)));
    expect(answers[0]!.items.length).toBeGreaterThan(0);
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(candidateQueries()).toBe(1);
    // served from the cache while nothing changed
    await findOffers(db, input);
    expect(candidateQueries()).toBe(1);
  });

  it('a price change is read again and shown, not served from the cache', async () => {
    const { db, candidateQueries } = counting(t.db);
    const before = await findOffers(db, input);
    const offer = before.items[0]!;
    const n = candidateQueries();
    await t.db.run('UPDATE offers SET selling_price_fen = selling_price_fen + 1 WHERE id = ?', [offer.id]);
    // on PostgreSQL this process's own write moves the version at once; the bound is only a safety net
    const after = await until(
      () => findOffers(db, input),
      (r) => r.items.find((o) => o.id === offer.id)?.sellingPrice !== offer.sellingPrice,
    );
    expect(candidateQueries()).toBeGreaterThan(n);
    expect(after.items.find((o) => o.id === offer.id)!.sellingPrice).not.toBe(offer.sellingPrice);
  });

  it('after a preload no nearby read or basket quote waits for a candidate read, and after a change the background preload loads the new prices', async () => {
    const { db, candidateQueries } = counting(t.db);
    const loaded = await preloadCandidateSets(db, { sliceMs: 0 });
    expect(loaded.complete).toBe(true);
    expect(loaded.loaded).toBeGreaterThan(1);
    const n = candidateQueries();
    expect(n).toBe(loaded.loaded);
    const quote = () =>
      quoteBasket(db, { regionId: input.regionId, policy: input.policy, lat: input.lat!, lng: input.lng!, radiusKm: 20, items: [{ code: input.code!, packs: 1 }] });
    const before = await findOffers(db, input);
    expect((await quote()).single.length).toBeGreaterThan(0);
    expect(candidateQueries()).toBe(n);

    const preload = startCandidatePreload(db, { pollMs: 20, minIntervalMs: 0 });
    try {
      const offer = before.items[0]!;
      await t.db.run('UPDATE offers SET selling_price_fen = selling_price_fen + 1 WHERE id = ?', [offer.id]);
      // the preload notices the change, reads every set again, and then requests read none
      const after = await until(
        async () => {
          await preload.settled();
          const reads = candidateQueries();
          const answer = await findOffers(db, input);
          await quote();
          return { answer, readNothing: candidateQueries() === reads, reloaded: candidateQueries() - n };
        },
        (r) => r.readNothing && r.reloaded >= loaded.loaded && r.answer.items.find((o) => o.id === offer.id)?.sellingPrice !== offer.sellingPrice,
      );
      expect(after.reloaded).toBeGreaterThanOrEqual(loaded.loaded);
      expect(after.readNothing).toBe(true);
      expect(after.answer.items.find((o) => o.id === offer.id)!.sellingPrice).not.toBe(offer.sellingPrice);
    } finally {
      await preload.stop();
    }
  });

  it("a citizen's report or a rate-limit count keeps the cached sets; a price change by another process (the CLI, a second API) drops them", async () => {
    const version = await until(() => t.db.dataVersion(), (v) => v !== null);
    // writes to tables no cache reads: what every citizen's report and every limited request costs
    await t.db.run('INSERT INTO rate_limits (key, count, window_start_ms) VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE SET count = rate_limits.count + 1', ['test:1.2.3.4', Date.now()]);
    await t.db.transaction((tx) => tx.run('INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)', [new Date().toISOString(), 'test', 'report.create', 'r1', '{}']));
    expect(await t.db.dataVersion()).toBe(version);
    const { db, candidateQueries } = counting(t.db);
    await findOffers(db, input);
    const n = candidateQueries();

    const other = await openDb(t.url);
    try {
      await other.transaction((tx) => tx.run('UPDATE offers SET selling_price_fen = selling_price_fen + 1 WHERE product_id = (SELECT id FROM products WHERE code = ?)', [input.code!]));
    } finally {
      await other.close();
    }
    // PostgreSQL hears of it by notification (milliseconds); SQLite reads the file's version at once
    await until(() => t.db.dataVersion(), (v) => v !== version);
    await findOffers(db, input);
    expect(candidateQueries()).toBeGreaterThan(n);
  });
});
