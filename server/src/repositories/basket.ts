import { BASKET_RESULT_LIMIT, type BasketInstitution, type BasketLine, type BasketQuoteRequest, type BasketQuoteResponse, type BasketStop, formatYuan, INSTITUTION_TYPE_LABELS, type InstitutionType, MARKUP_STATUS_LABELS, packsFor, PAIR_FEN_PER_KM, PAIR_RULE_TEXT, type RegionPolicy, distanceKm } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { BadRequestError } from '../errors.js';
import { candidateScanner, institutionCards, judgeOffer, offerRows, stockIndexOf } from './offers.js';
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

/** One institution with its fills, indexed by item position (undefined: it lacks that item). */
export interface Stop {
  institutionId: number;
  lat: number;
  lng: number;
  d: number;
  fills: Array<Fill | undefined>;
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

/** Whether fill a is preferred over b for an item: cheaper month, then the requested product, then lower ids. */
function better(a: Fill, b: Fill, requestedId: number): boolean {
  return betterThan(a.costFen, a.productId, b, requestedId);
}

/** better() before a fill is made (the scan makes one only for an institution's best offer so far). */
function betterThan(costFen: number, productId: number, b: Fill, requestedId: number): boolean {
  if (costFen !== b.costFen) return costFen < b.costFen;
  const ar = productId === requestedId ? 0 : 1;
  const br = b.productId === requestedId ? 0 : 1;
  if (ar !== br) return ar < br;
  return productId < b.productId;
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

const singlePlan = (s: Stop): Plan => ({ stops: [s], lines: s.fills.map((f) => (f ? { fill: f, stop: s } : undefined)), totalFen: s.totalFen, routeKm: s.d, scoreFen: s.totalFen });

/** Singles: every item, cheapest total first (then nearer, then lower id). */
export function rankSingles(stops: Stop[], itemCount: number): Plan[] {
  return firstInOrder(stops, BASKET_RESULT_LIMIT, (s) => s.covered === itemCount, (a, b) => a.totalFen - b.totalFen || a.d - b.d || a.institutionId - b.institutionId)
    .map(singlePlan);
}

/** Partial stops: most items first, then cheapest, nearer, lower id. */
export function rankPartial(stops: Stop[], itemCount: number): Plan[] {
  return firstInOrder(stops, BASKET_RESULT_LIMIT, (s) => s.covered < itemCount,
    (a, b) => b.covered - a.covered || a.totalFen - b.totalFen || a.d - b.d || a.institutionId - b.institutionId).map(singlePlan);
}

/**
 * Two stops that together have every item, by score = total + PAIR_FEN_PER_KM × route (route: user →
 * nearer stop → the other), then total, route, and the ids of the nearer and the other stop. Each item
 * is bought where it is cheaper (a tie goes to the nearer stop). Exact: every pair whose items cover the
 * list is scored (a bit mask per stop makes the cover test one OR).
 */
export function rankPairs(stops: Stop[], itemCount: number, requestedIds: number[]): Plan[] {
  const full = itemCount >= 31 ? -1 : (1 << itemCount) - 1;
  const withMask = stops
    .filter((s) => s.covered > 0)
    .map((s) => ({ s, mask: s.fills.reduce((m, f, k) => (f ? m | (1 << k) : m), 0) }));
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
      const lines: Plan['lines'] = [];
      for (let k = 0; k < itemCount; k++) {
        const fn = near.fills[k];
        const ff = far.fills[k];
        const pick = fn && (!ff || !better(ff, fn, requestedIds[k]!)) ? { fill: fn, stop: near } : { fill: ff!, stop: far };
        totalFen += pick.fill.costFen;
        lines.push(pick);
      }
      const scoreFen = totalFen + PAIR_FEN_PER_KM * routeKm;
      if (scoreFen > worst) continue;
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

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  // selection, not a sort: only the middle of thousands of costs is needed (the sort was 8 % of a quote)
  const v = Float64Array.from(values);
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

  const scan = await candidateScanner(db);
  const outOfStock = stockIndexOf('out_of_stock');
  const stops = new Map<number, Stop>();
  const medians: Array<number | null> = [];
  for (let k = 0; k < items.length; k++) {
    const { product, packs } = items[k]!;
    const units = packs * product.conversionRatio;
    const match = substitute
      ? { regionId: q.regionId, generic: product.genericName, spec: product.spec }
      : { regionId: q.regionId, code: product.code };
    const costs: number[] = [];
    // read from the cached columns directly: a fill object only for an offer that is an institution's best so far
    await scan(match, q.lat, q.lng, q.radiusKm, (set, i, d) => {
      if (set.stock[i] === outOfStock) return;
      const price = set.sellingPriceFen[i]!;
      const n = substitute ? packsFor(units, set.conversionRatio[i]!) : packs;
      const costFen = n * price;
      costs.push(costFen);
      const institutionId = set.institutionId[i]!;
      let stop = stops.get(institutionId);
      if (!stop) stops.set(institutionId, (stop = { institutionId, lat: set.lat[i]!, lng: set.lng[i]!, d, fills: [], covered: 0, totalFen: 0 }));
      const productId = set.productId[i]!;
      const had = stop.fills[k];
      if (!had || betterThan(costFen, productId, had, product.id)) stop.fills[k] = { costFen, offerId: set.id[i]!, productId, packs: n, priceFen: price };
    });
    medians.push(median(costs));
  }
  for (const s of stops.values()) {
    s.covered = 0;
    s.totalFen = 0;
    for (let k = 0; k < items.length; k++) {
      const f = s.fills[k];
      if (f) {
        s.covered++;
        s.totalFen += f.costFen;
      }
    }
  }
  const all = [...stops.values()];
  const single = items.length ? rankSingles(all, items.length) : [];
  const pairs = items.length && single.length === 0 ? rankPairs(all, items.length, items.map((i) => i.product.id)) : [];
  const partial = items.length ? rankPartial(all, items.length) : [];

  const medianTotal = medians.every((m) => m !== null) && items.length ? medians.reduce<number>((s, m) => s + m!, 0) : null;
  const render = await renderer(db, q.policy, now, items.map((i) => i.code), medianTotal, [...single, ...pairs, ...partial]);
  return {
    single: single.map(render),
    pairs: pairs.map(render),
    partial: partial.map(render),
    reference: {
      winningTotal: formatYuan(items.reduce((s, i) => s + i.packs * i.product.winningPriceFen, 0)),
      medianTotal: medianTotal === null ? null : formatYuan(medianTotal),
      institutionsConsidered: stops.size,
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
