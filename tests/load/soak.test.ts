import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '@yaojia/server/config';
import { type Db, openDb } from '@yaojia/server/db/client';
import { publishFile } from '@yaojia/server/ingest/index';
import { openSearch } from '@yaojia/server/search/open';
import { type ServeProcess, startServe } from '../../server/test/serve-process.js';
import { httpLoad } from '../bench/load.js';

/**
 * Issue 13: a bounded soak on loopback with autocannon (c=64): search and offers, while one client floods
 * reports. 0 errors on the reads, reports limited per client, search not slowed by the flood. `npm test`
 * runs the short mode (a few seconds); SOAK_SECONDS=60 runs the full one, which also checks that the API
 * process's memory does not creep up over the flood (its RSS floor, see below; SOAK_TRACE=<file> writes
 * the RSS of each second). The API is the real
 * `pnpm serve` in its own process, so its RSS is not mixed with the load generator's.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 3);
const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const REPORT_LIMIT = 10;
const FLOOD_CONNECTIONS = 16;
const INDEX_PREFIX = `soak${process.pid}_`;
let dir: string;
let db: Db;
let api: ServeProcess | undefined;
let base: string;
let institutionId: number;

/** resident memory of a process, from /proc (Linux) */
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yaojia-soak-'));
  const url = join(dir, 'yaojia.sqlite');
  db = await openDb(url);
  for (const [kind, file] of [['catalog', 'catalog-good.csv'], ['institutions', 'institutions-bom.csv'], ['prices', 'prices-good.csv']] as const) {
    const r = await publishFile(db, { kind, region: 'shanxi', file: join(FIXTURES, file), publisher: 'soak' });
    if (r.status !== 'published') throw new Error(r.message);
  }
  institutionId = (await db.get<{ id: number }>('SELECT id FROM institutions ORDER BY id LIMIT 1'))!.id;
  const env = {
    DATABASE_URL: url,
    MEILI_URL: process.env.MEILI_URL!,
    MEILI_MASTER_KEY: process.env.MEILI_MASTER_KEY!,
    MEILI_INDEX_PREFIX: INDEX_PREFIX,
    REPORT_RATE_LIMIT: String(REPORT_LIMIT),
    OPEN_DATA_DIR: join(dir, 'open'),
    UPLOAD_DIR: join(dir, 'uploads'),
    API_WORKERS: '1',
  };
  const search = openSearch(loadConfig(env), db);
  await search.reindexAll();
  await search.close();
  api = await startServe(env);
  base = api.url;
}, 180_000);
afterAll(async () => {
  await api?.stop();
  if (db) {
    const search = openSearch(loadConfig({ MEILI_URL: process.env.MEILI_URL!, MEILI_MASTER_KEY: process.env.MEILI_MASTER_KEY!, MEILI_INDEX_PREFIX: INDEX_PREFIX }), db);
    await search.dropIndex().catch(() => {});
    await search.close();
    await db.close();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const reads = [
  { path: `/api/v1/drugs/search?q=${encodeURIComponent('氨氯地平')}&region=shanxi` },
  { path: `/api/v1/drugs/search?q=aldp&region=shanxi` },
  { path: `/api/v1/drugs/suggest?q=${encodeURIComponent('阿托')}&region=shanxi` },
  { path: `/api/v1/offers?generic=${encodeURIComponent('苯磺酸氨氯地平片')}&lat=37.87&lng=112.55&radiusKm=20` },
  { path: `/api/v1/offers?code=XC08CAA040A001010100001&lat=37.87&lng=112.55&sort=price` },
];

it(`soak (${SECONDS} s, c=64): reads answer without error while one client's reports are limited and do not slow search`, async () => {
  const rss: number[] = [];
  let sampler: NodeJS.Timeout | undefined;
  try {
    // a fresh process compiles and opens on its first requests: warm it, so "alone" measures the steady API
    for (let round = 0; round < 3; round++) for (const r of reads) expect((await fetch(base + r.path)).status).toBe(200);
    const alone = await httpLoad('reads alone', base, reads, { connections: 64, seconds: Math.max(2, Math.round(SECONDS / 3)) });
    // the API's memory, sampled each second while the flood and the reads run together
    sampler = setInterval(() => rss.push(rssOf(api!.child.pid!)), 1000);
    const flood = httpLoad('reports from one client', base, [
      { method: 'POST', path: '/api/v1/reports', body: JSON.stringify({ institutionId, kind: 'other', note: '压力测试' }), headers: { 'content-type': 'application/json' } },
    ], { connections: FLOOD_CONNECTIONS, seconds: SECONDS });
    const during = await httpLoad('reads during the flood', base, reads, { connections: 64, seconds: SECONDS });
    const reports = await flood;

    const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
    if (process.env.SOAK_TRACE) writeFileSync(process.env.SOAK_TRACE, rss.map((r) => Math.round(r / 2 ** 20)).join(' '));
    console.log(
      `soak ${SECONDS} s: reads ${during.requests} (p99 ${during.p99} ms, alone ${alone.p99} ms), reports ${reports.requests} ` +
        `(${reports.serverErrors} 5xx, ${reports.socketErrors} socket errors); API RSS ${mb(Math.min(...rss))}–${mb(Math.max(...rss))}`,
    );

    expect(alone.errors + alone.timeouts, 'reads alone').toBe(0);
    expect(during.errors + during.timeouts, 'reads during the flood').toBe(0);
    expect(during.requests).toBeGreaterThan(SECONDS * 50);
    // every report past the limit was refused with an answer (429), none lost to a 5xx; every report
    // answered as accepted is stored. Requests still in flight when autocannon's time ran out (at most one
    // per connection) may be stored without being counted, or fail on the socket.
    const stored = Number((await db.get<{ n: number }>("SELECT count(*) AS n FROM reports WHERE note = '压力测试'"))!.n);
    expect(stored).toBeLessThanOrEqual(REPORT_LIMIT * Math.ceil(SECONDS / 60 + 1));
    expect(reports.serverErrors).toBe(0);
    expect(reports.socketErrors).toBeLessThanOrEqual(FLOOD_CONNECTIONS);
    const accepted = reports.requests - (reports.errors - reports.socketErrors!);
    expect(stored).toBeGreaterThanOrEqual(accepted);
    expect(stored - accepted).toBeLessThanOrEqual(FLOOD_CONNECTIONS);
    if (SECONDS >= 60) {
      // "without slowing search": the reads' p99 under the flood stays in the same range as alone. Judged
      // only on the long soak: 3 s on a shared 2-core CI box measures the neighbours (a run at load 10–12
      // read 2,111 ms against 242 alone). What the short run guards deterministically — a refused report
      // writes nothing — is asserted in rate-limit.test.ts.
      expect(during.p99).toBeLessThan(Math.max(alone.p99 * 4, alone.p99 + 250));
      // RSS saws up and down with V8's collections (~70 MB, a period of 10–20 s under this load), so two 10 s
      // means compare two points of the saw. A leak raises the floor: the lowest RSS of the last 20 s may not
      // be more than 10 % above the lowest of the first 20 s (measured: 268 MB → 204 MB over 90 s, no leak)
      const first = Math.min(...rss.slice(0, 20));
      const last = Math.min(...rss.slice(-20));
      expect((last - first) / first, `API RSS floor ${mb(first)} in the first 20 s, ${mb(last)} in the last 20 s`).toBeLessThan(0.1);
    }
  } finally {
    if (sampler) clearInterval(sampler);
  }
}, 60_000 + SECONDS * 3000);
