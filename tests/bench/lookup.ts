/**
 * pnpm exec tsx tests/bench/lookup.ts [--products N] [--seconds S] [--connections N] [--profile] [--floor]
 *
 * The `lookup` row of `pnpm bench` alone, without the rest of the full-size run (2 M offers are not needed
 * to time a scan): the bench catalog at province size (5,000 products, 4 pack codes each), the bench 挂网
 * file, the API as its own process (scripts/serve.ts) and the same 400 lookups (brand.ts lookupRequests)
 * through autocannon at the bench's 32 connections (--connections 1: one at a time, the service time). --profile writes a V8 CPU profile of the API process
 * to .tmp/lookup-prof; --floor also times GET /health the same way (what the machine allows now). Prints p50/p99, req/s and the load average before and after (a shared machine).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '@yaojia/server/db/client';
import { publishFile } from '@yaojia/server/ingest/index';
import { freePort, startMeilisearch } from '@yaojia/server/search/meili-process';
import { lookupRequests, publishBenchListed } from './brand.js';
import { generateDataset, prng } from './dataset.js';
import { httpLoad, serveNodeArgs } from './load.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const REGION = 'shanxi';
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const CONNECTIONS = Number(arg('connections') ?? 32);
const products = Number(arg('products') ?? 5000);
const seconds = Number(arg('seconds') ?? 10);
const profile = process.argv.includes('--profile');
const seed = 42;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/** user + system CPU time of a process so far (ms), from /proc (Linux) */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  for (const end = Date.now() + 60_000; Date.now() < end; ) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('API did not become healthy');
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'yaojia-lookup-'));
  const meili = await startMeilisearch({ dataDir: join(tmp, 'meili') });
  let api: ChildProcess | null = null;
  try {
    console.log(`load average at start: ${load()}`);
    // offers and institutions are not read by a lookup: a token few, so the files are quick to write
    const ds = generateDataset(tmp, { products, institutions: 50, offers: 500 }, seed);
    const dbFile = join(tmp, 'yaojia.sqlite');
    const db = await openDb(dbFile);
    const r = await publishFile(db, { kind: 'catalog', region: REGION, file: ds.files.catalog, publisher: 'bench' });
    if (r.status !== 'published') throw new Error(`catalog: ${r.status}`);
    const brands = await publishBenchListed(db, ds, REGION);
    await db.close();
    console.log(`catalog ${ds.products.length} products, ${ds.products.length * 4} pack codes; ${brands.listedRows} listed brands`);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const profDir = join(ROOT, '.tmp', 'lookup-prof');
    api = spawn(process.execPath, [...(profile ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []), ...serveNodeArgs(ROOT)], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: dbFile, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, LOG_LEVEL: 'warn' },
    });
    await waitHealthy(url, api);
    const requests = lookupRequests(ds, brands, prng(seed ^ 0xbe9c), REGION);
    for (const q of requests.slice(0, 5)) {
      const res = await fetch(url + q.path);
      if (!res.ok) throw new Error(`${q.path}: ${res.status}`);
    }
    await httpLoad('warm-up', url, requests, { connections: CONNECTIONS, seconds: 2 });
    const before = load();
    const cpu0 = cpuMs(api.pid!);
    const l = await httpLoad('lookup · API', url, requests, { connections: CONNECTIONS, seconds });
    // CPU time of the API process a request: what the route costs, much less swayed by other load than latency
    const cpu = (cpuMs(api.pid!) - cpu0) / l.requests;
    console.log(`lookup · API (${CONNECTIONS} connections, ${seconds} s): p50 ${l.p50} ms, p99 ${l.p99} ms, ${l.rps} req/s, ${l.errors} errors, ${l.timeouts} timeouts; API CPU ${cpu.toFixed(3)} ms a request`);
    if (process.argv.includes('--floor')) {
      // the floor on this machine now: the smallest route of the API (/health) under the same load
      const cpu0 = cpuMs(api.pid!);
      const h = await httpLoad('config · API', url, [{ path: '/api/v1/config' }], { connections: CONNECTIONS, seconds });
      console.log(`floor: GET /api/v1/config (${CONNECTIONS} connections): p50 ${h.p50} ms, p99 ${h.p99} ms, ${h.rps} req/s; API CPU ${((cpuMs(api.pid!) - cpu0) / h.requests).toFixed(3)} ms a request`);
    }
    console.log(`load average before the run: ${before}; after: ${load()}`);
    const one = await fetch(url + requests[1]!.path);
    console.log(`one answer: ${(await one.arrayBuffer()).byteLength} bytes (${requests[1]!.path})`);
  } finally {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api!.once('exit', r));
    }
    await meili.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
