/**
 * Issue 15's speed rows: `lookup` p99 through the API at province size (5,000 products, 20,000 pack codes;
 * target ≤ 10 ms), and what the brand → 集采 alternative adds to a search (≤ 5 ms).
 *
 * The bench catalog carries 4 pack codes a product (dataset.ts). A 挂网药品价格 file lists, for every demo
 * molecule the shipped alias table gives an originator brand, that brand at 5× a 集采 pack price, so a
 * brand search and a brand's 医保编码 take the brand path; it is published through the real ingest.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '@yaojia/server/db/client';
import { DEMO_DRUGS } from '@yaojia/server/demo/drugs';
import { defaultAliasRows } from '@yaojia/server/ingest/default-aliases';
import { publishFile } from '@yaojia/server/ingest/index';
import { withBrand } from '@yaojia/server/repositories/brands';
import type { SearchService } from '@yaojia/server/search/service';
import { ean13CheckDigit } from '@yaojia/shared';
import { ingredientStem } from '@yaojia/shared/search';
import type { Dataset } from './dataset.js';
import type { HttpRequest, LoadResult } from './load.js';

export interface BrandBench {
  /** 医保编码 of the listed brands */
  listedCodes: string[];
  /** codes printed on the listed brands' boxes (the 挂网 file's code columns): EAN-13s and 20-digit 追溯码 */
  listedPackCodes: string[];
  /** the brands' 商品名 (listed) and other names the alias table knows (not listed) */
  brandQueries: string[];
  listedRows: number;
}

/** Writes and publishes the 挂网 file of the bench: one originator brand per demo molecule that has one. */
export async function publishBenchListed(db: Db, ds: Dataset, region: string): Promise<BrandBench> {
  const aliases = await defaultAliasRows();
  const lines = ['医保药品编码,通用名,商品名,剂型,规格,转换比,生产企业,挂网价格(元),是否原研,是否过评,药品标识码,本位码,条形码'];
  const listedCodes: string[] = [];
  const listedPackCodes: string[] = [];
  const brandQueries: string[] = [];
  DEMO_DRUGS.forEach((drug, i) => {
    const stem = ingredientStem(drug.genericName);
    const names = aliases.filter((a) => a.stem === stem && (!a.form || `${drug.dosageForm}${drug.genericName}`.includes(a.form)));
    const original = names.find((a) => a.kind === 'original');
    const variant = drug.products[0]!;
    if (original) {
      const code = `XL${drug.atcGroup}${String(i).padStart(8, '0')}`;
      const fen = Math.round(Number(variant.winningPrice) * 100 * 5);
      // the brand's box: 药品标识码 9000000 + i, 本位码 8691 + i, EAN-13 691 + i (apart from the catalog's 1000000…, 8690…, 690…)
      const ean12 = `691${String(i).padStart(9, '0')}`;
      const ean13 = `${ean12}${ean13CheckDigit(ean12)}`;
      const identifier = String(9_000_000 + i);
      lines.push([code, drug.genericName, original.name, drug.dosageForm, variant.spec, variant.conversionRatio, `${original.maker ?? '原研'}制药有限公司`, (fen / 100).toFixed(2), '是', '是',
        identifier, `8691${String(i).padStart(10, '0')}`, ean13].join(','));
      listedCodes.push(code);
      listedPackCodes.push(ean13, `${identifier}${String(100_000_000 + i).slice(-9)}2601`);
      brandQueries.push(original.name);
    }
    // a name with no listed price: the alias path
    const other = names.find((a) => a.kind !== 'original');
    if (other) brandQueries.push(other.name);
  });
  const file = join(ds.dir, 'listed.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const r = await publishFile(db, { kind: 'listed', region, file, publisher: 'bench' });
  if (r.status !== 'published') throw new Error(`bench listed file: ${r.status} ${JSON.stringify(r.errors?.slice(0, 3))}`);
  return { listedCodes, listedPackCodes, brandQueries, listedRows: lines.length - 1 };
}

/**
 * 400 lookups as a scan sends them: popular products' 追溯码 (20 digits), 药品标识码, 本位码, EAN-13 and
 * 医保编码, and 1 in 10 a listed brand's (the brand answer): half its 医保编码, half a code on its box (EAN-13, 追溯码). Every one is known (a 404 would count
 * as an error of the run).
 */
export function lookupRequests(ds: Dataset, brands: BrandBench, rnd: () => number, region: string): HttpRequest[] {
  const out: HttpRequest[] = [];
  for (let i = 0; i < 400; i++) {
    const p = ds.pickProduct(rnd);
    const r = rnd();
    const serial = String(Math.floor(rnd() * 1e13)).padStart(13, '0');
    const code =
      r < 0.05 && brands.listedCodes.length ? brands.listedCodes[Math.floor(rnd() * brands.listedCodes.length)]!
        : r < 0.1 && brands.listedPackCodes.length ? brands.listedPackCodes[Math.floor(rnd() * brands.listedPackCodes.length)]!
        : r < 0.45 ? `${p.packCodes.identifiers[Math.floor(rnd() * 2)]}${serial}`
        : r < 0.55 ? p.packCodes.identifiers[0]
        : r < 0.7 ? p.packCodes.standard
        : r < 0.9 ? p.packCodes.ean13
        : p.code;
    out.push({ path: `/api/v1/drugs/lookup?code=${encodeURIComponent(code)}&region=${region}` });
  }
  return out;
}

/**
 * What the brand answer adds to a search, in-process on the bench database: the search's own answer is
 * computed first (not timed), then withBrand — the listed brand and alias look-ups, the 集采 group read from
 * the catalog when the answer lacks it, the savings — timed alone, over the brand queries for `seconds`.
 */
export async function brandCost(db: Db, search: SearchService, region: { id: number; slug: string }, queries: string[], seconds: number): Promise<LoadResult> {
  const base = await defaultAliasRows();
  const answers = new Map<string, Awaited<ReturnType<SearchService['searchDrugs']>>>();
  for (const q of queries) answers.set(q, await search.searchDrugs(q, { region: region.slug, limit: 20 }));
  const times: number[] = [];
  let errors = 0;
  let attached = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  for (let i = 0; performance.now() < end; i++) {
    const q = queries[i % queries.length]!;
    const t0 = performance.now();
    try {
      const a = await withBrand(db, region, q, answers.get(q)!, base);
      if (i < queries.length && a.items.some((g) => g.brand || g.alias)) attached++;
    } catch {
      errors++;
    }
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (f: number) => times[Math.min(times.length - 1, Math.floor(f * times.length))] ?? 0;
  return {
    name: `brand alternative added to a search (withBrand in-process; ${attached} of ${queries.length} queries answered a brand or alias)`,
    mode: 'in-process', p50: at(0.5), p99: at(0.99), rps: Math.round(times.length / ((performance.now() - started) / 1000)), requests: times.length, errors, timeouts: 0, seconds,
  };
}
