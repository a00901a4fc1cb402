import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '@yaojia/server/db/client';
import { ensureRegions, regionBySlug } from '@yaojia/server/repositories/regions';
import { schema } from '@yaojia/server/db/client';
import { DEMO_DRUGS, DEMO_MAKERS } from '@yaojia/server/demo/drugs';
import { parseYuan } from '@yaojia/shared';
import type { SearchService } from '@yaojia/server/search/service';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface EvalQuery {
  query: string;
  kind: string;
  /** any of these 通用名 at rank 1 is right (a query like 硝苯地平 names several equally) */
  expected: string[];
}

export interface EvalProduct {
  code: string;
  genericName: string;
  dosageForm: string;
  spec: string;
  conversionRatio: number;
  minUnit: string;
  packUnit: string;
  maker: string;
  winningPrice: string;
  brandName: string | null;
  therapeuticArea: string | null;
}

export function loadQueries(file = join(HERE, 'queries.tsv')): EvalQuery[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const [query, kind, expected] = l.split('\t');
      return { query: query!, kind: kind!, expected: expected!.split('|') };
    });
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

export function loadCatalog(dbFile: string, products: EvalProduct[], region = 'shanxi'): Db {
  const db = openDb(dbFile);
  ensureRegions(db);
  const r = regionBySlug(db, region)!;
  const now = new Date().toISOString();
  db.transaction((tx) => {
    for (const p of products) {
      tx.insert(schema.products)
        .values({
          regionId: r.id,
          code: p.code,
          genericName: p.genericName,
          productName: p.genericName,
          dosageForm: p.dosageForm,
          spec: p.spec,
          conversionRatio: p.conversionRatio,
          minUnit: p.minUnit,
          packUnit: p.packUnit,
          maker: p.maker,
          winningPriceFen: parseYuan(p.winningPrice)!,
          brandName: p.brandName,
          therapeuticArea: p.therapeuticArea,
          listedAt: now,
        })
        .run();
    }
  });
  return db;
}

export interface KindStats {
  n: number;
  top1: number;
  top3: number;
}
export interface EvalResult {
  byKind: Map<string, KindStats>;
  overall: KindStats;
  latencies: number[];
  misses: { q: EvalQuery; got: string[] }[];
  degraded: number;
}

export async function runEval(search: SearchService, queries: EvalQuery[], region?: string): Promise<EvalResult> {
  const byKind = new Map<string, KindStats>();
  const overall: KindStats = { n: 0, top1: 0, top3: 0 };
  const latencies: number[] = [];
  const misses: EvalResult['misses'] = [];
  let degraded = 0;
  for (const q of queries) {
    const t0 = performance.now();
    const res = await search.searchDrugs(q.query, { region, limit: 10 });
    latencies.push(performance.now() - t0);
    if (res.degraded) degraded++;
    const got = res.items.map((g) => g.genericName);
    const s = byKind.get(q.kind) ?? { n: 0, top1: 0, top3: 0 };
    const ok1 = q.expected.includes(got[0] ?? '');
    const ok3 = got.slice(0, 3).some((g) => q.expected.includes(g));
    for (const x of [s, overall]) {
      x.n++;
      if (ok1) x.top1++;
      if (ok3) x.top3++;
    }
    byKind.set(q.kind, s);
    if (!ok1) misses.push({ q, got: got.slice(0, 3) });
  }
  return { byKind, overall, latencies, misses, degraded };
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}
