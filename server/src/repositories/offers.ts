import { BADGE_LABELS, comparableCost, type BadgeKind, type Commitment, formatUnitPrice, formatYuan, INSTITUTION_TYPE_LABELS, type InstitutionType, isRetail, judgeMarkup, MARKUP_STATUS_LABELS, type Offer, type OffersQuery, type OffersResponse, type NearbySummaryResponse, type RegionPolicy, type StockState, boundingBox, cosOfLat, distanceFromKm, distanceKm } from '@yaojia/shared';
import { type Db, idsParam, inIds, type Param } from '../db/client.js';
import type { InstitutionRecord, OfferRecord, ProductRecord } from '../db/schema/index.js';
import { daysBetween, toIso } from '../lib/time.js';
import { KeptMap } from './kept.js';
import { concentratedRangeUpper } from './price-range.js';

/** One joined offer row, as read from the database. */
export type OfferRow = Pick<OfferRecord, 'id' | 'sellingPriceFen' | 'onlinePriceFen' | 'stockState' | 'stockCount' | 'observedAt' | 'productId' | 'institutionId'> &
  Pick<ProductRecord, 'code' | 'productName' | 'genericName' | 'spec' | 'maker' | 'dosageForm' | 'minUnit' | 'packUnit' | 'conversionRatio' | 'winningPriceFen'> &
  Pick<InstitutionRecord, 'address' | 'phone' | 'lat' | 'lng' | 'city' | 'commitment'> & {
    /** 量价比较指数 verdict as stored: 1/0 (or true/false), null 未评定 */
    priceIndexMet: number | boolean | null;
    institutionName: InstitutionRecord['name'];
    institutionType: InstitutionRecord['type'];
  };

const OFFER_COLUMNS = `
  o.id AS id, o.selling_price_fen AS "sellingPriceFen", o.online_price_fen AS "onlinePriceFen",
  o.stock_state AS "stockState", o.stock_count AS "stockCount", o.observed_at AS "observedAt",
  p.id AS "productId", p.code AS code, p.product_name AS "productName", p.generic_name AS "genericName", p.spec AS spec,
  p.maker AS maker, p.dosage_form AS "dosageForm", p.min_unit AS "minUnit", p.pack_unit AS "packUnit",
  p.conversion_ratio AS "conversionRatio", p.winning_price_fen AS "winningPriceFen",
  i.id AS "institutionId", i.name AS "institutionName", i.type AS "institutionType", i.address AS address,
  i.phone AS phone, i.lat AS lat, i.lng AS lng, i.city AS city, i.commitment AS commitment, i.price_index_met AS "priceIndexMet"`;

export interface BadgeView {
  kind: BadgeKind;
  label: string;
  grantedAt: string;
}

/** Active badges (removed_at IS NULL) of the given institutions. */
export async function activeBadges(db: Db, institutionIds: number[]): Promise<Map<number, BadgeView[]>> {
  const out = new Map<number, BadgeView[]>();
  if (institutionIds.length === 0) return out;
  // ordered so an institution's badges list the same on both databases
  const rows = await db.all<{ institutionId: number; kind: BadgeKind; grantedAt: string }>(
    `SELECT institution_id AS "institutionId", kind, granted_at AS "grantedAt" FROM badges
     WHERE removed_at IS NULL AND ${inIds(db, 'institution_id')} ORDER BY id`,
    [idsParam(db, institutionIds)],
  );
  for (const r of rows) {
    const list = out.get(r.institutionId) ?? [];
    list.push({ kind: r.kind, label: BADGE_LABELS[r.kind] ?? r.kind, grantedAt: toIso(r.grantedAt) });
    out.set(r.institutionId, list);
  }
  return out;
}

/** The markup verdict of an offer row by the region's rule. */
export function judgeOffer(
  r: Pick<OfferRow, 'sellingPriceFen' | 'winningPriceFen' | 'productId' | 'institutionType' | 'commitment' | 'city' | 'priceIndexMet'>,
  policy: RegionPolicy,
  rangeUpper: Map<number, number | null>,
) {
  return judgeMarkup(r.sellingPriceFen, r.winningPriceFen, {
    policy,
    institutionType: r.institutionType as InstitutionType,
    commitment: r.commitment as Commitment | null,
    city: r.city,
    concentratedRangeUpperFen: rangeUpper.get(r.productId) ?? null,
    priceLevelWithinIndex: r.priceIndexMet === null || r.priceIndexMet === undefined ? null : Boolean(r.priceIndexMet),
  });
}

