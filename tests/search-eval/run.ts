/**
 * pnpm eval:search [--catalog demo|fixture] [--misses]
 * Loads the catalog into a temp SQLite and a real (bundled) Meilisearch, runs every query of
 * queries.tsv through SearchService on Meilisearch and on the SQLite fallback, prints top-1/top-3
 * accuracy per kind, overall, and p50/p99 latency.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMeilisearch } from '@yaojia/server/search/meili-process';
import { SearchService } from '@yaojia/server/search/service';
import { demoProducts, fixtureProducts, loadCatalog, loadQueries, percentile, runEval, type EvalResult } from './harness.js';

const pct = (a: number, n: number) => (n ? ((100 * a) / n).toFixed(1).padStart(5) + ' %' : '   - ');

function print(title: string, r: EvalResult): void {
  console.log(`\n${title}`);
  console.log('kind                    n    top-1     top-3');
  for (const [k, s] of [...r.byKind].sort()) console.log(`${k.padEnd(20)} ${String(s.n).padStart(4)}  ${pct(s.top1, s.n)}  ${pct(s.top3, s.n)}`);
  console.log(`${'overall'.padEnd(20)} ${String(r.overall.n).padStart(4)}  ${pct(r.overall.top1, r.overall.n)}  ${pct(r.overall.top3, r.overall.n)}`);
  console.log(`latency ms: p50 ${percentile(r.latencies, 50).toFixed(2)}  p99 ${percentile(r.latencies, 99).toFixed(2)}  (degraded answers: ${r.degraded})`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const catalog = args.includes('--catalog') ? args[args.indexOf('--catalog') + 1] : 'demo';
  const products = catalog === 'fixture' ? fixtureProducts() : demoProducts();
  const queries = loadQueries();
  const names = new Set(products.map((p) => p.genericName));
  const missing = queries.filter((q) => !q.expected.some((e) => names.has(e)));
  if (missing.length) console.warn(`${missing.length} queries expect a 通用名 not in the ${catalog} catalog (e.g. ${missing[0]!.query} → ${missing[0]!.expected[0]})`);

  const dir = mkdtempSync(join(tmpdir(), 'yaojia-eval-'));
  const meili = await startMeilisearch({ dataDir: join(dir, 'meili') });
  try {
    const db = loadCatalog(join(dir, 'eval.sqlite'), products);
    const online = new SearchService({ db, meiliUrl: meili.url, meiliKey: meili.masterKey, indexPrefix: 'eval_' });
    const offline = new SearchService({ db, meiliUrl: null, meiliKey: null });
    const built = await online.reindexAll();
    console.log(`catalog ${catalog}: ${products.length} products, ${names.size} 通用名; ${queries.length} queries; indexed in ${built.ms} ms`);
    await online.searchDrugs('氨氯地平', {}); // warm the connection
    const m = await runEval(online, queries, 'shanxi');
    print('Meilisearch', m);
    const f = await runEval(offline, queries, 'shanxi');
    print('Fallback (SQLite, in-memory keys)', f);
    const sugg: number[] = [];
    for (const q of queries.slice(0, 300)) {
      const t0 = performance.now();
      await online.suggest(q.query.slice(0, 3), { region: 'shanxi' });
      sugg.push(performance.now() - t0);
    }
    console.log(`\nsuggest latency ms (Meilisearch, 300 prefixes): p50 ${percentile(sugg, 50).toFixed(2)}  p99 ${percentile(sugg, 99).toFixed(2)}`);
    if (args.includes('--misses')) {
      for (const [t, r] of [['meili', m], ['fallback', f]] as const) {
        for (const x of r.misses) console.log(`${t}\t${x.q.kind}\t${x.q.query}\t→ ${x.got.join(', ')}\t(want ${x.q.expected.join('|')})`);
      }
    }
    const failed =
      m.overall.top1 / m.overall.n < 0.98 ||
      f.overall.top1 / f.overall.n < 0.9 ||
      [...m.byKind.values(), ...f.byKind.values()].some((s) => s.top3 / s.n < 0.95);
    await online.close();
    await offline.close();
    db.$client.close();
    if (failed) {
      console.log('\nTARGETS NOT MET (top-1 ≥ 98 % Meilisearch, ≥ 90 % fallback, every kind ≥ 95 % top-3)');
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
