import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProductRecord } from '@yaojia/server/db/schema/index';
import { openDb, type Db } from '@yaojia/server/db/client';
import { ensureRegions, regionBySlug } from '@yaojia/server/repositories/regions';
import { DEMO_DRUGS, DEMO_MAKERS } from '@yaojia/server/demo/drugs';
import { parseYuan } from '@yaojia/shared';
import type { SearchService } from '@yaojia/server/search/service';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface EvalQuery {
  query: string;
  /** exact, partial, pinyin, … or `none`: a query that must return no drug group at all */
  kind: string;
  /** any of these 通用名 at rank 1 is right (a query like 硝苯地平 names several equally); [] for `none` */
  expected: string[];
  /** `generated` (queries.tsv, from generate-queries.ts) or `hand` (queries-hand.tsv, written by hand) */
  source: 'generated' | 'hand';
}

/** a product of the evaluation's catalogs (products.json's shape): the products table's columns, the price in 元 */
export type EvalProduct = Pick<
  ProductRecord,
  'code' | 'genericName' | 'dosageForm' | 'spec' | 'conversionRatio' | 'minUnit' | 'packUnit' | 'maker' | 'brandName' | 'therapeuticArea'
> & { winningPrice: string };

export const GENERATED_QUERIES = join(HERE, 'queries.tsv');
/** Written by hand, never by the generator: the `none` queries and held-out queries of the other kinds. */
export const HAND_QUERIES = join(HERE, 'queries-hand.tsv');
/**
 * Brand names held out from the alias table (server/defaults/drug-aliases.csv): none of them is in the
 * table or in the other query files (README.md says how the set was made). Reported on its own by
 * `pnpm eval:search`, never in loadAllQueries (it measures what the table misses, not a target).
 */
export const BRAND_HELDOUT_QUERIES = join(HERE, 'queries-brand-heldout.tsv');

export function loadQueries(file = GENERATED_QUERIES, source: EvalQuery['source'] = file === HAND_QUERIES ? 'hand' : 'generated'): EvalQuery[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const [query, kind, expected] = l.split('\t');
      return { query: query!, kind: kind!, expected: (expected ?? '').split('|').filter(Boolean), source };
    });
}

/** Both files: the generated set, then the hand-written one. */
export function loadAllQueries(): EvalQuery[] {
  return [...loadQueries(GENERATED_QUERIES), ...loadQueries(HAND_QUERIES)];
}

/** The demo catalog (server/src/demo) as products: what `pnpm admin demo` publishes. */
export function demoProducts(): EvalProduct[] {
  return DEMO_DRUGS.flatMap((d, i) =>
    d.products.map((p, j) => ({
      code: `EV${String(i).padStart(3, '0')}${j}`,
      genericName: d.genericName,
      dosageForm: d.dosageForm,
      spec: p.spec,
      conversionRatio: p.conversionRatio,
      minUnit: d.minUnit,
      packUnit: p.packUnit ?? d.packUnit,
      maker: DEMO_MAKERS[p.maker].name,
      winningPrice: p.winningPrice,
      brandName: p.brandName ?? null,
      therapeuticArea: d.therapeuticArea,
    })),
  );
}

/** tests/search-eval/products.json: an independent fixture of 集采 products. */
export function fixtureProducts(): EvalProduct[] {
  return JSON.parse(readFileSync(join(HERE, 'products.json'), 'utf8')) as EvalProduct[];
}

