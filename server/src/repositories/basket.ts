import { BASKET_RESULT_LIMIT, type BasketInstitution, type BasketLine, type BasketQuoteRequest, type BasketQuoteResponse, type BasketStop, formatYuan, INSTITUTION_TYPE_LABELS, type InstitutionType, MARKUP_STATUS_LABELS, packsFor, PAIR_FEN_PER_KM, PAIR_RULE_TEXT, type RegionPolicy, boundingBox, distanceKm } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { BadRequestError } from '../errors.js';
import { type Box, type CandidateSet, candidateSets, DistancesFrom, eachLngRun, institutionCards, judgeOffer, offerRows, productOf, stockIndexOf } from './offers.js';
import { keptUntilDataChanges } from './kept.js';
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
 * Every institution's fill of every item, in columns: stop s, item k at s × items + k (costFen < 0: the
 * stop lacks the item). The scan meets thousands of offers a quote and kept an object for each one that
 * was an institution's best so far; here it writes numbers, and a Fill is made only for what is shown.
 */
export class Fills {
  costFen = new Float64Array(0);
  offerId = new Float64Array(0);
  productId = new Int32Array(0);
  packs = new Int32Array(0);
  priceFen = new Int32Array(0);

  constructor(readonly items: number) {}

  /** room for `stops` stops (the new ones lack every item) */
  ensure(stops: number): void {
    const need = stops * this.items;
    if (need <= this.costFen.length) return;
    const size = Math.max(need, this.costFen.length * 2, 256 * this.items);
    const grow = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
    const cost = grow(this.costFen, (n) => new Float64Array(n));
    cost.fill(-1, this.costFen.length);
    this.costFen = cost;
    this.offerId = grow(this.offerId, (n) => new Float64Array(n));
    this.productId = grow(this.productId, (n) => new Int32Array(n));
    this.packs = grow(this.packs, (n) => new Int32Array(n));
    this.priceFen = grow(this.priceFen, (n) => new Int32Array(n));
  }

  has(stop: number, k: number): boolean {
    return this.costFen[stop * this.items + k]! >= 0;
  }

  get(stop: number, k: number): Fill | undefined {
    const at = stop * this.items + k;
    const costFen = this.costFen[at]!;
    if (costFen < 0) return undefined;
    return { costFen, offerId: this.offerId[at]!, productId: this.productId[at]!, packs: this.packs[at]!, priceFen: this.priceFen[at]! };
  }

  /**
   * Whether stop a's fill of item k is preferred over stop b's (both have one): cheaper month, then the
   * requested product, then the lower product id.
   */
  better(a: number, b: number, k: number, requestedId: number): boolean {
    const i = a * this.items + k;
    const j = b * this.items + k;
    return preferred(this.costFen[i]!, this.productId[i]!, this.costFen[j]!, this.productId[j]!, requestedId);
  }
}

/** Whether (cost a, product a) is preferred over (cost b, product b) for an item: cheaper, the requested product, lower id. */
function preferred(costA: number, productA: number, costB: number, productB: number, requestedId: number): boolean {
  if (costA !== costB) return costA < costB;
  const ar = productA === requestedId ? 0 : 1;
  const br = productB === requestedId ? 0 : 1;
  if (ar !== br) return ar < br;
  return productA < productB;
}

