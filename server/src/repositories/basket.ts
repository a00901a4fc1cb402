import { BASKET_RESULT_LIMIT, type BasketInstitution, type BasketLine, type BasketQuoteRequest, type BasketQuoteResponse, type BasketStop, formatYuan, INSTITUTION_TYPE_LABELS, type InstitutionType, MARKUP_STATUS_LABELS, packsFor, PAIR_FEN_PER_KM, PAIR_RULE_TEXT, type RegionPolicy, boundingBox, distanceKm } from '@yaojia/shared';
import { type Db, idsParam, inIds } from '../db/client.js';
import { BadRequestError } from '../errors.js';
import { type Box, type CandidateSet, candidateSets, DistancesFrom, institutionCards, judgeOffer, lngStart, stockIndexOf, stripsIn } from './offers.js';
import { keptManyUntilDataChanges, keptUntilDataChanges } from './kept.js';
import { concentratedRangeUpper } from './price-range.js';

export interface QuoteInput extends BasketQuoteRequest {
  regionId: number;
  policy: RegionPolicy;
}

/** A requested product as the region's catalog has it. */
interface Requested {
  id: number;
  code: string;
  genericName: string;
  spec: string;
  conversionRatio: number;
  winningPriceFen: number;
}

/** How one institution fills one item: its cheapest in-stock way to cover the month's units. */
export interface Fill {
  costFen: number;
  offerId: number;
  productId: number;
  packs: number;
  priceFen: number;
}

/**
 * Every institution's fill of every item: stop s, item k at slot s × items + k, whose five numbers (cost,
 * offer id, product id, packs, price) sit side by side in one array (cost < 0: the stop lacks the item).
 * The scan meets thousands of offers a quote and kept an object for each one that was an institution's
 * best so far; here it writes numbers, and a Fill is made only for what is shown. One array rather than
 * five (measured: the same speed in-process), so it grows and resets in one place.
 */
export class Fills {
  /** per slot: COST, OFFER, PRODUCT, PACKS, PRICE */
  data = new Float64Array(0);

  constructor(public items: number) {}

  /** room for `stops` stops (the new ones lack every item) */
  ensure(stops: number): void {
    const need = stops * this.items * FILL_WIDTH;
    if (need <= this.data.length) return;
    const grown = new Float64Array(Math.max(need, this.data.length * 2, 256 * this.items * FILL_WIDTH));
    grown.set(this.data);
    for (let at = this.data.length; at < grown.length; at += FILL_WIDTH) grown[at] = -1;
    this.data = grown;
  }

  /** Empties the fills of the last `stops` stops and sets the item count (the array is kept). */
  reset(items: number, stops: number): void {
    const used = Math.min(this.data.length, stops * this.items * FILL_WIDTH);
    for (let at = 0; at < used; at += FILL_WIDTH) this.data[at] = -1;
    this.items = items;
  }

  /** the month's cost of stop s's fill of item k (< 0: none) */
  cost(stop: number, k: number): number {
    return this.data[(stop * this.items + k) * FILL_WIDTH]!;
  }

  has(stop: number, k: number): boolean {
    return this.cost(stop, k) >= 0;
  }

  get(stop: number, k: number): Fill | undefined {
    const at = (stop * this.items + k) * FILL_WIDTH;
    const d = this.data;
    const costFen = d[at]!;
    if (costFen < 0) return undefined;
    return { costFen, offerId: d[at + 1]!, productId: d[at + 2]!, packs: d[at + 3]!, priceFen: d[at + 4]! };
  }

  /**
   * Whether stop a's fill of item k is preferred over stop b's (both have one): cheaper month, then the
   * requested product, then the lower product id.
   */
  better(a: number, b: number, k: number, requestedId: number): boolean {
    const i = (a * this.items + k) * FILL_WIDTH;
    const j = (b * this.items + k) * FILL_WIDTH;
    const d = this.data;
    return preferred(d[i]!, d[i + 2]!, d[j]!, d[j + 2]!, requestedId);
  }
}
const FILL_WIDTH = 5;

