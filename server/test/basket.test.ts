import { BASKET_RESULT_LIMIT, type BasketQuoteResponse, INSTITUTION_TYPES, PAIR_FEN_PER_KM, parseYuan, STOCK_STATES, distanceKm } from '@yaojia/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import { quoteBasket } from '../src/repositories/basket.js';
import { findOffers, preloadCandidateSets } from '../src/repositories/offers.js';
import { ensureRegions, policyOf, regionBySlug } from '../src/repositories/regions.js';
import { noSearch, type TempDb, tempDb } from './helper.js';

/** mulberry32: a small seeded generator, so a failing case can be replayed */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CENTER = { lat: 37.87, lng: 112.55 };
const NOW = '2026-11-01T00:00:00.000Z';

interface World {
  codes: string[];
}

/**
 * Random 集采 data straight into the tables: a few 通用名 with two specs, several makers each (packs of
 * 7, 14 or 28), institutions scattered up to ~15 km from the centre (some delisted), offers with random
 * prices and stock (some products delisted).
 */
async function randomWorld(db: Db, regionId: number, seed: number): Promise<World> {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const codes: string[] = [];
  const productIds: number[] = [];
  await db.transaction(async (tx) => {
    for (let g = 0; g < 5; g++) {
      for (const spec of ['5mg', '10mg']) {
        const makers = 1 + Math.floor(r() * 3);
        for (let m = 0; m < makers; m++) {
          const code = `S${seed}G${g}${spec}M${m}`;
          const ratio = pick([7, 14, 28]);
          const removed = r() < 0.05 ? NOW : null;
          const row = await tx.get<{ id: number }>(
            `INSERT INTO products (region_id, code, generic_name, product_name, dosage_form, spec, conversion_ratio, min_unit, pack_unit, maker, winning_price_fen, listed_at, removed_at)
             VALUES (?, ?, ?, ?, '片剂', ?, ?, '片', '盒', ?, ?, ?, ?) RETURNING id`,
            [regionId, code, `药${g}片`, `药${g}片`, spec, ratio, `厂${m}`, 500 + Math.floor(r() * 3000), NOW, removed],
          );
          codes.push(code);
          productIds.push(row!.id);
        }
      }
    }
    const instIds: number[] = [];
    for (let i = 0; i < 45; i++) {
      const rad = (r() * 15) / 111;
      const ang = r() * Math.PI * 2;
      const row = await tx.get<{ id: number }>(
        `INSERT INTO institutions (region_id, code, name, type, address, lat, lng, listed_at, removed_at, commitment)
         VALUES (?, ?, ?, ?, '某路 1 号', ?, ?, ?, ?, ?) RETURNING id`,
        [regionId, `S${seed}I${i}`, `药店${i}`, pick(INSTITUTION_TYPES), CENTER.lat + rad * Math.sin(ang), CENTER.lng + rad * Math.cos(ang), NOW, r() < 0.05 ? NOW : null, pick(['at_winning_price', 'markup_15', null])],
      );
      instIds.push(row!.id);
    }
    for (const inst of instIds) {
      for (const p of productIds) {
        if (r() > 0.45) continue;
        // a few equal prices, so ties (and their rules) are exercised
        const price = 400 + Math.floor(r() * 40) * 100;
        await tx.run(
          `INSERT INTO offers (institution_id, product_id, selling_price_fen, stock_state, observed_at, recorded_at, source) VALUES (?, ?, ?, ?, ?, ?, 'test')`,
          [inst, p, price, pick(STOCK_STATES), NOW, NOW],
        );
      }
    }
  });
  return { codes };
}

interface RefRow {
  offerId: number;
  institutionId: number;
  instCode: string;
  productId: number;
  code: string;
  generic: string;
  spec: string;
  ratio: number;
  price: number;
  stock: string;
  lat: number;
  lng: number;
  pRemoved: string | null;
  iRemoved: string | null;
}

/**
 * The reference: every offer of the region read with one plain query, every institution and every pair
 * of institutions tried, no index, cache, box or pruning. Rules (the documented ones): in-stock offers
 * only; an item is filled where its month costs least (ties: the requested product, then the lower
 * product id; in a pair, then the nearer stop); singles by total, distance, id; pairs by total + ¥1 a km
 * of route (user → nearer → other), then total, route, ids.
 */
