/**
 * A/B of the long-tail search through two API builds on one dataset, interleaved (this machine is shared
 * and loaded: only ratios between neighbouring runs mean anything).
 *
 *   pnpm bench --size small --keep            # prints "kept /tmp/yaojia-bench-small-…"
 *   node --import tsx tests/bench/search-ab.ts --dir /tmp/yaojia-bench-small-… --a /work/main --b . [--rounds 3] [--seconds 3]
 *
 * Each round starts the API from checkout A, loads it with the long tail, stops it, then the same for B.
 * Meilisearch runs once from the kept data directory; the API's answer cache is on (as shipped).
 * `--workload names` loads whole 通用名s instead of the long tail. `--a-env K=V,…` / `--b-env K=V,…` add environment variables to one side's API, `--a-node '…'` / `--b-node '…'`
 * node options (e.g. '--cpu-prof --cpu-prof-dir=.tmp/ab-prof'); `--a-query '' --b-query '&productsPerGroup=3'` what each side
 * appends to the search URL (default: a group's three cheapest products, as the mini-program asks).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { freePort, startMeilisearch } from '@yaojia/server/search/meili-process';
import { serveNodeArgs, untilIdle } from './load.js';
import { readBenchCatalog, runLongTail } from './longtail.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const dir = arg('dir');
if (!dir) throw new Error('--dir <kept bench directory> is required');
const sides = { A: resolve(arg('a') ?? '.'), B: resolve(arg('b') ?? '.') };
const envOf = (s: string | undefined) => Object.fromEntries((s ?? '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
const extraEnv = { A: envOf(arg('a-env')), B: envOf(arg('b-env')) };
// e.g. --a-node '--cpu-prof --cpu-prof-dir=.tmp/ab-prof' (not allowed in NODE_OPTIONS)
const nodeArgs = { A: (arg('a-node') ?? '').split(' ').filter(Boolean), B: (arg('b-node') ?? '').split(' ').filter(Boolean) };
// --a-query '' / --b-query '&productsPerGroup=3': what each side appends to the search URL (default: as the mini-program asks)
const apiQuery = { A: arg('a-query'), B: arg('b-query') };
const rounds = Number(arg('rounds') ?? 3);
const seconds = Number(arg('seconds') ?? 3);
// --workload names: every distinct 通用名 of the catalog, cycled (with SEARCH_CACHE_SIZE=0 in both envs: the
// repeated whole-name searches without the cache); default: the long tail
const queries = arg('workload') === 'names' ? [...new Set(readBenchCatalog(join(dir, 'catalog.csv')).map((p) => p.genericName))] : undefined;

const meili = await startMeilisearch({ dataDir: join(dir, 'meili') });
const port = await freePort();
const apiUrl = `http://127.0.0.1:${port}`;
let api: ChildProcess | null = null;

async function startApi(root: string, env: Record<string, string>, node: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...node, ...serveNodeArgs(root)], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: join(dir!, 'yaojia.sqlite'), MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey,
      MEILI_DATA_DIR: join(dir!, 'meili-unused'), LOG_LEVEL: 'warn', ...env },
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${apiUrl}/health`)).ok) return child;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('API did not start');
}
const stop = (c: ChildProcess) => new Promise<void>((r) => {
  c.once('exit', () => r());
  c.kill('SIGTERM');
});

const results: Record<'A' | 'B', Array<{ rps: number; p50: number; p99: number; engineP99: number; cpuMs: number }>> = { A: [], B: [] };
/** CPU time (user + system) the API process has used so far, ms: less bent by a loaded machine than req/s */
const cpuMsOf = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
};
try {
  for (let round = 0; round < rounds; round++) {
    for (const side of (round % 2 ? ['B', 'A'] : ['A', 'B']) as Array<'A' | 'B'>) {
      api = await startApi(sides[side], extraEnv[side], nodeArgs[side]);
      const pid = api.pid!;
      // as run.ts: loaded once idle (the API fills its nearby candidate sets in the background after start)
      await untilIdle([pid], { maxMs: 300_000 });
      let cpu0 = 0;
      const r = await runLongTail({ beforeMeasure: () => (cpu0 = cpuMsOf(pid)), apiUrl, meiliUrl: meili.url, meiliKey: meili.masterKey, catalogFile: join(dir, 'catalog.csv'), seed: 42, region: 'shanxi',
        connections: 32, seconds, warmSeconds: 1, log: () => {}, engine: false, queries, apiQuery: apiQuery[side] });
      const cpuMs = (cpuMsOf(pid) - cpu0) / Math.max(1, r.api.requests);
      await stop(api);
      api = null;
      results[side].push({ rps: r.api.rps, p50: r.api.p50, p99: r.api.p99, engineP99: r.engine.p99, cpuMs });
      console.log(`round ${round + 1} ${side}: ${r.api.rps} req/s, p50 ${r.api.p50} ms, p99 ${r.api.p99} ms, ${r.api.errors} err, API CPU ${cpuMs.toFixed(2)} ms/req (load ${loadavg()[0]!.toFixed(2)})`);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const a = results.A;
  const b = results.B;
  console.log(`B/A req/s ${(mean(b.map((x) => x.rps)) / mean(a.map((x) => x.rps))).toFixed(2)}×, p50 ${(mean(b.map((x) => x.p50)) / mean(a.map((x) => x.p50))).toFixed(2)}×, p99 ${(mean(b.map((x) => x.p99)) / mean(a.map((x) => x.p99))).toFixed(2)}×, API CPU per request ${(mean(b.map((x) => x.cpuMs)) / mean(a.map((x) => x.cpuMs))).toFixed(2)}× (A ${mean(a.map((x) => x.cpuMs)).toFixed(2)} ms, B ${mean(b.map((x) => x.cpuMs)).toFixed(2)} ms)`);
} finally {
  if (api) await stop(api);
  await meili.stop();
}
