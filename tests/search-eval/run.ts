/**
 * pnpm eval:search [--catalog demo|fixture] [--misses] [--no-http]
 * Loads the catalog into a temp SQLite and a real (bundled) Meilisearch, runs every query of
 * queries.tsv (generated) and queries-hand.tsv (hand-written: `none` queries that must find nothing,
 * and held-out queries of the other kinds) through SearchService on Meilisearch and on the SQLite
 * fallback, and prints top-1/top-3 accuracy per kind, the share of `none` queries answered empty,
 * top-1 precision, suggest/search agreement, and p50/p99 latency — of the service called directly and
 * through the HTTP API (buildApp on a free port, keep-alive client).
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '@yaojia/server';
import { loadConfig } from '@yaojia/server/config';
import { startMeilisearch } from '@yaojia/server/search/meili-process';
import type { SearchService } from '@yaojia/server/search/service';
import { openSearch } from '@yaojia/server/search/open';
import {
  BRAND_HELDOUT_QUERIES,
  demoProducts,
  fixtureProducts,
  loadAllQueries,
  loadCatalog,
  loadQueries,
  NONE,
  percentile,
  runEval,
  TARGETS,
  type EvalQuery,
  type EvalResult,
  type KindStats,
} from './harness.js';

const pct = (a: number, n: number) => (n ? ((100 * a) / n).toFixed(1).padStart(5) + ' %' : '     -');
const row = (k: string, s: KindStats) =>
  `${k.padEnd(20)} ${String(s.n).padStart(4)}  ${pct(s.top1, s.n)}  ${pct(s.top3, s.n)}  ${pct(s.top1, s.answered)}`;


function print(title: string, r: EvalResult): void {
  console.log(`\n${title}`);
  console.log('kind                    n    top-1     top-3    precision@1');
  const gen = [...r.byKind].filter(([k]) => !k.startsWith('hand:')).sort();
  const hand = [...r.byKind].filter(([k]) => k.startsWith('hand:') && k !== `hand:${NONE}`).sort();
  for (const [k, s] of gen) console.log(row(k, s));
  const g = sum(gen.map(([, s]) => s));
  console.log(row('overall (generated)', g));
  console.log('held-out, written by hand:');
  for (const [k, s] of hand) console.log(row(k.slice(5), s));
  console.log(row('overall (held-out)', sum(hand.map(([, s]) => s))));
  console.log(row('overall', r.overall));
  console.log(`${NONE.padEnd(20)} ${String(r.none.n).padStart(4)}  ${pct(r.none.top1, r.none.n)} answered with no drug group (${r.none.answered} answered)`);
  console.log(`suggest ≠ search (first item or count): ${r.suggestMismatches.length}`);
  console.log(`latency ms (service): p50 ${percentile(r.latencies, 50).toFixed(2)}  p99 ${percentile(r.latencies, 99).toFixed(2)}  (degraded answers: ${r.degraded})`);
}

function sum(xs: KindStats[]): KindStats {
  return xs.reduce((a, s) => ({ n: a.n + s.n, top1: a.top1 + s.top1, top3: a.top3 + s.top3, answered: a.answered + s.answered }), { n: 0, top1: 0, top3: 0, answered: 0 });
}

/** GET through a keep-alive, no-delay agent; returns the client-side time in ms. */
function timedGet(agent: http.Agent, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
    });
    req.on('socket', (s) => s.setNoDelay(true));
    req.on('error', reject);
  });
}

