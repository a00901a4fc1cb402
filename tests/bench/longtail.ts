/**
 * The long-tail search workload (issue 17 §1): ~10,000 distinct realistic queries, most typed once — a
 * 通用名's 2..n-character prefix, alone or followed by a strength ("5mg") or a maker's short name ("京新") —
 * more than the answer cache holds. Measured through the API (answer cache on, as shipped) and straight on
 * Meilisearch with a plain index of the same catalog (default settings, the raw string as `q`), on the
 * same strings.
 *
 * autocannon's connections would all walk one request list from its start, so 32 connections would ask
 * the same string at about the same time and the cache would answer 31 of them: here every request takes
 * the next string of one shared counter (setupRequest), so no string is asked twice within a run shorter
 * than the list (≈ 10,000 requests) and, past that, the list is larger than the cache (LRU, cyclic: every
 * request still misses).
 */
import { readFileSync } from 'node:fs';
import type { ProductRecord } from '@yaojia/server/db/schema/index';
import autocannon from 'autocannon';
import { parse as parseCsv } from 'csv-parse/sync';
import type { LoadResult } from './load.js';
import { prng } from './dataset.js';

export const LONG_TAIL_QUERIES = 10_000;
/** Targets of issue 17 §1 for the long tail through the API. */
export const LONG_TAIL_TARGET = { rps: 2000, p99Ms: 30, engineP99Ratio: 1.3 } as const;

/** The product fields the long-tail queries are drawn from, one per row of the bench catalog CSV. */
type CatalogProduct = Pick<ProductRecord, 'code' | 'genericName' | 'dosageForm' | 'spec' | 'maker'>;

export function readBenchCatalog(file: string): CatalogProduct[] {
  // dataset.ts writes: code, 通用名, 剂型, 规格, 转换比, 最小制剂单位, 包装单位, 包装材质, 生产企业, 上市许可持有人, …
  const rows: string[][] = parseCsv(readFileSync(file), { bom: true, from_line: 2, skip_empty_lines: true, relax_column_count: true });
  return rows.map((c) => ({ code: c[0]!, genericName: c[1]!, dosageForm: c[2]!, spec: c[3]!, maker: c[8]! }));
}

// how people shorten a maker: 浙江京新药业股份有限公司 → 京新, 石药集团欧意药业有限公司 → 欧意, 齐鲁制药 → 齐鲁
const PLACE = /^(北京|天津|上海|重庆|深圳|广州|浙江|江苏|山东|山西|河北|河南|湖北|湖南|广东|四川|安徽|福建|江西|辽宁|吉林|黑龙江|陕西|甘肃|云南|贵州|海南|广西|宁夏|新疆|内蒙古|西藏|青海|石药集团|华润|国药集团|上药|中国)/;
export function makerShortName(maker: string): string {
  const rest = maker.replace(PLACE, '').replace(PLACE, '');
  return (rest.length >= 2 ? rest : maker).slice(0, 2);
}

/** The strength a person types: "5mg", "0.25g", "10ml" (the first amount of the 规格), or null. */
export function strengthOf(spec: string): string | null {
  const m = /(\d+(?:\.\d+)?)\s*(mg|g|μg|ug|ml|mL|IU|万单位|单位)/.exec(spec);
  return m ? `${m[1]}${m[2]!.toLowerCase()}` : null;
}

/**
 * `n` distinct query strings drawn from the catalog, deterministically from `seed`: a product drawn
 * uniformly (the tail, not the popular head), a prefix of its 通用名 of 2..n characters, then alone (40 %),
 * with the product's strength (30 %, "氨氯地平5mg" or "氨氯地平 5mg"), or with its maker's short name (30 %).
 * Fewer than `n` when the catalog cannot make that many distinct strings.
 */
export function longTailQueries(catalog: CatalogProduct[], seed: number, n = LONG_TAIL_QUERIES): string[] {
  const rnd = prng(seed ^ 0x10a6);
  const seen = new Set<string>();
  const out: string[] = [];
  for (let attempts = 0; out.length < n && attempts < n * 50; attempts++) {
    const p = catalog[Math.floor(rnd() * catalog.length)]!;
    const name = p.genericName;
    const len = name.length <= 2 ? name.length : 2 + Math.floor(rnd() * (name.length - 1));
    const prefix = name.slice(0, len);
    const r = rnd();
    const sep = rnd() < 0.5 ? '' : ' ';
    let q = prefix;
    if (r >= 0.4 && r < 0.7) {
      const s = strengthOf(p.spec);
      if (s) q = `${prefix}${sep}${s}`;
    } else if (r >= 0.7) q = `${prefix}${sep}${makerShortName(p.maker)}`;
    if (seen.has(q)) continue;
    seen.add(q);
    out.push(q);
  }
  return out;
}

// ───────────────────────────── the engine's plain index ─────────────────────────────

const PLAIN_INDEX = 'bench_plain_products';