/** Whether (cost a, product a) is preferred over (cost b, product b) for an item: cheaper, the requested product, lower id. */
function preferred(costA: number, productA: number, costB: number, productB: number, requestedId: number): boolean {
  if (costA !== costB) return costA < costB;
  const ar = productA === requestedId ? 0 : 1;
  const br = productB === requestedId ? 0 : 1;
  if (ar !== br) return ar < br;
  return productA < productB;
}

/** One institution within the radius, as a plan shows it; its fills are row `index` of the quote's Fills. */
export interface Stop {
  index: number;
  institutionId: number;
  lat: number;
  lng: number;
  d: number;
  covered: number;
  totalFen: number;
}

/**
 * Every institution within the radius, in columns: stop s's institution, place and distance, and (after
 * the scan) how many items it has and their month's total. Columns, so the one QuoteScan keeps them from
 * quote to quote (a dense city centre has ~1,700 stops); a Stop object is made only for a stop a plan
 * shows, and a plan keeps it after the columns serve the next quote.
 */
export class Stops {
  count = 0;
  institutionId = new Int32Array(0);
  lat = new Float64Array(0);
  lng = new Float64Array(0);
  d = new Float64Array(0);
  covered = new Int32Array(0);
  totalFen = new Float64Array(0);

  /** Adds a stop; returns its index. */
  add(institutionId: number, lat: number, lng: number, d: number): number {
    const s = this.count++;
    if (s === this.d.length) {
      const size = Math.max(256, s * 2);
      const grow = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
        const b = make(size);
        b.set(a);
        return b;
      };
      this.institutionId = grow(this.institutionId, (n) => new Int32Array(n));
      this.lat = grow(this.lat, (n) => new Float64Array(n));
      this.lng = grow(this.lng, (n) => new Float64Array(n));
      this.d = grow(this.d, (n) => new Float64Array(n));
      this.covered = grow(this.covered, (n) => new Int32Array(n));
      this.totalFen = grow(this.totalFen, (n) => new Float64Array(n));
    }
    this.institutionId[s] = institutionId;
    this.lat[s] = lat;
    this.lng[s] = lng;
    this.d[s] = d;
    this.covered[s] = 0;
    this.totalFen[s] = 0;
    return s;
  }

  /** Stop s as an object of its own (a plan keeps it after the scan's arrays serve the next quote). */
  at(s: number): Stop {
    return { index: s, institutionId: this.institutionId[s]!, lat: this.lat[s]!, lng: this.lng[s]!, d: this.d[s]!, covered: this.covered[s]!, totalFen: this.totalFen[s]! };
  }
}

/** A ranked plan: one stop, or two stops in the order the route visits them (nearer first). */
export interface Plan {
  stops: Stop[];
  /** per item: the chosen fill and which of `stops` gives it */
  lines: Array<{ fill: Fill; stop: Stop } | undefined>;
  totalFen: number;
  routeKm: number;
  scoreFen: number;
}

const singlePlan = (stops: Stops, fills: Fills) => (index: number): Plan => {
  const s = stops.at(index);
  return {
    stops: [s],
    lines: Array.from({ length: fills.items }, (_, k) => {
      const fill = fills.get(index, k);
      return fill ? { fill, stop: s } : undefined;
    }),
    totalFen: s.totalFen,
    routeKm: s.d,
    scoreFen: s.totalFen,
  };
};

/**
 * The first BASKET_RESULT_LIMIT stops in the order `before` (a total order: ties end on the institution
 * id) among those with `covered` items (`all`: every item; else: some but not all), kept by insertion: a
 * dense city has ~1,700 stops to rank, to show ten.
 */
function topStops(stops: Stops, items: number, all: boolean, before: (stops: Stops, a: number, b: number) => boolean): number[] {
  const top: number[] = [];
  const k = BASKET_RESULT_LIMIT;
  for (let s = 0; s < stops.count; s++) {
    if ((stops.covered[s] === items) !== all) continue;
    let i: number;
    if (top.length < k) {
      i = top.length;
      top.push(s);
    } else if (before(stops, s, top[k - 1]!)) {
      i = k - 1;
    } else continue;
    while (i > 0 && before(stops, s, top[i - 1]!)) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = s;
  }
  return top;
}