/** Turns a row into the API's offer (prices in yuan, markup judged by the region's rule). */
export function toOffer(
  r: OfferRow,
  policy: RegionPolicy,
  badges: BadgeView[],
  rangeUpper: Map<number, number | null>,
  now: Date,
  distance: number | null,
): Offer {
  const type = r.institutionType as InstitutionType;
  const verdict = judgeOffer(r, policy, rangeUpper);
  const stock = (r.stockState as StockState) ?? 'unknown';
  const observedAt = toIso(r.observedAt);
  return {
    id: r.id,
    institution: {
      id: r.institutionId,
      name: r.institutionName,
      type,
      typeLabel: INSTITUTION_TYPE_LABELS[type] ?? r.institutionType,
      address: r.address,
      phone: r.phone,
      lat: r.lat,
      lng: r.lng,
      badges,
    },
    distanceKm: distance === null ? null : Math.round(distance * 100) / 100,
    product: {
      code: r.code,
      name: r.productName,
      spec: r.spec,
      maker: r.maker,
      dosageForm: r.dosageForm,
      unit: r.minUnit,
      packUnit: r.packUnit,
      conversionRatio: r.conversionRatio,
    },
    sellingPrice: formatYuan(r.sellingPriceFen),
    onlinePrice: r.onlinePriceFen === null ? null : formatYuan(r.onlinePriceFen),
    winningPrice: formatYuan(r.winningPriceFen),
    unitSellingPrice: formatUnitPrice(r.sellingPriceFen, r.conversionRatio),
    unitWinningPrice: formatUnitPrice(r.winningPriceFen, r.conversionRatio),
    markup: {
      ratio: verdict.ratio,
      status: verdict.status,
      label: MARKUP_STATUS_LABELS[verdict.status],
      cap: formatYuan(verdict.capFen),
      rule: verdict.rule,
    },
    inStock: stock !== 'out_of_stock',
    stock,
    updatedAt: observedAt,
    stale: daysBetween(observedAt, now) > policy.staleAfterDays,
  };
}

export interface NearbyInput extends OffersQuery {
  regionId: number;
  policy: RegionPolicy;
}

/** What ranking needs of an offer: read for every candidate, so kept to columns a covering index holds. */
export interface Candidate {
  id: number;
  institutionId: number;
  productId: number;
  sellingPriceFen: number;
  stockState: string;
  lat: number;
  lng: number;
  conversionRatio: number;
  winningPriceFen: number;
}

const CANDIDATE_COLUMNS = `
  o.id AS id, o.institution_id AS "institutionId", o.product_id AS "productId", o.selling_price_fen AS "sellingPriceFen",
  o.stock_state AS "stockState", i.lat AS lat, i.lng AS lng, p.conversion_ratio AS "conversionRatio", p.winning_price_fen AS "winningPriceFen"`;

/** The live offers of a region (its conditions come first, then the caller's); the cache key is this text. */
const LIVE_IN_REGION = ['p.region_id = ?', 'p.removed_at IS NULL', 'i.removed_at IS NULL'];
const candidateSql = (where: string[]) => `SELECT ${CANDIDATE_COLUMNS} FROM offers o
     JOIN products p ON p.id = o.product_id
     JOIN institutions i ON i.id = o.institution_id
     WHERE ${where.join(' AND ')}`;
/** One product's offers in a region: findOffers with a code and every per-product read of the basket */
const PRODUCT_SQL = candidateSql([...LIVE_IN_REGION, 'p.code = ?']);

/**
 * Offers of a product (by 药品统一编码) or of every product of a 通用名, in a region, optionally near a point.
 * The candidate set is one product's offers in one region, bounded by a lat/lng box when a point is given;
 * it is read with one indexed query of narrow columns (offers_product_nearby covers the offers side, so a
 * popular product's thousands of offers cost no table lookups), distance, filters and sorting run in JS,
 * and only the page's offers are read in full.
 */