/** One institution within the radius; its fills are row `index` of the quote's Fills. */
export interface Stop {
  index: number;
  institutionId: number;
  lat: number;
  lng: number;
  d: number;
  covered: number;
  totalFen: number;
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

/**
 * The first k of `items` that pass `keep`, in the order of `compare` (a total order: ties end on the
 * institution id), kept by insertion: the quote sorted thousands of stops to show ten of them.
 */
function firstInOrder<T>(items: readonly T[], k: number, keep: (t: T) => boolean, compare: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  for (const t of items) {
    if (!keep(t)) continue;
    let i: number;
    if (out.length < k) {
      i = out.length;
      out.push(t);
    } else if (compare(t, out[k - 1]!) < 0) {
      i = k - 1;
    } else continue;
    while (i > 0 && compare(t, out[i - 1]!) < 0) {
      out[i] = out[i - 1]!;
      i--;
    }
    out[i] = t;
  }
  return out;
}

const singlePlan = (fills: Fills) => (s: Stop): Plan => ({
  stops: [s],
  lines: Array.from({ length: fills.items }, (_, k) => {
    const fill = fills.get(s.index, k);
    return fill ? { fill, stop: s } : undefined;
  }),
  totalFen: s.totalFen,
  routeKm: s.d,
  scoreFen: s.totalFen,
});

/** Singles: every item, cheapest total first (then nearer, then lower id). */
export function rankSingles(stops: Stop[], fills: Fills): Plan[] {
  return firstInOrder(stops, BASKET_RESULT_LIMIT, (s) => s.covered === fills.items, (a, b) => a.totalFen - b.totalFen || a.d - b.d || a.institutionId - b.institutionId)
    .map(singlePlan(fills));
}

/** Partial stops: most items first, then cheapest, nearer, lower id. */
export function rankPartial(stops: Stop[], fills: Fills): Plan[] {
  return firstInOrder(stops, BASKET_RESULT_LIMIT, (s) => s.covered < fills.items,
    (a, b) => b.covered - a.covered || a.totalFen - b.totalFen || a.d - b.d || a.institutionId - b.institutionId).map(singlePlan(fills));
}

/**
 * Two stops that together have every item, by score = total + PAIR_FEN_PER_KM × route (route: user →
 * nearer stop → the other), then total, route, and the ids of the nearer and the other stop. Each item
 * is bought where it is cheaper (a tie goes to the nearer stop). Exact: every pair whose items cover the
 * list is scored (a bit mask per stop makes the cover test one OR); a pair's lines are made only when
 * its score can still be among the best.
 */
export function rankPairs(stops: Stop[], fills: Fills, requestedIds: number[]): Plan[] {
  const itemCount = fills.items;
  const full = itemCount >= 31 ? -1 : (1 << itemCount) - 1;
  const withMask = stops
    .filter((s) => s.covered > 0)
    .map((s) => {
      let mask = 0;
      for (let k = 0; k < itemCount; k++) if (fills.has(s.index, k)) mask |= 1 << k;
      return { s, mask };
    });
  // per item of the pair being scored: 1 when the far stop gives it
  const fromFar = new Uint8Array(itemCount);
  const best: Plan[] = [];
  let worst = Infinity; // the score of the last kept plan once BASKET_RESULT_LIMIT are kept
  for (let i = 0; i < withMask.length; i++) {
    const a = withMask[i]!;
    for (let j = i + 1; j < withMask.length; j++) {
      const b = withMask[j]!;
      if ((a.mask | b.mask) !== full) continue;
      const [near, far] = order(a.s, b.s);
      const routeKm = near.d + distanceKm(near.lat, near.lng, far.lat, far.lng);
      let totalFen = 0;
      for (let k = 0; k < itemCount; k++) {
        const far_ = !fills.has(near.index, k) || (fills.has(far.index, k) && fills.better(far.index, near.index, k, requestedIds[k]!));
        fromFar[k] = far_ ? 1 : 0;
        totalFen += fills.costFen[(far_ ? far.index : near.index) * itemCount + k]!;
      }
      const scoreFen = totalFen + PAIR_FEN_PER_KM * routeKm;
      if (scoreFen > worst) continue;
      const lines: Plan['lines'] = [];
      for (let k = 0; k < itemCount; k++) {
        const stop = fromFar[k] ? far : near;
        lines.push({ fill: fills.get(stop.index, k)!, stop });
      }
      best.push({ stops: [near, far], lines, totalFen, routeKm, scoreFen });
      if (best.length > BASKET_RESULT_LIMIT * 4) {
        best.sort(comparePlans);
        best.length = BASKET_RESULT_LIMIT;
        worst = best[best.length - 1]!.scoreFen;
      }
    }
  }
  return best.sort(comparePlans).slice(0, BASKET_RESULT_LIMIT);
}

/** Nearer first; equal distances: lower id first. */
function order(a: Stop, b: Stop): [Stop, Stop] {
  return a.d < b.d || (a.d === b.d && a.institutionId < b.institutionId) ? [a, b] : [b, a];
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

/**
 * The scan of a quote: every offer of each item within the radius, one loop over the cached columns (the
 * nearby query's candidate sets: one per product), each institution's best fill of each item kept in
 * Fills. A class of its own, synchronous, so the loop is optimised apart from the async quoteBasket (whose
 * optimised code V8 dropped whenever a request's object shapes differed, and the loop's with it).
 */
class QuoteScan {
  readonly fills: Fills;
  readonly all: Stop[] = [];
  private readonly distances: DistancesFrom;
  private readonly box: Box;
  private readonly outOfStock = stockIndexOf('out_of_stock');
  // each institution's stop by id: slot[id] - 1 indexes `all` (0: none yet). A Map keyed by institution id
  // was looked up once per offer in the radius, thousands a quote.
  private slot = new Int32Array(1024);
  /** the costs of the current item's offers, for its median */
  private costs = new Float64Array(1024);

  constructor(
    items: number,
    lat: number,
    lng: number,
    private readonly radiusKm: number,
  ) {
    this.fills = new Fills(items);
    this.distances = new DistancesFrom(lat, lng);
    this.box = boundingBox(lat, lng, radiusKm);
  }

  /** Scans item k's sets; returns the median cost of its in-stock offers in the radius (NaN: none). */
  item(k: number, sets: CandidateSet[], o: { units: number; packs: number; substitute: boolean; requestedId: number }): number {
    let n = 0;
    for (const set of sets) {
      // a product's set (one product: what the nearby cache holds) needs its 转换比 and packs once
      const one = set.product === null && set.products.id.length === 1;
      const oneProductId = one ? set.products.id[0]! : 0;
      const onePacks = one ? (o.substitute ? packsFor(o.units, set.products.conversionRatio[0]!) : o.packs) : 0;
      eachLngRun(set, this.box, (from, to) => {
        n = this.run(k, set, from, to, n, one, oneProductId, onePacks, o);
      });
    }
    return median(this.costs.subarray(0, n));
  }

  /** The rows from … to-1 of one strip; n: the item's costs so far (returned, with these rows'). */
  private run(k: number, set: CandidateSet, from: number, to: number, n: number, one: boolean, oneProductId: number, onePacks: number, o: { units: number; packs: number; substitute: boolean; requestedId: number }): number {
    const { box, fills, outOfStock, radiusKm } = this;
    for (let i = from; i < to; i++) {
      const lat = set.lat[i]!;
      if (lat < box.minLat || lat > box.maxLat || set.stock[i] === outOfStock) continue;
      const institutionId = set.institutionId[i]!;
      const d = this.distances.of(institutionId, lat, set.lng[i]!);
      if (d > radiusKm) continue;
      const price = set.sellingPriceFen[i]!;
      const p = one ? 0 : productOf(set, i);
      const productId = one ? oneProductId : set.products.id[p]!;
      const packsNeeded = one ? onePacks : o.substitute ? packsFor(o.units, set.products.conversionRatio[p]!) : o.packs;
      const costFen = packsNeeded * price;
      if (n === this.costs.length) {
        const grown = new Float64Array(n * 2);
        grown.set(this.costs);
        this.costs = grown;
      }
      this.costs[n++] = costFen;
      if (institutionId >= this.slot.length) {
        const grown = new Int32Array(Math.max(institutionId + 1, this.slot.length * 2));
        grown.set(this.slot);
        this.slot = grown;
      }
      let s = this.slot[institutionId]! - 1;
      if (s < 0) {
        s = this.all.length;
        this.all.push({ index: s, institutionId, lat, lng: set.lng[i]!, d, covered: 0, totalFen: 0 });
        this.slot[institutionId] = s + 1;
        fills.ensure(s + 1);
      }
      const at = s * fills.items + k;
      const had = fills.costFen[at]!;
      if (had < 0 || preferred(costFen, productId, had, fills.productId[at]!, o.requestedId)) {
        fills.costFen[at] = costFen;
        fills.offerId[at] = set.id[i]!;
        fills.productId[at] = productId;
        fills.packs[at] = packsNeeded;
        fills.priceFen[at] = price;
      }
    }
    return n;
  }

  /** Every stop with how many items it has and their total. */
  done(): { all: Stop[]; fills: Fills } {
    const { all, fills } = this;
    for (const s of all) {
      for (let k = 0; k < fills.items; k++) {
        const cost = fills.costFen[s.index * fills.items + k]!;
        if (cost >= 0) {
          s.covered++;
          s.totalFen += cost;
        }
      }
    }
    return { all, fills };
  }
}

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
  const scan = new QuoteScan(items.length, q.lat, q.lng, q.radiusKm);
  // each item's median cost in the radius (NaN: no offer)
  const medians = new Float64Array(items.length);
  for (let k = 0; k < items.length; k++) {
    const { product, packs } = items[k]!;
    const match = substitute
      ? { regionId: q.regionId, generic: product.genericName, spec: product.spec }
      : { regionId: q.regionId, code: product.code };
    medians[k] = scan.item(k, await setsOf(match), { units: packs * product.conversionRatio, packs, substitute, requestedId: product.id });
  }
  const { all, fills } = scan.done();
  const single = items.length ? rankSingles(all, fills) : [];
  const pairs = items.length && single.length === 0 ? rankPairs(all, fills, items.map((i) => i.product.id)) : [];
  const partial = items.length ? rankPartial(all, fills) : [];

  const medianTotal = items.length && medians.every((m) => !Number.isNaN(m)) ? medians.reduce((s, m) => s + m, 0) : null;
  const render = await renderer(db, q.policy, now, items.map((i) => i.code), medianTotal, [...single, ...pairs, ...partial]);
  return {
    single: single.map(render),
    pairs: pairs.map(render),
    partial: partial.map(render),
    reference: {
      winningTotal: formatYuan(items.reduce((s, i) => s + i.packs * i.product.winningPriceFen, 0)),
      medianTotal: medianTotal === null ? null : formatYuan(medianTotal),
      institutionsConsidered: all.length,
      pairRule: PAIR_RULE_TEXT,
    },
    unknown,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Reads what the ranked plans show (names, codes, markup) in two queries, and turns plans into answers. */
async function renderer(db: Db, policy: RegionPolicy, now: Date, codes: string[], medianTotal: number | null, plans: Plan[]) {
  const offerIds = [...new Set(plans.flatMap((p) => p.lines.flatMap((l) => (l ? [l.fill.offerId] : []))))];
  const full = await offerRows(db, offerIds);
  const institutions = await institutionCards(db, [...new Set(plans.flatMap((p) => p.stops.map((s) => s.institutionId)))]);
  const productIds = [...new Set([...full.values()].map((r) => r.productId))];
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
      const row = full.get(l.fill.offerId)!;
      const markup = judgeOffer(row, policy, rangeUpper);
      winningFen += l.fill.packs * row.winningPriceFen;
      lines.push({
        code: codes[k]!,
        chosenCode: row.code,
        price: formatYuan(l.fill.priceFen),
        packs: l.fill.packs,
        subtotal: formatYuan(l.fill.costFen),
        institutionId: l.stop.institutionId,
        name: row.productName,
        spec: row.spec,
        maker: row.maker,
        packUnit: row.packUnit,
        winningPrice: formatYuan(row.winningPriceFen),
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