async function reference(db: Db, regionId: number, req: { lat: number; lng: number; radiusKm: number; items: Array<{ code: string; packs: number }>; substitute: boolean }) {
  const rows = await db.all<RefRow>(
    `SELECT o.id AS "offerId", i.id AS "institutionId", i.code AS "instCode", p.id AS "productId", p.code AS code, p.generic_name AS generic,
            p.spec AS spec, p.conversion_ratio AS ratio, o.selling_price_fen AS price, o.stock_state AS stock, i.lat AS lat, i.lng AS lng,
            p.removed_at AS "pRemoved", i.removed_at AS "iRemoved"
     FROM offers o, products p, institutions i WHERE o.product_id = p.id AND o.institution_id = i.id AND p.region_id = ?`,
    [regionId],
  );
  const products = await db.all<{ id: number; code: string; generic: string; spec: string; ratio: number }>(
    `SELECT id, code, generic_name AS generic, spec, conversion_ratio AS ratio FROM products WHERE region_id = ? AND removed_at IS NULL`,
    [regionId],
  );
  const items = req.items.flatMap((it) => {
    const p = products.find((x) => x.code === it.code);
    return p ? [{ ...it, p }] : [];
  });
  type F = { cost: number; productId: number; code: string; packs: number; price: number };
  const insts = new Map<number, { id: number; d: number; lat: number; lng: number; fills: Array<F | null> }>();
  for (const row of rows) {
    if (row.pRemoved || row.iRemoved || row.stock === 'out_of_stock') continue;
    const d = distanceKm(req.lat, req.lng, row.lat, row.lng);
    if (d > req.radiusKm) continue;
    items.forEach((it, k) => {
      const ok = req.substitute ? row.generic === it.p.generic && row.spec === it.p.spec : row.productId === it.p.id;
      if (!ok) return;
      const packs = req.substitute ? Math.ceil((it.packs * it.p.ratio) / row.ratio) : it.packs;
      const f: F = { cost: packs * row.price, productId: row.productId, code: row.code, packs, price: row.price };
      let inst = insts.get(row.institutionId);
      if (!inst) insts.set(row.institutionId, (inst = { id: row.institutionId, d, lat: row.lat, lng: row.lng, fills: items.map(() => null) }));
      const had = inst.fills[k];
      const rank = (x: F) => [x.cost, x.productId === it.p.id ? 0 : 1, x.productId];
      if (!had || lexLess(rank(f), rank(had))) inst.fills[k] = f;
    });
  }
  const list = [...insts.values()];
  const total = (fills: Array<F | null>) => fills.reduce((s, f) => s + (f?.cost ?? 0), 0);
  const single = list
    .filter((i) => i.fills.every(Boolean))
    .map((i) => ({ ids: [i.id], total: total(i.fills), d: i.d, lines: i.fills.map((f) => [f!.code, f!.price, f!.packs]) }))
    .sort((a, b) => a.total - b.total || a.d - b.d || a.ids[0]! - b.ids[0]!);
  // some items but not all: most items first, then cheapest, nearer, lower id
  const partial = list
    .filter((i) => !i.fills.every(Boolean))
    .map((i) => ({ ids: [i.id], covered: i.fills.filter(Boolean).length, total: total(i.fills), d: i.d, lines: i.fills.flatMap((f) => (f ? [[f.code, f.price, f.packs]] : [])) }))
    .sort((a, b) => b.covered - a.covered || a.total - b.total || a.d - b.d || a.ids[0]! - b.ids[0]!);
  const pairs: Array<{ ids: number[]; total: number; score: number; route: number; lines: unknown[] }> = [];
  if (single.length === 0 && items.length) {
    for (const a of list) {
      for (const b of list) {
        if (a.id === b.id) continue;
        const [near, far] = a.d < b.d || (a.d === b.d && a.id < b.id) ? [a, b] : [b, a];
        if (near !== a) continue; // each unordered pair once
        if (!items.every((_, k) => near.fills[k] || far.fills[k])) continue;
        const lines = items.map((it, k) => {
          const n = near.fills[k];
          const f = far.fills[k];
          if (!n) return f!;
          if (!f) return n;
          const rn = [n.cost, n.productId === it.p.id ? 0 : 1, n.productId];
          const rf = [f.cost, f.productId === it.p.id ? 0 : 1, f.productId];
          return lexLess(rf, rn) ? f : n;
        });
        const route = near.d + distanceKm(near.lat, near.lng, far.lat, far.lng);
        const t = lines.reduce((s, f) => s + f.cost, 0);
        pairs.push({ ids: [near.id, far.id], total: t, route, score: t + PAIR_FEN_PER_KM * route, lines: lines.map((f) => [f.code, f.price, f.packs]) });
      }
    }
    pairs.sort((x, y) => x.score - y.score || x.total - y.total || x.route - y.route || x.ids[0]! - y.ids[0]! || x.ids[1]! - y.ids[1]!);
  }
  return { single: single.slice(0, BASKET_RESULT_LIMIT), pairs: pairs.slice(0, BASKET_RESULT_LIMIT), partial: partial.slice(0, BASKET_RESULT_LIMIT), considered: insts.size };
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

const fen = (y: string) => parseYuan(y)!;
const shape = (s: BasketQuoteResponse['single'][number]) => ({
  ids: s.institutions.map((i) => i.id),
  total: fen(s.total),
  lines: s.items.map((l) => [l.chosenCode, fen(l.price), l.packs]),
});

describe('basket quote against a brute-force reference (random data)', () => {
  let t: TempDb;
  let regionId: number;
  let policy: ReturnType<typeof policyOf>;
  const worlds: World[] = [];
  beforeAll(async () => {
    t = await tempDb();
    await ensureRegions(t.db);
    const region = (await regionBySlug(t.db, 'shanxi'))!;
    regionId = region.id;
    policy = policyOf(region);
    for (const seed of [11, 12, 13]) worlds.push(await randomWorld(t.db, regionId, seed));
  });
  afterAll(async () => t?.cleanup());

  it('ranks singles, pairs and partial stops exactly as trying every institution and every pair does', async () => {
    const r = rng(99);
    let singles = 0;
    let pairs = 0;
    let partials = 0;
    for (let n = 0; n < 120; n++) {
      // the second half on sets (and 通用名 + 规格 groups) loaded by the background preload, not per request
      if (n === 60) expect((await preloadCandidateSets(t.db)).complete).toBe(true);
      const world = worlds[n % worlds.length]!;
      const count = 1 + Math.floor(r() * 5);
      const codes = [...new Set(Array.from({ length: count }, () => world.codes[Math.floor(r() * world.codes.length)]!))];
      const req = {
        lat: CENTER.lat + (r() - 0.5) * 0.1,
        lng: CENTER.lng + (r() - 0.5) * 0.1,
        radiusKm: [2, 5, 10][n % 3]!,
        items: codes.map((code) => ({ code, packs: 1 + Math.floor(r() * 3) })),
        substitute: r() < 0.6,
      };
      const got = await quoteBasket(t.db, { ...req, regionId, policy });
      const want = await reference(t.db, regionId, req);
      const ctx = `case ${n}: ${JSON.stringify(req)}`;
      expect(got.single.map(shape), ctx).toEqual(want.single.map((s) => ({ ids: s.ids, total: s.total, lines: s.lines })));
      expect(got.pairs.map(shape), ctx).toEqual(want.pairs.map((s) => ({ ids: s.ids, total: s.total, lines: s.lines })));
      expect(got.partial.map(shape), ctx).toEqual(want.partial.map((s) => ({ ids: s.ids, total: s.total, lines: s.lines })));
      expect(got.reference.institutionsConsidered, ctx).toBe(want.considered);
      for (const s of got.single) expect(s.missing).toEqual([]);
      for (const s of got.pairs) expect(s.missing).toEqual([]);
      // every single stop lies within the radius, and the list is cheapest first
      for (const s of got.single) expect(s.institutions[0]!.distanceKm).toBeLessThanOrEqual(req.radiusKm + 0.005);
      singles += got.single.length ? 1 : 0;
      pairs += got.pairs.length ? 1 : 0;
      partials += got.partial.length ? 1 : 0;
    }
    // the random cases exercise both answers, not only one
    expect(singles).toBeGreaterThan(10);
    expect(pairs).toBeGreaterThan(8);
    expect(partials).toBeGreaterThan(10);
  });

  it('each line shows its offer as the offers page does: product, price, 中选价 and the markup verdict, under each region\'s rule', async () => {
    // 山西: every institution at most 中选价; 江西: a pharmacy that committed to it may add 15 % (the verdict
    // then turns on the institution's type and commitment, read for the line from the institution)
    for (const slug of ['shanxi', 'jiangxi']) {
      const rule = policyOf((await regionBySlug(t.db, slug))!);
      let checked = 0;
      const statuses = new Set<string>();
      for (const world of worlds) {
        const items = world.codes.slice(0, 4).map((code) => ({ code, packs: 2 }));
        const got = await quoteBasket(t.db, { lat: CENTER.lat, lng: CENTER.lng, radiusKm: 10, items, regionId, policy: rule });
        for (const stop of [...got.single, ...got.pairs, ...got.partial].slice(0, 6)) {
          for (const line of stop.items) {
            const page = await findOffers(t.db, { code: line.chosenCode, lat: CENTER.lat, lng: CENTER.lng, radiusKm: 10, limit: 100, regionId, policy: rule });
            const offer = page.items.find((o) => o.institution.id === line.institutionId && o.sellingPrice === line.price);
            expect(offer, `${slug}: ${line.chosenCode} at ${line.institutionId}`).toBeDefined();
            expect([line.name, line.spec, line.maker, line.packUnit]).toEqual([offer!.product.name, offer!.product.spec, offer!.product.maker, offer!.product.packUnit]);
            expect(line.winningPrice).toBe(offer!.winningPrice);
            expect(line.markup, `${slug}: ${line.chosenCode} at ${line.institutionId}`).toEqual({ status: offer!.markup.status, label: offer!.markup.label });
            statuses.add(line.markup.status);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(30);
      // prices above, at and below 中选价: more than one verdict is compared
      expect(statuses.size).toBeGreaterThan(1);
    }
  });

  describe('POST /api/v1/basket/quote', () => {
    let app: App;
    beforeAll(async () => {
      app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url }), db: t.db, search: noSearch });
      await app.ready();
    });
    afterAll(async () => app?.close());

    it('answers the contract: single/pairs entries with institutions, a yuan total, lines and missing codes', async () => {
      const codes = worlds[0]!.codes.slice(0, 3);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/basket/quote',
        payload: { region: 'shanxi', lat: CENTER.lat, lng: CENTER.lng, radiusKm: 10, items: codes.map((code) => ({ code, packs: 2 })), substitute: false },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json<BasketQuoteResponse>();
      const entry = body.single[0] ?? body.pairs[0]!;
      expect(entry.total).toMatch(/^\d+\.\d{2}$/);
      expect(entry.institutions[0]).toEqual(expect.objectContaining({ id: expect.any(Number), code: expect.any(String), name: expect.any(String), distanceKm: expect.any(Number) }));
      expect(entry.items.map((l) => l.code).sort()).toEqual([...codes].sort());
      for (const l of entry.items) expect(l.chosenCode).toBe(l.code); // substitute off: the exact product
      // the month's total is the sum of its lines
      expect(entry.items.reduce((s, l) => s + fen(l.price) * l.packs, 0)).toBe(fen(entry.total));
      expect(body.reference.winningTotal).toMatch(/^\d+\.\d{2}$/);
      const totals = body.single.map((s) => fen(s.total));
      expect(totals).toEqual([...totals].sort((a, b) => a - b));
    });

    it('substitute defaults to on: another maker of the same 通用名 and 规格 may fill an item', async () => {
      const world = worlds[1]!;
      const items = world.codes.slice(0, 4).map((code) => ({ code, packs: 1 }));
      const on = (await app.inject({ method: 'POST', url: '/api/v1/basket/quote', payload: { lat: CENTER.lat, lng: CENTER.lng, radiusKm: 15, items } })).json<BasketQuoteResponse>();
      const off = (await app.inject({ method: 'POST', url: '/api/v1/basket/quote', payload: { lat: CENTER.lat, lng: CENTER.lng, radiusKm: 15, items, substitute: false } })).json<BasketQuoteResponse>();
      expect(on.reference.institutionsConsidered).toBeGreaterThanOrEqual(off.reference.institutionsConsidered);
      const best = (b: BasketQuoteResponse) => b.single[0] ?? b.pairs[0];
      if (best(on) && best(off)) expect(fen(best(on)!.total)).toBeLessThanOrEqual(fen(best(off)!.total));
    });

    it('an unknown code is reported, not guessed', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/basket/quote',
        payload: { lat: CENTER.lat, lng: CENTER.lng, radiusKm: 10, items: [{ code: worlds[0]!.codes[0], packs: 1 }, { code: 'NO-SUCH-CODE', packs: 1 }] },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<BasketQuoteResponse>().unknown).toEqual(['NO-SUCH-CODE']);
    });

    it('rejects a list of more than 20 items, a repeated item and a missing location with a clear 400', async () => {
      const many = Array.from({ length: 21 }, (_, i) => ({ code: `C${i}`, packs: 1 }));
      const tooMany = await app.inject({ method: 'POST', url: '/api/v1/basket/quote', payload: { lat: CENTER.lat, lng: CENTER.lng, radiusKm: 10, items: many } });
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json().message).toMatch(/items/);
      const dup = await app.inject({
        method: 'POST',
        url: '/api/v1/basket/quote',
        payload: { lat: CENTER.lat, lng: CENTER.lng, radiusKm: 10, items: [{ code: 'A', packs: 1 }, { code: 'A', packs: 2 }] },
      });
      expect(dup.statusCode).toBe(400);
      expect(dup.json().message).toMatch(/添加了两次/);
      const noLoc = await app.inject({ method: 'POST', url: '/api/v1/basket/quote', payload: { radiusKm: 10, items: [{ code: 'A', packs: 1 }] } });
      expect(noLoc.statusCode).toBe(400);
    });
  });
});