export async function findOffers(db: Db, q: NearbyInput, now = new Date()): Promise<OffersResponse> {
  const where: string[] = [...LIVE_IN_REGION];
  const params: Param[] = [q.regionId];
  if (q.code) {
    where.push('p.code = ?');
    params.push(q.code);
  }
  if (q.generic) {
    where.push('p.generic_name = ?');
    params.push(q.generic);
  }
  if (q.type) {
    where.push('i.type = ?');
    params.push(q.type);
  }
  const hasPoint = q.lat !== undefined && q.lng !== undefined;
  const radiusKm = q.radiusKm ?? 10;
  const sql = candidateSql(where);
  const cache = await currentCache(db);
  const set = await cachedCandidates(db, cache, sql, params);
  const rows = hasPoint ? inBox(set, boundingBox(q.lat!, q.lng!, radiusKm)) : allOf(set);

  let candidates = rows.map((r) => ({ r, d: hasPoint ? distanceKm(q.lat!, q.lng!, r.lat, r.lng) : null }));
  if (hasPoint) candidates = candidates.filter((c) => c.d! <= radiusKm);
  if (q.inStockOnly) candidates = candidates.filter((c) => c.r.stockState !== 'out_of_stock');
  // badges of every candidate only when they filter; otherwise of the page's institutions (below)
  let badges = q.badgedOnly ? await activeBadges(db, [...new Set(candidates.map((c) => c.r.institutionId))]) : null;
  if (badges) candidates = candidates.filter((c) => (badges!.get(c.r.institutionId)?.length ?? 0) > 0);

  const sort = q.sort ?? (hasPoint ? 'distance' : 'price');
  const unit = (c: { r: Candidate }) => c.r.sellingPriceFen / Math.max(1, c.r.conversionRatio);
  // the same amount of medicine, not the same tablet: 0.25 g and 0.5 g 二甲双胍 compared per DDD day
  const dosing = sort === 'dailyCost' ? await productDosing(db, [...new Set(candidates.map((c) => c.r.productId))]) : null;
  const daily = (c: { r: Candidate }) => {
    const p = dosing!.get(c.r.productId);
    return p ? comparableCost(p.genericName, p.spec, c.r.sellingPriceFen, c.r.conversionRatio) : unit(c);
  };
  // the last tie-break (product, institution: unique, and the order SQLite's index scan used to give)
  // makes the order total, so both databases page the same way whatever order their scan returned
  const tie = (a: { r: Candidate }, b: { r: Candidate }) => a.r.productId - b.r.productId || a.r.institutionId - b.r.institutionId;
  candidates.sort((a, b) => {
    if (sort === 'distance' && hasPoint) return a.d! - b.d! || a.r.sellingPriceFen - b.r.sellingPriceFen || tie(a, b);
    if (sort === 'unitPrice') return unit(a) - unit(b) || (a.d ?? 0) - (b.d ?? 0) || tie(a, b);
    if (sort === 'dailyCost') return daily(a) - daily(b) || (a.d ?? 0) - (b.d ?? 0) || tie(a, b);
    return a.r.sellingPriceFen - b.r.sellingPriceFen || (a.d ?? 0) - (b.d ?? 0) || tie(a, b);
  });

  const offset = q.offset ?? 0;
  const limit = q.limit ?? 20;
  const page = candidates.slice(offset, offset + limit);
  badges ??= await pageBadges(db, cache, [...new Set(page.map((c) => c.r.institutionId))]);
  const full = await pageRows(db, cache, page.map((c) => c.r.id));
  const productIds = [...new Set(page.map((c) => c.r.productId))];
  const rangeUpper = q.policy.retail.kind === 'concentrated_range' ? await concentratedRangeUpper(db, productIds) : new Map<number, number | null>();
  const items = page.map((c) => toOffer(full.get(c.r.id)!, q.policy, badges!.get(c.r.institutionId) ?? [], rangeUpper, now, c.d));

  // a header never mixes products: a pack of 28 at ¥2.83 and one of 14 at ¥1.62 are not "the lowest price"
  // of anything, so the prices are given only when the query's offers are of one product
  const products = new Set(rows.map((r) => r.productId));
  const one = products.size === 1 ? rows[0]! : null;
  const lowest = candidates.reduce<number | null>((m, c) => (m === null || c.r.sellingPriceFen < m ? c.r.sellingPriceFen : m), null);
  return {
    items,
    total: candidates.length,
    summary: {
      winningPrice: one ? formatYuan(one.winningPriceFen) : null,
      institutions: new Set(candidates.map((c) => c.r.institutionId)).size,
      lowestPrice: one && lowest !== null ? formatYuan(lowest) : null,
      products: products.size,
    },
  };
}

/** Which products' offers a candidate read takes: one product, or every maker of one 通用名 + 规格. */
export type CandidateMatch = { regionId: number; code: string } | { regionId: number; generic: string; spec: string };

/**
 * The nearby candidate read for callers that rank whole candidate sets themselves (the basket quote):
 * returns a function giving every offer of the matched products within radiusKm of a point, with its
 * distance. The cache version is read once, when the reader is made, so one request's reads agree. A
 * code match runs the very SQL text findOffers runs, so the two share cached sets.
 */
export async function candidateReader(db: Db) {
  const scan = await candidateScanner(db);
  return async (match: CandidateMatch, lat: number, lng: number, radiusKm: number): Promise<Array<{ r: Candidate; d: number }>> => {
    const out: Array<{ r: Candidate; d: number }> = [];
    await scan(match, lat, lng, radiusKm, (set, i, d) => out.push({ r: rowAt(set, i), d }));
    return out;
  };
}

/** institution ids below this have their distance kept per request (8 MB at most) */
const MEMO_IDS = 1 << 20;

/**
 * Each institution's distance from one point, worked out once: an institution is in the set of every
 * product it sells, so a basket met it once per product of each item (the haversine was 7.5 % of a quote).
 * `moveTo` starts again from another point without clearing or reallocating the memo (an entry counts only
 * when its stamp is the current one), so a long-lived instance allocates nothing per quote. The stamp and
 * the km sit side by side in one array.
 */
export class DistancesFrom {
  lat = 0;
  lng = 0;
  /** the point's cosine (distanceFromKm) */
  private cosLat = 1;
  /** by institution id, side by side: [2 id] the stamp, [2 id + 1] the km, valid when the stamp is `current` */
  private memo = new Float64Array(0);
  private current = 0;