/** cheaper, then nearer, then the lower institution id */
function cheaper(stops: Stops, a: number, b: number): boolean {
  const { totalFen, d, institutionId } = stops;
  if (totalFen[a] !== totalFen[b]) return totalFen[a]! < totalFen[b]!;
  if (d[a] !== d[b]) return d[a]! < d[b]!;
  return institutionId[a]! < institutionId[b]!;
}

/** more items, then cheaper, nearer, lower id */
function moreThenCheaper(stops: Stops, a: number, b: number): boolean {
  const { covered } = stops;
  if (covered[a] !== covered[b]) return covered[a]! > covered[b]!;
  return cheaper(stops, a, b);
}

/** Singles: every item, cheapest total first (then nearer, then lower id). */
export function rankSingles(stops: Stops, fills: Fills): Plan[] {
  return topStops(stops, fills.items, true, cheaper).map(singlePlan(stops, fills));
}

/** Partial stops: most items first, then cheapest, nearer, lower id. */
export function rankPartial(stops: Stops, fills: Fills): Plan[] {
  return topStops(stops, fills.items, false, moreThenCheaper).map(singlePlan(stops, fills));
}

/**
 * Two stops that together have every item, by score = total + PAIR_FEN_PER_KM × route (route: user →
 * nearer stop → the other), then total, route, and the ids of the nearer and the other stop. Each item
 * is bought where it is cheaper (a tie goes to the nearer stop). Exact: every pair whose items cover the
 * list is scored (a bit mask per stop makes the cover test one OR); a pair's lines are made only when
 * its score can still be among the best.
 */
export function rankPairs(stops: Stops, fills: Fills, requestedIds: number[]): Plan[] {
  const itemCount = fills.items;
  const full = itemCount >= 31 ? -1 : (1 << itemCount) - 1;
  const { d, institutionId } = stops;
  const some: number[] = [];
  const masks: number[] = [];
  for (let s = 0; s < stops.count; s++) {
    if (stops.covered[s] === 0) continue;
    let mask = 0;
    for (let k = 0; k < itemCount; k++) if (fills.has(s, k)) mask |= 1 << k;
    some.push(s);
    masks.push(mask);
  }
  // per item of the pair being scored: 1 when the far stop gives it
  const fromFar = new Uint8Array(itemCount);
  const best: Plan[] = [];
  let worst = Infinity; // the score of the last kept plan once BASKET_RESULT_LIMIT are kept
  for (let i = 0; i < some.length; i++) {
    const a = some[i]!;
    for (let j = i + 1; j < some.length; j++) {
      if ((masks[i]! | masks[j]!) !== full) continue;
      const b = some[j]!;
      // nearer first; equal distances: lower id first
      const aFirst = d[a]! < d[b]! || (d[a] === d[b] && institutionId[a]! < institutionId[b]!);
      const near = aFirst ? a : b;
      const far = aFirst ? b : a;
      const routeKm = d[near]! + distanceKm(stops.lat[near]!, stops.lng[near]!, stops.lat[far]!, stops.lng[far]!);
      let totalFen = 0;
      for (let k = 0; k < itemCount; k++) {
        const far_ = !fills.has(near, k) || (fills.has(far, k) && fills.better(far, near, k, requestedIds[k]!));
        fromFar[k] = far_ ? 1 : 0;
        totalFen += fills.cost(far_ ? far : near, k);
      }
      const scoreFen = totalFen + PAIR_FEN_PER_KM * routeKm;
      if (scoreFen > worst) continue;
      const nearStop = stops.at(near);
      const farStop = stops.at(far);
      const lines: Plan['lines'] = [];
      for (let k = 0; k < itemCount; k++) {
        const stop = fromFar[k] ? farStop : nearStop;
        lines.push({ fill: fills.get(stop.index, k)!, stop });
      }
      best.push({ stops: [nearStop, farStop], lines, totalFen, routeKm, scoreFen });
      if (best.length > BASKET_RESULT_LIMIT * 4) {
        best.sort(comparePlans);
        best.length = BASKET_RESULT_LIMIT;
        worst = best[best.length - 1]!.scoreFen;
      }
    }
  }
  return best.sort(comparePlans).slice(0, BASKET_RESULT_LIMIT);
}

