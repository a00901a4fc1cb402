import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OffersResponse } from '@yaojia/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Db, openDb } from '../src/db/client.js';
import { CHANNEL, LISTENER_APP, WATCHED_TABLES, touchesWatched } from '../src/db/pg-notify.js';
import { publishFile } from '../src/ingest/index.js';
import { FIXTURES, noSearch, onPostgres, publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';
import { until } from './until.js';

/**
 * Db.dataVersion() on PostgreSQL (src/db/pg-notify.ts): triggers NOTIFY at commit, every process
 * LISTENs, so the in-process caches of N API processes (nearby candidates, search answers) are emptied
 * by a change any of them, or the CLI, commits.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const VERSION = /^pg:(\d+):(\d+)$/;

/** a plain connection to the test's database, as a second process or a psql session would have */
async function rawClient(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

describe.runIf(onPostgres)('PostgreSQL data version: one database, what the process knows', () => {
  let t: TempDb;
  let raw: pg.Client;
  const heard: string[] = [];
  beforeAll(async () => {
    t = await tempDb();
    raw = await rawClient(t.url);
    raw.on('notification', (n) => heard.push(n.channel));
    await raw.query(`LISTEN ${CHANNEL}`);
  });
  afterAll(async () => {
    await raw?.end();
    await t?.cleanup();
  });

  it('the triggers sit on exactly WATCHED_TABLES, for INSERT, UPDATE, DELETE and TRUNCATE', async () => {
    const rows = await t.db.all<{ tbl: string; tgtype: number }>(
      `SELECT c.relname AS tbl, t.tgtype FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal AND p.proname = 'yaojia_data_changed'`,
    );
    expect(rows.map((r) => r.tbl).sort()).toEqual([...WATCHED_TABLES].sort());
    // tgtype bits: 1 row-level (must be off), 4 insert, 8 delete, 16 update, 32 truncate; 2 before (off)
    for (const r of rows) expect(r.tgtype & (1 | 2 | 4 | 8 | 16 | 32), r.tbl).toBe(4 | 8 | 16 | 32);
  });

  it('dataVersion() is pg:<epoch>:<counter> once the listener is connected', async () => {
    const v = await t.db.dataVersion();
    expect(v).toMatch(VERSION);
    expect(await t.db.dataVersion()).toBe(v);
  });

  it("this process's own write to a watched table moves it at once; other tables, open and rolled-back transactions do not", async () => {
    const v0 = await t.db.dataVersion();
    await t.db.run('INSERT INTO rate_limits (key, count, window_start_ms) VALUES (?, 1, 0)', ['dv-test']);
    await sleep(150); // no trigger on rate_limits: no notification either
    expect(await t.db.dataVersion()).toBe(v0);
    await t.db.run(`INSERT INTO regions (slug, name, level) VALUES ('dvtest', 'dv', 'province')`);
    const v1 = await t.db.dataVersion(); // no waiting: read-your-writes
    expect(v1).toMatch(VERSION);
    expect(v1).not.toBe(v0);
    await sleep(150); // the insert's own notification lands (one more bump)
    const v2 = await t.db.dataVersion();
    const inside = await t.db.transaction(async (tx) => {
      await tx.run(`UPDATE regions SET name = 'dv2' WHERE slug = 'dvtest'`);
      return t.db.dataVersion();
    });
    expect(inside, 'not before COMMIT').toBe(v2);
    expect(await t.db.dataVersion(), 'at once after COMMIT').not.toBe(v2);
    await sleep(150);
    const settled = await t.db.dataVersion();
    await t.db
      .transaction(async (tx) => {
        await tx.run(`UPDATE regions SET name = 'dv3' WHERE slug = 'dvtest'`);
        throw new Error('roll back');
      })
      .catch(() => {});
    await sleep(150);
    expect(await t.db.dataVersion(), 'a rolled-back write notifies nobody').toBe(settled);
  });

  it('a transaction notifies once, at commit, however many statements it ran', async () => {
    await sleep(150);
    heard.length = 0;
    let duringTx = -1;
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 50; i++) await tx.run(`UPDATE regions SET name = ? WHERE slug = 'dvtest'`, [`n${i}`]);
      await tx.run(`DELETE FROM badges WHERE id < 0`); // another watched table, no rows: still a statement
      await sleep(100);
      duringTx = heard.length;
    });
    expect(duringTx, 'nothing is delivered before COMMIT').toBe(0);
    await t.db.run('TRUNCATE badges'); // TRUNCATE notifies too
    // notifications arrive in commit order: once the second is here, all of the first one's are
    expect(await until(async () => heard.length, (n) => n >= 2)).toBe(2);
    await sleep(100);
    expect(heard).toEqual([CHANNEL, CHANNEL]);
  });

  it('close() ends the listener connection', async () => {
    const count = async () =>
      Number((await raw.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [LISTENER_APP])).rows[0].n);
    const base = await count();
    const extra = await openDb(t.url);
    expect(await extra.dataVersion()).toMatch(VERSION);
    expect(await count()).toBe(base + 1);
    await extra.close();
    expect(await extra.dataVersion()).toBeNull();
    expect(await until(count, (n) => n === base)).toBe(base);
  });
});