  constructor(lat: number, lng: number) {
    this.moveTo(lat, lng);
  }

  moveTo(lat: number, lng: number): void {
    this.lat = lat;
    this.lng = lng;
    this.cosLat = cosOfLat(lat);
    this.current++;
  }

  /** km from the point to institution `id`, which is at (lat, lng) */
  of(id: number, lat: number, lng: number): number {
    if (id >= MEMO_IDS) return this.measure(lat, lng);
    const at = 2 * id;
    if (at >= this.memo.length) {
      const grown = new Float64Array(2 * Math.min(MEMO_IDS, Math.max(1024, id * 2)));
      grown.set(this.memo);
      this.memo = grown;
    }
    if (this.memo[at] === this.current) return this.memo[at + 1]!;
    this.memo[at] = this.current;
    return (this.memo[at + 1] = this.measure(lat, lng));
  }

  private measure(lat: number, lng: number): number {
    return distanceFromKm(this.lat, this.cosLat, this.lng, lat, lng);
  }
}

/**
 * The candidate sets of a match (one product, or every maker's of a 通用名 + 规格), all read under one
 * cache version (made once per request, so one request's reads agree). A code match reads the very sets
 * findOffers reads, so the two share cached sets: one copy of each offer in memory, however it is asked for.
 * For callers that rank whole sets themselves in a loop of their own (the basket quote): stripsIn and
 * lngStart find a box's rows strip by strip.
 */
export async function candidateSets(db: Db): Promise<(match: CandidateMatch) => Promise<CandidateSet[]>> {
  const cache = await currentCache(db);
  return (match) => matchSets(db, cache, match);
}

/**
 * The same read without making an object per offer: `visit` gets the set and the row's index of each
 * offer within radiusKm of the point, and its distance.
 */
export async function candidateScanner(db: Db) {
  const sets = await candidateSets(db);
  let from: DistancesFrom | null = null;
  return async (match: CandidateMatch, lat: number, lng: number, radiusKm: number, visit: (set: CandidateSet, i: number, d: number) => void): Promise<void> => {
    if (!from || from.lat !== lat || from.lng !== lng) from = new DistancesFrom(lat, lng);
    const distances = from;
    const box = boundingBox(lat, lng, radiusKm);
    for (const set of await sets(match)) {
      eachInBox(set, box, (i) => {
        const d = distances.of(set.institutionId[i]!, set.lat[i]!, set.lng[i]!);
        if (d <= radiusKm) visit(set, i, d);
      });
    }
  };
}

const groupKey = (regionId: number, generic: string, spec: string) => `${regionId}\u0000${generic}\u0000${spec}`;

/**
 * The candidate sets of a match (one product, or every maker's of a 通用名 + 规格), the same sets (the same
 * SQL text) as findOffers reads for one product. Kept per match while every set in it is cached: a basket
 * item asked for each of its group's products one by one, a key and a promise each (≈ 8 % of a quote).
 */
async function matchSets(db: Db, cache: CandidateCache | null, match: CandidateMatch): Promise<CandidateSet[]> {
  const key = 'code' in match ? `${match.regionId}\u0000${match.code}` : groupKey(match.regionId, match.generic, match.spec);
  const hit = cache?.matches.get(key);
  if (hit) return hit;
  const codes = 'code' in match ? [match.code] : await groupCodes(db, cache, match);
  const sets: CandidateSet[] = [];
  for (const code of codes) sets.push(await cachedCandidates(db, cache, PRODUCT_SQL, [match.regionId, code]));
  // only sets the cache holds (one too big for it is read again each time, as before)
  if (cache && sets.every((s, i) => cache.sets.get(setKey(PRODUCT_SQL, [match.regionId, codes[i]!])) === s)) cache.matches.set(key, sets);
  return sets;
}

/** The codes of every maker's product of a 通用名 + 规格 in a region (kept with the cache's version). */
async function groupCodes(db: Db, cache: CandidateCache | null, m: { regionId: number; generic: string; spec: string }): Promise<string[]> {
  const key = groupKey(m.regionId, m.generic, m.spec);
  const hit = cache?.groups.get(key);
  if (hit) return hit;
  const rows = await db.all<{ code: string }>(
    'SELECT code FROM products WHERE region_id = ? AND generic_name = ? AND spec = ? AND removed_at IS NULL ORDER BY id',
    [m.regionId, m.generic, m.spec],
  );
  const codes = rows.map((r) => r.code);
  cache?.groups.set(key, codes);
  return codes;
}

/**
 * 附近 N 家 · 最低 ¥x for each product of a results page: one product at a time (a row never mixes packs),
 * through the same cached candidate sets the offers page reads, so asking costs one indexed read per
 * product the first time and a memory scan after.
 */