async function meili(url: string, key: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`Meilisearch ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function task(url: string, key: string, p: Promise<unknown>): Promise<void> {
  const { taskUid } = (await p) as { taskUid: number };
  for (;;) {
    const t = (await meili(url, key, 'GET', `/tasks/${taskUid}`)) as { status: string; error?: unknown };
    if (t.status === 'succeeded') return;
    if (t.status === 'failed' || t.status === 'canceled') throw new Error(`Meilisearch task ${taskUid} ${t.status}: ${JSON.stringify(t.error)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The catalog as a plain Meilisearch index: one document per product, default settings. */
export async function indexPlainProducts(url: string, key: string, catalog: CatalogProduct[]): Promise<string> {
  await task(url, key, meili(url, key, 'POST', '/indexes', { uid: PLAIN_INDEX, primaryKey: 'id' }));
  const docs = catalog.map((p, id) => ({ id, ...p }));
  await task(url, key, meili(url, key, 'POST', `/indexes/${PLAIN_INDEX}/documents`, docs));
  return PLAIN_INDEX;
}

// ───────────────────────────── load ─────────────────────────────

interface CannonRequest {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/** autocannon where each request takes the next string of one counter shared by all connections. */
async function distinctLoad(name: string, base: string, queries: string[], make: (q: string) => CannonRequest, o: { connections: number; seconds: number }): Promise<LoadResult> {
  let next = 0;
  const first = make(queries[0]!);
  const result = await autocannon({
    url: base,
    connections: o.connections,
    duration: o.seconds,
    requests: [{ ...first, setupRequest: () => make(queries[next++ % queries.length]!) }],
  });
  return {
    name,
    mode: 'http',
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.total / o.seconds),
    requests: result.requests.total,
    errors: result.non2xx + result.errors - result.timeouts,
    timeouts: result.timeouts,
    serverErrors: result['5xx'],
    socketErrors: result.errors - result.timeouts,
    seconds: o.seconds,
  };
}

export interface LongTailResult {
  queries: number;
  api: LoadResult;
  engine: LoadResult;
  /** API p99 / engine p99 */
  p99Ratio: number;
}

/**
 * Runs the long tail: a warm-up on strings of its own (the JIT, the keep-alive sockets; a different seed,
 * so the measured strings are not in the cache), then the API, then Meilisearch's plain index.
 */
export async function runLongTail(o: {
  apiUrl: string; meiliUrl: string; meiliKey: string; catalogFile: string; seed: number; region: string;
  connections: number; seconds: number; warmSeconds: number; log: (s: string) => void;
  /** also load the engine's plain index (default true; search-ab.ts measures the API alone) */
  engine?: boolean;
  /** other strings instead of the long tail (search-ab.ts --workload names) */
  queries?: string[];
  /** called just before the API's measured load starts (search-ab.ts reads the API's CPU time there) */
  beforeMeasure?: () => void;
  /** appended to the API's search URL (default '&productsPerGroup=3', as the mini-program asks; '' for every product) */
  apiQuery?: string;
}): Promise<LongTailResult> {
  const catalog = readBenchCatalog(o.catalogFile);
  const queries = o.queries ?? longTailQueries(catalog, o.seed);
  const measured = new Set(queries);
  const warm = longTailQueries(catalog, o.seed + 1, 2000).filter((q) => !measured.has(q));
  const withEngine = o.engine ?? true;
  const index = withEngine ? await indexPlainProducts(o.meiliUrl, o.meiliKey, catalog) : '';
  o.log(`long tail: ${queries.length} distinct queries (e.g. ${queries.slice(0, 6).join(' · ')}), API then Meilisearch's plain index`);
  // as the mini-program asks: a group's three cheapest products (search-ab.ts --a-query/--b-query to compare)
  const extra = o.apiQuery ?? '&productsPerGroup=3';
  const apiReq = (q: string): CannonRequest => ({ method: 'GET', path: `/api/v1/drugs/search?q=${encodeURIComponent(q)}&region=${o.region}${extra}`, headers: {} });
  const headers = { authorization: `Bearer ${o.meiliKey}`, 'content-type': 'application/json' };
  const engineReq = (q: string): CannonRequest => ({ method: 'POST', path: `/indexes/${index}/search`, headers, body: JSON.stringify({ q, limit: 20 }) });
  const load = { connections: o.connections, seconds: o.seconds };
  const warmLoad = { connections: o.connections, seconds: o.warmSeconds };
  await distinctLoad('warm-up', o.apiUrl, warm.length ? warm : queries, apiReq, warmLoad);
  o.beforeMeasure?.();
  const api = await distinctLoad('search long tail · API (answer cache on)', o.apiUrl, queries, apiReq, load);
  if (!withEngine) return { queries: queries.length, api, engine: api, p99Ratio: NaN };
  await distinctLoad('warm-up', o.meiliUrl, warm.length ? warm : queries, engineReq, warmLoad);
  const engine = await distinctLoad('search long tail · Meilisearch, plain index', o.meiliUrl, queries, engineReq, load);
  return { queries: queries.length, api, engine, p99Ratio: engine.p99 > 0 ? api.p99 / engine.p99 : Infinity };
}

/** The rows for the bench table. */
export function longTailRows(r: LongTailResult, lat: (x: LoadResult) => string): Array<{ section: string; metric: string; value: string; target?: string; met?: boolean }> {
  const t = LONG_TAIL_TARGET;
  return [
    {
      section: 'search', metric: `long tail API, cache on (${r.queries} distinct)`, value: lat(r.api),
      target: `≥ ${t.rps} req/s, p99 ≤ ${t.p99Ms} ms, 0 err`, met: r.api.rps >= t.rps && r.api.p99 <= t.p99Ms && r.api.errors + r.api.timeouts === 0,
    },
    { section: 'search', metric: 'long tail Meilisearch, plain index', value: lat(r.engine) },
    { section: 'search', metric: 'long tail API p99 / Meilisearch p99', value: `${r.p99Ratio.toFixed(2)}×`, target: `≤ ${t.engineP99Ratio}×`, met: r.p99Ratio <= t.engineP99Ratio },
  ];
}