describe.runIf(onPostgres)('PostgreSQL data version: two API processes on one database (nearby cache)', () => {
  let t: TempDb;
  let second: Db;
  let apps: App[] = [];
  let raw: pg.Client;
  const CODE = 'XC08CAA040A001010100001';
  const PHARMACY = 'P14010500001';
  const url = `/api/v1/offers?code=${CODE}&region=shanxi`;
  beforeAll(async () => {
    t = await tempDb();
    await publishTaiyuanFixtures(t.db);
    const config = loadConfig({ DATABASE_URL: t.url });
    second = await openDb(t.url); // its own pool and listener, like another process
    apps = [await buildApp({ config, db: t.db, search: noSearch }), await buildApp({ config, db: second, search: noSearch })];
    raw = await rawClient(t.url);
  });
  afterAll(async () => {
    await raw?.end();
    for (const app of apps) await app.close();
    await second?.close();
    await t?.cleanup();
  });

  /** the pharmacy's selling price of the product, as process `i` answers it */
  const price = async (i: number) => {
    const res = await apps[i]!.inject({ url });
    expect(res.statusCode).toBe(200);
    const body = res.json<OffersResponse>();
    const offer = body.items.find((o) => o.id === offerId);
    return offer?.sellingPrice ?? null;
  };
  let offerId = 0;

  /** a change that fires no trigger (session_replication_role = replica): invisible to the caches by design */
  const silentPrice = async (fen: number) => {
    await raw.query('BEGIN');
    await raw.query(`SET LOCAL session_replication_role = replica`);
    await raw.query(`UPDATE offers SET selling_price_fen = $1 WHERE id = $2`, [fen, offerId]);
    await raw.query('COMMIT');
  };

  it('process A answers from its cache; process B publishes a price change; A shows it within moments', async () => {
    offerId = (await raw.query(
      `SELECT o.id FROM offers o JOIN products p ON p.id = o.product_id JOIN institutions i ON i.id = o.institution_id WHERE p.code = $1 AND i.code = $2`,
      [CODE, PHARMACY],
    )).rows[0].id as number;
    expect(await t.db.dataVersion()).toMatch(VERSION);
    expect(await price(0)).toBe('4.62');
    // proof that A caches on PostgreSQL: a change that notifies nobody does not reach its answer
    await silentPrice(444);
    await sleep(100);
    expect(await price(0)).toBe('4.62');
    // B (another process) publishes new prices through the real ingest: one transaction, one NOTIFY
    const lines = readFileSync(join(FIXTURES, 'prices-good.csv'), 'utf8').split('\r\n');
    expect(lines[1]).toContain(`${PHARMACY},${CODE},4.62,4.62`);
    lines[1] = lines[1]!.replace('4.62,4.62', '4.50,4.50');
    const file = join(t.dir, 'prices-v2.csv');
    writeFileSync(file, lines.join('\r\n'));
    const r = await publishFile(second, { kind: 'prices', region: 'shanxi', file, publisher: 'test' });
    expect(r.status).toBe('published');
    expect(await until(() => price(0), (p) => p === '4.50')).toBe('4.50');
    expect(await price(1)).toBe('4.50');
  });

  it('a listener that drops reconnects under a new epoch, and caches filled before the drop are not trusted', async () => {
    expect(await price(0)).toBe('4.50'); // cached by A
    const before = (await t.db.dataVersion())!;
    expect(before).toMatch(VERSION);
    // kill every listener of this database (A's and B's), as a network failure or a restart would
    await raw.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [LISTENER_APP]);
    expect(await until(() => t.db.dataVersion(), (v) => v === null, 5000), 'down: no version, no caching').toBeNull();
    // a change nobody hears about, made while A's listener is down
    await silentPrice(399);
    expect(await price(0), 'while down A reads the database').toBe('3.99');
    const after = await until(() => t.db.dataVersion(), (v) => v !== null, 10_000);
    expect(after).toMatch(VERSION);
    expect(Number(VERSION.exec(after!)![1])).toBeGreaterThan(Number(VERSION.exec(before)![1]));
    expect(await price(0)).toBe('3.99');
    // and the new listener hears B's changes again
    await second.run('UPDATE offers SET selling_price_fen = 377 WHERE id = ?', [offerId]);
    expect(await until(() => price(0), (p) => p === '3.77')).toBe('3.77');
  });
});