export async function nearbySummaries(
  db: Db,
  regionId: number,
  codes: string[],
  at: { lat: number; lng: number; radiusKm: number },
): Promise<NearbySummaryResponse['items']> {
  const read = await candidateReader(db);
  const out: NearbySummaryResponse['items'] = [];
  for (const code of codes) {
    const near = await read({ regionId, code }, at.lat, at.lng, at.radiusKm);
    let lowest: number | null = null;
    const institutions = new Set<number>();
    const inStock = new Set<number>();
    for (const { r } of near) {
      institutions.add(r.institutionId);
      if (r.stockState !== 'out_of_stock') inStock.add(r.institutionId);
      if (lowest === null || r.sellingPriceFen < lowest) lowest = r.sellingPriceFen;
    }
    out.push({ code, institutions: institutions.size, lowestPrice: lowest === null ? null : formatYuan(lowest), inStock: inStock.size });
  }
  return out;
}

export interface PreloadResult {
  /** the data version the sets were loaded for (null: the database cannot tell, nothing is cached) */
  version: string | null;
  /** false: stopped, or the database changed meanwhile (the sets loaded so far were for an older version) */
  complete: boolean;
  /** candidate sets read from the database by this call (sets already cached are not read again) */
  loaded: number;
  rows: number;
  ms: number;
}

/**
 * Loads the candidate set of every live product of every region into this connection's cache (the sets
 * findOffers and the basket quote read, and the 通用名 + 规格 groups), so that after a start or a data
 * change no request waits for a cold read. In slices of about `sliceMs` of work, yielding to the event
 * loop between slices (setImmediate), so a request waits at most one slice behind it; a request that
 * needs a set not loaded yet reads it itself, as without this (the two share the read: cachedCandidates).
 * Stops early, incomplete, when the database changed meanwhile (the caller starts again for the new
 * version) or when the cache is nearly full (the rest are read on demand, as before).
 */
export async function preloadCandidateSets(db: Db, o: { sliceMs?: number; stopped?: () => boolean } = {}): Promise<PreloadResult> {
  const t0 = performance.now();
  const sliceMs = o.sliceMs ?? 5;
  const cache = await currentCache(db);
  const result: PreloadResult = { version: cache?.version ?? null, complete: false, loaded: 0, rows: 0, ms: 0 };
  if (!cache) return result;
  const done = (complete: boolean) => ({ ...result, complete, ms: Math.round(performance.now() - t0) });
  const products = await db.all<{ regionId: number; code: string; genericName: string; spec: string }>(
    'SELECT region_id AS "regionId", code, generic_name AS "genericName", spec FROM products WHERE removed_at IS NULL ORDER BY region_id, id',
  );
  // the groups exactly as groupCodes reads them (a region's products of one 通用名 + 规格, by id)
  const groups = new Map<string, string[]>();
  for (const p of products) {
    const key = groupKey(p.regionId, p.genericName, p.spec);
    const list = groups.get(key);
    if (list) list.push(p.code);
    else groups.set(key, [p.code]);
  }
  for (const [key, codes] of groups) if (!cache.groups.has(key)) cache.groups.set(key, codes);
  let slice = performance.now();
  for (const p of products) {
    if (o.stopped?.()) return done(false);
    // leave room for what requests read (a set that does not fit evicts the oldest)
    if (cache.rows >= MAX_CACHED_ROWS * 0.9) break;
    const params = [p.regionId, p.code];
    if (!cache.sets.has(setKey(PRODUCT_SQL, params))) {
      const set = await cachedCandidates(db, cache, PRODUCT_SQL, params);
      result.loaded++;
      result.rows += set.length;
    }
    if (performance.now() - slice >= sliceMs) {
      await new Promise((r) => setImmediate(r));
      if ((await currentCache(db)) !== cache) return done(false);
      slice = performance.now();
    }
  }
  return done((await currentCache(db)) === cache);
}