async function httpLatency(search: SearchService, dbFile: string, meili: { url: string; masterKey: string }, queries: EvalQuery[], db: Parameters<typeof buildApp>[0]['db']) {
  const config = loadConfig({ DATABASE_URL: dbFile, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, PORT: '0' });
  const app = await buildApp({ config, db, search });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const enc = encodeURIComponent;
    for (let i = 0; i < 20; i++) await timedGet(agent, port, `/api/v1/drugs/search?q=${enc('氨氯地平')}&region=shanxi`); // warm up
    const s: number[] = [];
    const g: number[] = [];
    for (const q of queries) s.push(await timedGet(agent, port, `/api/v1/drugs/search?q=${enc(q.query)}&region=shanxi&limit=20`));
    for (const q of queries.slice(0, 600)) g.push(await timedGet(agent, port, `/api/v1/drugs/suggest?q=${enc([...q.query].slice(0, 3).join(''))}&region=shanxi`));
    return { search: s, suggest: g };
  } finally {
    agent.destroy();
    await app.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const catalog = args.includes('--catalog') ? args[args.indexOf('--catalog') + 1] : 'demo';
  const products = catalog === 'fixture' ? fixtureProducts() : demoProducts();
  const queries = loadAllQueries();
  const names = new Set(products.map((p) => p.genericName));
  const missing = queries.filter((q) => q.kind !== NONE && !q.expected.some((e) => names.has(e)));
  if (missing.length) console.warn(`${missing.length} queries expect a 通用名 not in the ${catalog} catalog (e.g. ${missing[0]!.query} → ${missing[0]!.expected[0]})`);

  const dir = mkdtempSync(join(tmpdir(), 'yaojia-eval-'));
  const meili = await startMeilisearch({ dataDir: join(dir, 'meili') });
  try {
    const dbFile = join(dir, 'eval.sqlite');
    const db = await loadCatalog(dbFile, products);
    // no result cache: every query and the HTTP run after it measure Meilisearch + the scorer, not a lookup
    const online = openSearch(loadConfig({ MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey }), db, { indexPrefix: 'eval_', cacheSize: 0 });
    const offline = openSearch(loadConfig({}), db);
    const built = await online.reindexAll();
    const nNone = queries.filter((q) => q.kind === NONE).length;
    const nHand = queries.filter((q) => q.source === 'hand').length - nNone;
    console.log(
      `catalog ${catalog}: ${products.length} products, ${names.size} 通用名; ${queries.length} queries (${queries.length - nHand - nNone} generated, ${nHand} held-out by hand, ${nNone} ${NONE}); indexed in ${built.ms} ms`,
    );
    await online.searchDrugs('氨氯地平', {}); // warm the connection
    const m = await runEval(online, queries, 'shanxi');
    print('Meilisearch', m);
    const f = await runEval(offline, queries, 'shanxi');
    print('Fallback (SQLite, in-memory keys)', f);
    // brand queries: those the alias table was built from (the brand kinds above) and the held-out set
    const heldOut = loadQueries(BRAND_HELDOUT_QUERIES, 'hand');
    const hm = await runEval(online, heldOut, 'shanxi', { suggest: false });
    const tableBuilt = sum([...m.byKind].filter(([k]) => /(^|:)(brand|brand_or_common|old_name)$/.test(k)).map(([, s]) => s));
    console.log('\nbrand queries (Meilisearch)                n    top-1     top-3    precision@1');
    console.log(row('table-built', tableBuilt));
    console.log(row('held-out', hm.overall));
    if (hm.misses.length) console.log(`held-out misses: ${hm.misses.map((x) => JSON.stringify(x)).join('; ').slice(0, 600)}`);
    const sugg: number[] = [];
    for (const q of queries.slice(0, 300)) {
      const t0 = performance.now();
      await online.suggest([...q.query].slice(0, 3).join(''), { region: 'shanxi' });
      sugg.push(performance.now() - t0);
    }
    console.log(`\nsuggest latency ms (service, Meilisearch, 300 prefixes): p50 ${percentile(sugg, 50).toFixed(2)}  p99 ${percentile(sugg, 99).toFixed(2)}`);
    if (!args.includes('--no-http')) {
      const h = await httpLatency(online, dbFile, meili, queries, db);
      console.log(
        `HTTP API (buildApp on a free port, keep-alive client, sequential): search p50 ${percentile(h.search, 50).toFixed(2)}  p99 ${percentile(h.search, 99).toFixed(2)} ms (${h.search.length} requests); ` +
          `suggest p50 ${percentile(h.suggest, 50).toFixed(2)}  p99 ${percentile(h.suggest, 99).toFixed(2)} ms (${h.suggest.length} prefixes)   targets: search p99 ≤ 30, suggest p99 ≤ 20`,
      );
    }
    if (args.includes('--misses')) {
      for (const [t, r] of [['meili', m], ['fallback', f]] as const) {
        for (const x of r.misses) console.log(`${t}\t${x.q.source}:${x.q.kind}\t${x.q.query}\t→ ${x.got.join(', ')}\t(want ${x.q.expected.join('|') || 'nothing'})`);
        for (const x of r.suggestMismatches) console.log(`${t}\tsuggest≠search\t${x.q.query}\tsearch ${x.search.join(', ')}\tsuggest ${x.suggest.join(', ')}`);
      }
    }
    const failed =
      m.overall.top1 / m.overall.n < TARGETS.meiliTop1 ||
      f.overall.top1 / f.overall.n < TARGETS.fallbackTop1 ||
      [m, f].some((r) => r.none.top1 / r.none.n < TARGETS.noneEmpty) ||
      [...m.byKind, ...f.byKind].some(([k, s]) => !k.endsWith(NONE) && s.top3 / s.n < TARGETS.kindTop3);
    await online.close();
    await offline.close();
    await db.close();
    if (failed) {
      console.log(`\nTARGETS NOT MET (top-1 ≥ 98 % Meilisearch, ≥ 90 % fallback, every kind ≥ 95 % top-3, ${NONE} ≥ 95 % empty)`);
      process.exitCode = 1;
    } else console.log('\ntargets met');
  } finally {
    await meili.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