describe.skipIf(onPostgres)('SQLite data version', () => {
  it('moves when another connection or this one commits a change to a watched table, and only then', async () => {
    const t = await tempDb();
    const other = await openDb(t.url);
    try {
      const v0 = await t.db.dataVersion();
      expect(v0).toMatch(/^sqlite:\d+$/);
      await other.run(`INSERT INTO regions (slug, name, level) VALUES ('dvtest', 'dv', 'province')`);
      const v1 = await t.db.dataVersion();
      expect(v1).not.toBe(v0);
      await t.db.run(`UPDATE regions SET name = 'x' WHERE slug = 'dvtest'`);
      const v2 = await t.db.dataVersion();
      expect(v2).not.toBe(v1);
      // a write to a table no cache reads (what reports and rate limits cost) leaves it alone
      await other.run(`INSERT INTO audit_log (at, actor, action, target, detail) VALUES ('2026-01-01', 't', 'x', 'y', '{}')`);
      expect(await t.db.dataVersion()).toBe(v2);
      // a transaction that rolls back does not move it
      await expect(
        other.transaction(async (tx) => {
          await tx.run(`UPDATE regions SET name = 'y' WHERE slug = 'dvtest'`);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect(await t.db.dataVersion()).toBe(v2);
      await other.transaction((tx) => tx.run(`UPDATE regions SET name = 'z' WHERE slug = 'dvtest'`));
      expect(await t.db.dataVersion()).not.toBe(v2);
    } finally {
      await other.close();
      await t.cleanup();
    }
  });

  it('counts writes to the pack codes a scan looks up (drugs/lookup), not only to products', () => {
    // a publish may change a product's 追溯码/条形码 and nothing else on its row
    expect(touchesWatched(`DELETE FROM product_codes WHERE product_id IN (SELECT id FROM products WHERE region_id = ?)`)).toBe(true);
    expect(touchesWatched(`INSERT INTO listed_codes (listed_id, kind, code) VALUES (?, ?, ?)`)).toBe(true);
    expect(touchesWatched(`INSERT INTO reports (offer_id, kind) VALUES (?, ?)`)).toBe(false);
  });
});