/** Opens (and migrates) the database at `url` — a SQLite file or postgres://… — and lists `products` in it. */
export async function loadCatalog(url: string, products: EvalProduct[], region = 'shanxi'): Promise<Db> {
  const db = await openDb(url);
  try {
    await seedCatalog(db, products, region);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

/** Lists `products` in the region (one transaction), as if a catalog had been published. */
export async function seedCatalog(db: Db, products: EvalProduct[], region = 'shanxi'): Promise<void> {
  await ensureRegions(db);
  const r = (await regionBySlug(db, region))!;
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    for (const p of products) {
      await tx.run(
        `INSERT INTO products (region_id, code, generic_name, product_name, dosage_form, spec, conversion_ratio, min_unit, pack_unit,
                               maker, winning_price_fen, brand_name, therapeutic_area, listed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          r.id, p.code, p.genericName, p.genericName, p.dosageForm, p.spec, p.conversionRatio, p.minUnit, p.packUnit,
          p.maker, parseYuan(p.winningPrice)!, p.brandName, p.therapeuticArea, now,
        ],
      );
    }
  });
}

export interface KindStats {
  n: number;
  /** right at rank 1; for `none`: answered with an empty result */
  top1: number;
  top3: number;
  /** queries answered with at least one group (precision of top-1 = top1 / answered, kinds other than `none`) */
  answered: number;
}
export interface EvalResult {
  /** per kind and source ("exact", "hand:exact", "hand:none", …) */
  byKind: Map<string, KindStats>;
  /** every query except `none` ones */
  overall: KindStats;
  /** the `none` queries: top1 = answered empty */
  none: KindStats;
  latencies: number[];
  misses: { q: EvalQuery; got: string[] }[];
  degraded: number;
  /** suggest's first item differed from search's first group (or suggest answered a `none` query) */
  suggestMismatches: { q: EvalQuery; search: string[]; suggest: string[] }[];
}

export const NONE = 'none';
/** The accuracy targets of issue 5 plus the precision target: `none` queries answered empty ≥ 95 %. */
export const TARGETS = { meiliTop1: 0.98, fallbackTop1: 0.9, kindTop3: 0.95, noneEmpty: 0.95 };
export const kindKey = (q: EvalQuery): string => (q.source === 'hand' ? `hand:${q.kind}` : q.kind);
const empty = (): KindStats => ({ n: 0, top1: 0, top3: 0, answered: 0 });

/**
 * Runs every query through search (and suggest, to check it agrees with search). A `none` query is
 * right when the answer is empty; any other is right at rank 1 / within the top 3 as listed.
 */
export async function runEval(
  search: SearchService,
  queries: EvalQuery[],
  region?: string,
  /** suggestEvery: check suggest on every hand-written query and every n-th generated one (default 1 = all) */
  opts: { suggest?: boolean; suggestEvery?: number } = {},
): Promise<EvalResult> {
  const byKind = new Map<string, KindStats>();
  const overall = empty();
  const none = empty();
  const latencies: number[] = [];
  const misses: EvalResult['misses'] = [];
  const suggestMismatches: EvalResult['suggestMismatches'] = [];
  let degraded = 0;
  let i = 0;
  for (const q of queries) {
    const checkSuggest = opts.suggest !== false && (q.source === 'hand' || i++ % (opts.suggestEvery ?? 1) === 0);
    const t0 = performance.now();
    const res = await search.searchDrugs(q.query, { region, limit: 10 });
    latencies.push(performance.now() - t0);
    if (res.degraded) degraded++;
    const got = res.items.map((g) => g.genericName);
    const key = kindKey(q);
    const s = byKind.get(key) ?? empty();
    const isNone = q.kind === NONE;
    const ok1 = isNone ? got.length === 0 : q.expected.includes(got[0] ?? '');
    const ok3 = isNone ? ok1 : got.slice(0, 3).some((g) => q.expected.includes(g));
    for (const x of [s, isNone ? none : overall]) {
      x.n++;
      if (ok1) x.top1++;
      if (ok3) x.top3++;
      if (got.length) x.answered++;
    }
    byKind.set(key, s);
    if (!ok1) misses.push({ q, got: got.slice(0, 3) });
    if (checkSuggest) {
      const sug = (await search.suggest(q.query, { region })).items.map((i) => i.genericName);
      if (sug.length > 10 || sug[0] !== got[0] || sug.length !== Math.min(10, res.total)) suggestMismatches.push({ q, search: got.slice(0, 3), suggest: sug.slice(0, 3) });
    }
  }
  return { byKind, overall, none, latencies, misses, degraded, suggestMismatches };
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}