export function comparePlans(a: Plan, b: Plan): number {
  return (
    a.scoreFen - b.scoreFen ||
    a.totalFen - b.totalFen ||
    a.routeKm - b.routeKm ||
    a.stops[0]!.institutionId - b.stops[0]!.institutionId ||
    (a.stops[1]?.institutionId ?? 0) - (b.stops[1]?.institutionId ?? 0)
  );
}

function median(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  // selection, not a sort: only the middle of thousands of costs is needed (the sort was 8 % of a quote);
  // it reorders `values`, the caller's scratch
  const v = values;
  const mid = v.length >> 1;
  const upper = select(v, mid);
  // an even count: the mean of the two middle values, rounded to the fen (the lower one is the largest
  // value left of the selected one)
  if (v.length % 2) return upper;
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (v[i]! > lower) lower = v[i]!;
  return Math.round((lower + upper) / 2);
}

/** The k-th smallest value of v (0-based), moving it to v[k] with smaller ones before it (Hoare's quickselect). */
function select(v: Float64Array, k: number): number {
  let lo = 0;
  let hi = v.length - 1;
  while (lo < hi) {
    const pivot = v[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i]! < pivot) i++;
      while (v[j]! > pivot) j--;
      if (i <= j) {
        const t = v[i]!;
        v[i] = v[j]!;
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return v[k]!;
}

/** What the scan of one item needs: the month's units and packs, whether makers may substitute, the requested product. */
interface ItemScan {
  units: number;
  packs: number;
  substitute: boolean;
  requestedId: number;
}

/**
 * The scan of a quote: every offer of each item within the radius, one loop over the cached columns (the
 * nearby query's candidate sets: one per product), each institution's best fill of each item kept in
 * Fills. A class of its own, synchronous, so the loop is optimised apart from the async quoteBasket (whose
 * optimised code V8 dropped whenever a request's object shapes differed, and the loop's with it).
 */
class QuoteScan {
  readonly fills = new Fills(0);
  readonly stops = new Stops();
  private readonly distances = new DistancesFrom(0, 0);
  private box: Box = boundingBox(0, 0, 0);
  private radiusKm = 0;
  private readonly outOfStock = stockIndexOf('out_of_stock');
  // each institution's stop by id: slot[id] - 1 indexes `all` (0: none yet). A Map keyed by institution id
  // was looked up once per offer in the radius, thousands a quote.
  private slot = new Int32Array(1024);
  /** the costs of the current item's offers, for its median */
  private costs = new Float64Array(1024);
  /** a set's rows within the radius (row index, km), between the two loops of set() and take() */
  private hits = new Int32Array(1024);
  private hitKm = new Float64Array(1024);

  /**
   * Starts a quote, reusing the last one's arrays: a new scan for each quote allocated and cleared ~0.5 MB
   * of typed arrays (the fills, the slot table, the distance memo) for a dense city's 1,700 stops.
   */
  start(items: number, lat: number, lng: number, radiusKm: number): this {
    const { stops } = this;
    for (let s = 0; s < stops.count; s++) this.slot[stops.institutionId[s]!] = 0;
    this.fills.reset(items, stops.count);
    stops.count = 0;
    this.distances.moveTo(lat, lng);
    this.box = boundingBox(lat, lng, radiusKm);
    this.radiusKm = radiusKm;
    return this;
  }

  /** Scans item k's sets; returns the median cost of its in-stock offers in the radius (NaN: none). */
  item(k: number, sets: CandidateSet[], o: ItemScan): number {
    let n = 0;
    for (const set of sets) n = this.set(k, set, n, o);
    return median(this.costs.subarray(0, n));
  }

  /**
   * One set's rows in the box, strip by strip, each row read once: from the strip's first row at the
   * box's west edge east until a row passes its east edge. The rows within the radius are listed first and
   * taken after, in two small loops: V8 inlined the distance into the one big loop this was, only in part.
   * n: the item's costs so far (returned, with this set's).
   */
  private set(k: number, set: CandidateSet, n: number, o: ItemScan): number {
    const { box, outOfStock, radiusKm, distances } = this;
    const { lat: lats, lng: lngs, stock, institutionId: institutions } = set;
    const starts = set.strips.start;
    const { maxLng, minLat, maxLat } = box;
    if (this.hits.length < set.length) {
      this.hits = new Int32Array(set.length);
      this.hitKm = new Float64Array(set.length);
    }
    const { hits, hitKm } = this;
    let m = 0;
    const [first, end] = stripsIn(set, box);
    for (let strip = first; strip < end; strip++) {
      const stop = starts[strip + 1]!;
      for (let i = lngStart(set, strip, box.minLng); i < stop; i++) {
        const lng = lngs[i]!;
        if (lng > maxLng) break;
        const lat = lats[i]!;
        if (lat < minLat || lat > maxLat || stock[i] === outOfStock) continue;
        const d = distances.of(institutions[i]!, lat, lng);
        if (d > radiusKm) continue;
        hits[m] = i;
        hitKm[m++] = d;
      }
    }
    return m ? this.take(k, set, m, n, o) : n;
  }

  /** Takes a set's rows hits[0 … m-1] (within the radius, in stock) into the item's costs and the fills. */
  private take(k: number, set: CandidateSet, m: number, n: number, o: ItemScan): number {
    const { fills, hits, hitKm } = this;
    const { lat: lats, lng: lngs, institutionId: institutions, sellingPriceFen: prices, products } = set;
    // a product's set (one product: every set a basket reads) needs its 转换比 and packs once
    const rowProducts = set.product;
    const setPacks = rowProducts === null ? (o.substitute ? packsFor(o.units, products.conversionRatio[0]!) : o.packs) : 0;
    const items = fills.items;
    if (n + m > this.costs.length) {
      const grown = new Float64Array(Math.max(n + m, this.costs.length * 2));
      grown.set(this.costs);
      this.costs = grown;
    }
    const costs = this.costs;
    for (let h = 0; h < m; h++) {
      const i = hits[h]!;
      const institutionId = institutions[i]!;
      const price = prices[i]!;
      const p = rowProducts === null ? 0 : rowProducts[i]!;
      const productId = products.id[p]!;
      const packsNeeded = rowProducts === null ? setPacks : o.substitute ? packsFor(o.units, products.conversionRatio[p]!) : o.packs;
      const costFen = packsNeeded * price;
      costs[n++] = costFen;
      if (institutionId >= this.slot.length) {
        const grown = new Int32Array(Math.max(institutionId + 1, this.slot.length * 2));
        grown.set(this.slot);
        this.slot = grown;
      }
      let s = this.slot[institutionId]! - 1;
      if (s < 0) {
        s = this.stops.add(institutionId, lats[i]!, lngs[i]!, hitKm[h]!);
        this.slot[institutionId] = s + 1;
        fills.ensure(s + 1);
      }
      const at = (s * items + k) * FILL_WIDTH;
      const data = fills.data;
      const had = data[at]!;
      if (had < 0 || preferred(costFen, productId, had, data[at + 2]!, o.requestedId)) {
        data[at] = costFen;
        data[at + 1] = set.id[i]!;
        data[at + 2] = productId;
        data[at + 3] = packsNeeded;
        data[at + 4] = price;
      }
    }
    return n;
  }

  /** Every stop with how many items it has and their total. */
  done(): { stops: Stops; fills: Fills } {
    const { stops, fills } = this;
    for (let s = 0; s < stops.count; s++) {
      let covered = 0;
      let totalFen = 0;
      for (let k = 0; k < fills.items; k++) {
        const cost = fills.cost(s, k);
        if (cost >= 0) {
          covered++;
          totalFen += cost;
        }
      }
      stops.covered[s] = covered;
      stops.totalFen[s] = totalFen;
    }
    return { stops, fills };
  }
}

const quoteScan = new QuoteScan();

/** 20,000 codes: every product of a few provinces (a few hundred bytes each) */
const REQUESTED_MAX = 20_000;
const requestedProducts = keptUntilDataChanges<Requested | null>(REQUESTED_MAX);
/**
 * A requested product as the catalog has it, kept until the data changes: every quote asked the database
 * for the same few rows again (≈ 4 % of a quote's CPU at full size).
 */
function requestedProduct(db: Db, regionId: number, code: string): Promise<Requested | null> {
  return requestedProducts(db, `${regionId}\u0000${code}`, async () =>
    (await db.get<Requested>(
      `SELECT id, code, generic_name AS "genericName", spec, conversion_ratio AS "conversionRatio", winning_price_fen AS "winningPriceFen"
       FROM products WHERE region_id = ? AND removed_at IS NULL AND code = ?`,
      [regionId, code],
    )) ?? null);
}

/**
 * The basket quote: for a list of medicines (医保药品编码 + packs a month), every institution within the
 * radius is scored by what the month's list costs there (in-stock offers only; with `substitute` any maker
 * of the same 通用名 and 规格 may fill an item, counted by units so a 14-tablet box and a 28-tablet box
 * compare fairly). Exact, not sampled: the candidate sets are the nearby query's (repositories/offers.ts),
 * one per item, and each is read whole.
 */
export async function quoteBasket(db: Db, q: QuoteInput, now = new Date()): Promise<BasketQuoteResponse> {
  const codes = q.items.map((i) => i.code);
  const dup = codes.find((c, i) => codes.indexOf(c) !== i);
  if (dup) throw new BadRequestError(`同一种药品（${dup}）添加了两次，请合并为一项并填写每月用量`);
  const substitute = q.substitute ?? true;

  const byCode = new Map<string, Requested>();
  for (const code of codes) {
    const product = await requestedProduct(db, q.regionId, code);
    if (product) byCode.set(code, product);
  }
  const unknown = codes.filter((c) => !byCode.has(c));
  const items = q.items.filter((i) => byCode.has(i.code)).map((i) => ({ ...i, product: byCode.get(i.code)! }));

  const setsOf = await candidateSets(db);
  const itemSets: CandidateSet[][] = [];
  for (const { product } of items) {
    itemSets.push(await setsOf(substitute ? { regionId: q.regionId, generic: product.genericName, spec: product.spec } : { regionId: q.regionId, code: product.code }));
  }
  // from here to the ranking nothing awaits: one QuoteScan serves every quote in turn
  const scan = quoteScan.start(items.length, q.lat, q.lng, q.radiusKm);
  // each item's median cost in the radius (NaN: no offer)
  const medians = new Float64Array(items.length);
  for (let k = 0; k < items.length; k++) {
    const { product, packs } = items[k]!;
    medians[k] = scan.item(k, itemSets[k]!, { units: packs * product.conversionRatio, packs, substitute, requestedId: product.id });
  }
  const { stops, fills } = scan.done();
  const single = items.length ? rankSingles(stops, fills) : [];
  const pairs = items.length && single.length === 0 ? rankPairs(stops, fills, items.map((i) => i.product.id)) : [];
  const partial = items.length ? rankPartial(stops, fills) : [];
  const institutionsConsidered = stops.count;

  const medianTotal = items.length && medians.every((m) => !Number.isNaN(m)) ? medians.reduce((s, m) => s + m, 0) : null;
  const render = await renderer(db, q.policy, now, items.map((i) => i.code), medianTotal, [...single, ...pairs, ...partial]);
  return {
    single: single.map(render),
    pairs: pairs.map(render),
    partial: partial.map(render),
    reference: {
      winningTotal: formatYuan(items.reduce((s, i) => s + i.packs * i.product.winningPriceFen, 0)),
      medianTotal: medianTotal === null ? null : formatYuan(medianTotal),
      institutionsConsidered,
      pairRule: PAIR_RULE_TEXT,
    },
    unknown,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** What a basket line shows of a product. */
interface LineProduct {
  id: number;
  code: string;
  productName: string;
  spec: string;
  maker: string;
  packUnit: string;
  winningPriceFen: number;
}
const lineProducts = keptManyUntilDataChanges<number, LineProduct>(REQUESTED_MAX);

/** The products of the given ids as a line shows them, kept until the data changes (a region has a few thousand). */
function productsById(db: Db, ids: number[]): Promise<Map<number, LineProduct>> {
  return lineProducts(db, ids, async (missing) => {
    const rows = await db.all<LineProduct>(
      `SELECT id, code, product_name AS "productName", spec, maker, pack_unit AS "packUnit", winning_price_fen AS "winningPriceFen"
       FROM products WHERE ${inIds(db, 'id')}`,
      [idsParam(db, missing)],
    );
    return new Map(rows.map((r) => [r.id, r]));
  });
}

/**
 * Reads what the ranked plans show: products and institutions, both kept until the data changes, so a
 * quote asks the database nothing new once its stops and products have been shown before. The offer's own
 * numbers (price, packs) are the fill's, from the same cached columns the scan read. It read each shown
 * offer's joined row from SQL before: on a first visit ~100 rows, in the middle of the request.
 */
async function renderer(db: Db, policy: RegionPolicy, now: Date, codes: string[], medianTotal: number | null, plans: Plan[]) {
  const productIds = [...new Set(plans.flatMap((p) => p.lines.flatMap((l) => (l ? [l.fill.productId] : []))))];
  const products = await productsById(db, productIds);
  const institutions = await institutionCards(db, [...new Set(plans.flatMap((p) => p.stops.map((s) => s.institutionId)))]);
  const rangeUpper = policy.retail.kind === 'concentrated_range' ? await concentratedRangeUpper(db, productIds) : new Map<number, number | null>();

  return (plan: Plan): BasketStop => {
    const lines: BasketLine[] = [];
    const missing: string[] = [];
    let winningFen = 0;
    plan.lines.forEach((l, k) => {
      if (!l) {
        missing.push(codes[k]!);
        return;
      }
      const product = products.get(l.fill.productId)!;
      const institution = institutions.get(l.stop.institutionId)!;
      const markup = judgeOffer({ sellingPriceFen: l.fill.priceFen, winningPriceFen: product.winningPriceFen, productId: product.id, institutionType: institution.type,
        commitment: institution.commitment, city: institution.city, priceIndexMet: institution.priceIndexMet }, policy, rangeUpper);
      winningFen += l.fill.packs * product.winningPriceFen;
      lines.push({
        code: codes[k]!,
        chosenCode: product.code,
        price: formatYuan(l.fill.priceFen),
        packs: l.fill.packs,
        subtotal: formatYuan(l.fill.costFen),
        institutionId: l.stop.institutionId,
        name: product.productName,
        spec: product.spec,
        maker: product.maker,
        packUnit: product.packUnit,
        winningPrice: formatYuan(product.winningPriceFen),
        markup: { status: markup.status, label: MARKUP_STATUS_LABELS[markup.status] },
      });
    });
    const insts: BasketInstitution[] = plan.stops.map((s) => {
      const i = institutions.get(s.institutionId)!;
      const type = i.type as InstitutionType;
      return {
        id: s.institutionId,
        code: i.code,
        name: i.name,
        distanceKm: round2(s.d),
        type,
        typeLabel: INSTITUTION_TYPE_LABELS[type] ?? i.type,
        address: i.address,
        lat: s.lat,
        lng: s.lng,
      };
    });
    return {
      institutions: insts,
      total: formatYuan(plan.totalFen),
      winningTotal: formatYuan(winningFen),
      saving: medianTotal === null || missing.length ? null : formatYuan(medianTotal - plan.totalFen),
      routeKm: round2(plan.routeKm),
      items: lines,
      missing,
    };
  };
}