/** 通用名 and 规格 of the products a ranking compares (a handful per query). */
async function productDosing(db: Db, ids: number[]): Promise<Map<number, { genericName: string; spec: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ id: number; genericName: string; spec: string }>(
    `SELECT id, generic_name AS "genericName", spec FROM products WHERE ${inIds(db, 'id')}`,
    [idsParam(db, ids)],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * A product's offers in a region (every location), kept in memory per connection: a popular product has
 * thousands of offers and is asked for all day, while offers change a few times a day. The cache is
 * dropped whenever the database changed (db.dataVersion(): on SQLite another connection committed —
 * bureau publishes from the CLI — or this one wrote — pharmacy edits through the API; on PostgreSQL a
 * NOTIFY from the triggers on offers/products/institutions, sent by any process at commit, or this
 * process's own write, db/pg-notify.ts), so an answer is never staler than a direct query (on PostgreSQL:
 * than the few ms a notification takes to arrive). While the database cannot say whether it changed
 * (dataVersion() null: the PostgreSQL listener is down) every request is queried. Sets are kept in columns
 * sorted by latitude strip and longitude (CandidateSet); inBox reads the lat/lng box exactly as BETWEEN would.
 */
interface CandidateCache {
  version: string;
  sets: Map<string, CandidateSet>;
  rows: number;
  /**
   * full rows of offers that were on a page: the first page of a popular product is asked for again and
   * again. This and the next maps share loads (KeptMap): 32 requests for one page send one query.
   */
  full: KeptMap<number, OfferRow>;
  /**
   * candidate sets being read: 32 requests for the same product arriving together share one query
   * (on PostgreSQL the query awaits the network, so without this every one of them read the same
   * thousands of rows, and each counted its copy against MAX_CACHED_ROWS, evicting the rest)
   */
  loading: Map<string, Promise<CandidateSet>>;
  /** active badges of institutions that were on a page (an empty list: none) */
  badges: KeptMap<number, BadgeView[]>;
  /** product codes of a 通用名 + 规格 (groupCodes) */
  groups: Map<string, string[]>;
  /** what an answer shows of an institution that was in one (institutionCards) */
  institutions: KeptMap<number, InstitutionCard>;
  /** the sets of a match (matchSets); emptied whenever a set is evicted, so it never holds one the cache let go */
  matches: Map<string, CandidateSet[]>;
}
const candidateCaches = new WeakMap<Db, CandidateCache>();
/** 33 bytes a row in columns: a province's 2 M offers fit in ~66 MB of a process's memory */
const MAX_CACHED_ROWS = 2_500_000;
/** ~1 KB a row */
const MAX_CACHED_FULL_ROWS = 50_000;

/**
 * This connection's cache, emptied first if the database changed since it was filled; null when the
 * database cannot tell (do not cache). The version is read before any query it covers, so a change
 * landing in between only makes the cache look older than it is (dropped at the next call), never newer.
 */
async function currentCache(db: Db): Promise<CandidateCache | null> {
  const version = await db.dataVersion();
  if (version === null) return null;
  let cache = candidateCaches.get(db);
  if (!cache || cache.version !== version) {
    candidateCaches.set(db, (cache = { version, sets: new Map(), rows: 0, full: new KeptMap(MAX_CACHED_FULL_ROWS), loading: new Map(), badges: new KeptMap(MAX_CACHED_FULL_ROWS), groups: new Map(), institutions: new KeptMap(MAX_CACHED_FULL_ROWS), matches: new Map() }));
  }
  return cache;
}

/**
 * A short number for each candidate SQL text (a handful: findOffers' filters), so a set's key is short:
 * a key holding the whole text was hashed anew for every product of every basket item (12 % of a quote)
 */
const sqlIds = new Map<string, number>();
function setKey(sql: string, params: Param[]): string {
  let id = sqlIds.get(sql);
  if (id === undefined) sqlIds.set(sql, (id = sqlIds.size));
  return `${id}\u0000${JSON.stringify(params)}`;
}

async function cachedCandidates(db: Db, cache: CandidateCache | null, sql: string, params: Param[]): Promise<CandidateSet> {
  if (!cache) return toCandidateSet(await db.all<Candidate>(sql, params));
  const key = setKey(sql, params);
  const hit = cache.sets.get(key);
  if (hit) return hit;
  let pending = cache.loading.get(key);
  if (!pending) {
    pending = db.all<Candidate>(sql, params).then(
      (rows) => {
        cache.loading.delete(key);
        const set = toCandidateSet(rows);
        if (!cache.sets.has(key) && set.length <= MAX_CACHED_ROWS) {
          // oldest first out until the new set fits; a set is counted once
          for (const [k, v] of cache.sets) {
            if (cache.rows + set.length <= MAX_CACHED_ROWS) break;
            cache.sets.delete(k);
            cache.rows -= v.length;
            cache.matches.clear();
          }
          cache.sets.set(key, set);
          cache.rows += set.length;
        }
        return set;
      },
      (err: unknown) => {
        cache.loading.delete(key);
        throw err;
      },
    );
    cache.loading.set(key, pending);
  }
  return pending;
}

/**
 * A candidate set in columns, sorted by latitude strip and longitude: a nearby read finds the box's rows
 * by binary search in each strip it crosses, and a cached set is a few typed arrays (33 bytes a row) instead of
 * thousands of objects the collector would trace on every pass. Measured at full size (2 M offers): object
 * sets evicted each other under the 1 M-row cap and the basket quote re-read them from SQL (p99 ~1.7 s).
 */
export interface CandidateSet {
  length: number;
  id: Float64Array;
  institutionId: Int32Array;
  sellingPriceFen: Int32Array;
  lat: Float64Array;
  lng: Float64Array;
  /** index into STOCK_STATES */
  stock: Uint8Array;
  /**
   * The rows' products, each once: a product's set (every set the preload and the basket read) has one,
   * a 通用名 query's set several. Their 中选价 and 转换比 were two columns of every row (16 of 49 bytes:
   * 32 MB of the 2 M offers a province keeps in memory).
   */
  products: { id: Int32Array; winningPriceFen: Int32Array; conversionRatio: Float64Array };
  /** each row's index into `products`; null when the set has one product (row i is products[0]) */
  product: Uint16Array | Uint32Array | null;
  /**
   * Rows are sorted by latitude strip (STRIP_DEG), then longitude: strip keys[k] holds rows
   * start[k] … start[k+1]-1. A box read visits only the strips it crosses and, in each, only the rows
   * between its longitudes (binary search): a province is long from north to south and its towns sit at
   * all longitudes, so a latitude band alone held several towns' offers for every one in the box.
   */
  strips: { keys: Int32Array; start: Int32Array };
}
/** ≈ 5.6 km of latitude: a 10 km radius crosses 4–5 strips */
const STRIP_DEG = 0.05;
const stripOf = (lat: number) => Math.floor(lat / STRIP_DEG);
const STOCK_STATES: string[] = [];
const stockIndex = (state: string): number => {
  let k = STOCK_STATES.indexOf(state);
  if (k < 0) k = STOCK_STATES.push(state) - 1;
  return k;
};

export function toCandidateSet(rows: Candidate[]): CandidateSet {
  const n = rows.length;
  const strip = rows.map((r) => stripOf(Number(r.lat)));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => strip[a]! - strip[b]! || rows[a]!.lng - rows[b]!.lng || a - b);
  // the rows' products, in order of first appearance
  const productIndex = new Map<number, number>();
  for (const r of rows) if (!productIndex.has(Number(r.productId))) productIndex.set(Number(r.productId), productIndex.size);
  const m = productIndex.size;
  const products = { id: new Int32Array(m), winningPriceFen: new Int32Array(m), conversionRatio: new Float64Array(m) };
  const set: CandidateSet = {
    length: n,
    id: new Float64Array(n),
    institutionId: new Int32Array(n),
    sellingPriceFen: new Int32Array(n),
    lat: new Float64Array(n),
    lng: new Float64Array(n),
    stock: new Uint8Array(n),
    products,
    product: m <= 1 ? null : m <= 0xffff ? new Uint16Array(n) : new Uint32Array(n),
    strips: { keys: new Int32Array(0), start: new Int32Array(0) },
  };
  const keys: number[] = [];
  const start: number[] = [];
  order.forEach((from, i) => {
    if (keys.length === 0 || keys[keys.length - 1] !== strip[from]) {
      keys.push(strip[from]!);
      start.push(i);
    }
    const r = rows[from]!;
    const p = productIndex.get(Number(r.productId))!;
    products.id[p] = Number(r.productId);
    products.winningPriceFen[p] = Number(r.winningPriceFen);
    products.conversionRatio[p] = Number(r.conversionRatio);
    if (set.product) set.product[i] = p;
    set.id[i] = Number(r.id);
    set.institutionId[i] = Number(r.institutionId);
    set.sellingPriceFen[i] = Number(r.sellingPriceFen);
    set.lat[i] = Number(r.lat);
    set.lng[i] = Number(r.lng);
    set.stock[i] = stockIndex(r.stockState);
  });
  start.push(n);
  set.strips = { keys: Int32Array.from(keys), start: Int32Array.from(start) };
  return set;
}

/** The index into set.products of row i. */
const productOf = (s: CandidateSet, i: number): number => (s.product ? s.product[i]! : 0);

/** The first index in [lo, hi) whose value is ≥ x (values ascending there). */
function lowerBound(values: Int32Array | Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const stockStateAt = (s: CandidateSet, i: number): string => STOCK_STATES[s.stock[i]!]!;
/** The stock index (CandidateSet.stock) of a state, so a scan compares small numbers, not strings. */
export const stockIndexOf = stockIndex;

const rowAt = (s: CandidateSet, i: number): Candidate => {
  const p = productOf(s, i);
  return {
    id: s.id[i]!,
    institutionId: s.institutionId[i]!,
    productId: s.products.id[p]!,
    sellingPriceFen: s.sellingPriceFen[i]!,
    stockState: STOCK_STATES[s.stock[i]!]!,
    lat: s.lat[i]!,
    lng: s.lng[i]!,
    conversionRatio: s.products.conversionRatio[p]!,
    winningPriceFen: s.products.winningPriceFen[p]!,
  };
};

/** The rows inside a lat/lng box (bounds included, as BETWEEN). */
export function inBox(s: CandidateSet, box: Box): Candidate[] {
  const out: Candidate[] = [];
  eachInBox(s, box, (i) => out.push(rowAt(s, i)));
  return out;
}

export type Box = { minLat: number; maxLat: number; minLng: number; maxLng: number };

/**
 * Calls visit(from, to) for each strip the box crosses with the run of its rows whose longitude is inside
 * the box (bounds included): rows from … to-1, whose latitude the caller still checks. One call per strip,
 * so a caller's own loop over the rows stays one tight loop.
 */
function eachLngRun(s: CandidateSet, box: Box, visit: (from: number, to: number) => void): void {
  const [first, end] = stripsIn(s, box);
  for (let k = first; k < end; k++) {
    const from = lngStart(s, k, box.minLng);
    const stop = s.strips.start[k + 1]!;
    let to = from;
    while (to < stop && s.lng[to]! <= box.maxLng) to++;
    if (to > from) visit(from, to);
  }
}

/**
 * The strips of a set the box crosses: strips first … end-1 (rows strips.start[k] … strips.start[k+1]-1
 * of strip k, west to east). For a caller's own loop over a box (the basket quote): from lngStart(k) it
 * walks east until a row's longitude passes the box, so each row is read once.
 */
export function stripsIn(s: CandidateSet, box: Box): [first: number, end: number] {
  const { keys } = s.strips;
  const last = stripOf(box.maxLat);
  const first = lowerBound(keys, stripOf(box.minLat), 0, keys.length);
  let end = first;
  while (end < keys.length && keys[end]! <= last) end++;
  return [first, end];
}

/** The first row of strip k whose longitude is ≥ minLng. */
export const lngStart = (s: CandidateSet, k: number, minLng: number): number => lowerBound(s.lng, minLng, s.strips.start[k]!, s.strips.start[k + 1]!);

/** Calls visit with the index of each row inside the box (bounds included), strip by strip, west to east in each. */
function eachInBox(s: CandidateSet, box: Box, visit: (i: number) => void): void {
  eachLngRun(s, box, (from, to) => {
    for (let i = from; i < to; i++) {
      const lat = s.lat[i]!;
      if (lat >= box.minLat && lat <= box.maxLat) visit(i);
    }
  });
}

export const allOf = (s: CandidateSet): Candidate[] => Array.from({ length: s.length }, (_, i) => rowAt(s, i));

/** The page's institutions' badges, from the cache where it has them (one query for the rest). */
async function pageBadges(db: Db, cache: CandidateCache | null, institutionIds: number[]): Promise<Map<number, BadgeView[]>> {
  if (!cache) return activeBadges(db, institutionIds);
  const held = await cache.badges.getMany(institutionIds, async (missing) => {
    const found = await activeBadges(db, missing);
    return new Map(missing.map((id) => [id, found.get(id) ?? []]));
  });
  return new Map(institutionIds.map((id) => [id, held.get(id) ?? []]));
}

export interface InstitutionCard {
  id: number;
  code: string;
  name: string;
  type: string;
  address: string;
  /** what the markup rule asks of the institution (judgeOffer) */
  city: InstitutionRecord['city'];
  commitment: InstitutionRecord['commitment'];
  priceIndexMet: OfferRow['priceIndexMet'];
}

/** Code, name, type, address and what the markup rule asks of institutions, from the cache where it has them (one query for the rest). */
export async function institutionCards(db: Db, ids: number[]): Promise<Map<number, InstitutionCard>> {
  const cache = await currentCache(db);
  const load = async (missing: number[]) => {
    const rows = await db.all<InstitutionCard>(`SELECT id, code, name, type, address, city, commitment, price_index_met AS "priceIndexMet" FROM institutions WHERE ${inIds(db, 'id')}`, [idsParam(db, missing)]);
    return new Map(rows.map((r) => [r.id, r]));
  };
  return cache ? cache.institutions.getMany(ids, load) : load(ids);
}

/** The page's offers in full, by offer id (read after findOffers checked the cache's version). */
async function pageRows(db: Db, cache: CandidateCache | null, ids: number[]): Promise<Map<number, OfferRow>> {
  const load = async (missing: number[]) => {
    // PostgreSQL: driven by the ids (unnest), every join is an index lookup; with `o.id = ANY(…)` the planner
    // hashed the whole products table for ~80 offers (measured when the basket quote read its lines here, full
    // size, EXPLAIN ANALYZE: 1.8–3.8 → 0.97 ms; under the basket load 22 ms a call). The basket now renders its
    // lines from cached products and institutions (repositories/basket.ts renderer)
    const rows = await db.all<OfferRow>(
      db.dialect === 'pg'
        ? `SELECT ${OFFER_COLUMNS} FROM unnest(?::int[]) AS x(id)
           JOIN offers o ON o.id = x.id
           JOIN products p ON p.id = o.product_id
           JOIN institutions i ON i.id = o.institution_id`
        : `SELECT ${OFFER_COLUMNS} FROM offers o
           JOIN products p ON p.id = o.product_id
           JOIN institutions i ON i.id = o.institution_id
           WHERE ${inIds(db, 'o.id')}`,
      [idsParam(db, missing)],
    );
    return new Map(rows.map((r) => [r.id, r]));
  };
  return cache ? cache.full.getMany(ids, load) : load(ids);
}

export { isRetail };
