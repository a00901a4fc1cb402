import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { publishFile } from '../src/ingest/index.js';
import { acquireLock } from '../src/lib/lock.js';
import { exportOpenData } from '../src/open-data/export.js';
import { listOpenDatasets } from '../src/open-data/repository.js';
import { FIXTURES, type TempDb, tempDb } from './helper.js';

/**
 * Issue 17 §2: a publish's open datasets are written by a separate process after `pnpm admin … publish`
 * returns (they took longer than a 2 M-row publish itself). What an open-data consumer sees: the listing
 * serves a version only once it is written whole, it is the published state, and exports of a region
 * queue up instead of numbering the same version twice.
 */
const ROOT = resolve(import.meta.dirname, '../..');
let t: TempDb;
let openDir: string;
const env = () => ({ ...process.env, DATABASE_URL: t.url, OPEN_DATA_DIR: openDir, LOG_LEVEL: 'warn' });
const adminArgs = (...args: string[]) => ['--import', 'tsx', 'scripts/admin.ts', ...args];
/** what `pnpm admin` runs: the bundled CLI (scripts/admin-cli.mjs), built on first use */
const pnpmAdminArgs = (...args: string[]) => ['scripts/admin-cli.mjs', ...args];

beforeAll(async () => {
  t = await tempDb();
  openDir = join(t.dir, 'open-data');
  for (const [kind, file] of [['catalog', 'catalog-good.csv'], ['institutions', 'institutions-bom.csv']] as const) {
    const r = await publishFile(t.db, { kind, region: 'shanxi', file: join(FIXTURES, file), publisher: 'test' });
    expect(r.status).toBe('published');
  }
});
afterAll(async () => {
  await t?.cleanup();
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function exited(pid: number, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > until) throw new Error(`pid ${pid} still running after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const liveOffers = async () => Number((await t.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM offers`))!.n);

it('prices publish returns with the export started in its own process, which then lists the published prices', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    pnpmAdminArgs('prices', 'publish', join(FIXTURES, 'prices-good.csv'), '--region', 'shanxi', '--no-reindex', '--publisher', 'test'),
    { cwd: ROOT, env: env() },
  );
  expect(stdout).toMatch(/^── PUBLISHED/m);
  const started = /^open data: export started in the background \(pid (\d+)\), log (.+)$/m.exec(stdout);
  expect(started, stdout).not.toBeNull();
  await exited(Number(started![1]));
  expect(readFileSync(started![2]!, 'utf8')).toMatch(/open data: shanxi: open datasets v1 \(catalog \d+, institutions \d+, prices \d+ rows\)/);
  const prices = await listOpenDatasets(t.db, { region: 'shanxi', kind: 'prices' });
  expect(prices.map((d) => `${d.version} ${d.format}`).sort()).toEqual(['1 csv', '1 jsonl']);
  expect(prices.every((d) => d.rows === prices[0]!.rows)).toBe(true);
  expect(prices[0]!.rows).toBe(await liveOffers());
});

it('an export waits while another export of the region runs, then writes the next version', async () => {
  const lock = acquireLock(join(openDir, 'shanxi', '.export.lock'));
  const child = spawn(process.execPath, adminArgs('open-data', 'export', '--region', 'shanxi'), { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const done = new Promise<number | null>((res) => child.on('exit', res));
  try {
    const until = Date.now() + 45_000;
    while (!/waiting for the export already running/.test(out) && child.exitCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(out).toMatch(/open data: shanxi: waiting for the export already running/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(child.exitCode, out).toBeNull();
    expect((await listOpenDatasets(t.db, { region: 'shanxi', all: true })).every((d) => d.version === 1)).toBe(true);
  } finally {
    lock.release();
  }
  expect(await done, out).toBe(0);
  expect(out).toMatch(/open data: shanxi: open datasets v2 /);
  expect(new Set((await listOpenDatasets(t.db, { region: 'shanxi' })).map((d) => d.version))).toEqual(new Set([2]));
}, 60_000);

it('an export killed part-way leaves nothing behind: the next one takes over its lock and removes its half-written folder', async () => {
  const regionDir = join(openDir, 'shanxi');
  const before = Math.max(...(await listOpenDatasets(t.db, { region: 'shanxi', all: true })).map((d) => d.version));
  // what `kill -9` of an export leaves: its lock (a pid that is gone) and the folder it was writing into
  const dead = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => dead.on('exit', r));
  writeFileSync(join(regionDir, '.export.lock'), JSON.stringify({ pid: dead.pid, host: hostname(), startedAt: new Date().toISOString() }));
  mkdirSync(join(regionDir, '.tmp-0123456789ab'));
  writeFileSync(join(regionDir, '.tmp-0123456789ab', 'prices.csv.gz'), 'half a file');
  const r = await exportOpenData(t.db, 'shanxi', { dir: openDir, keep: 3 });
  expect(r.version).toBe(before + 1);
  expect(readdirSync(regionDir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  expect(existsSync(join(regionDir, '.export.lock')), 'released after the export').toBe(false);
  expect(existsSync(join(regionDir, `v${before + 1}`, 'prices.csv.gz'))).toBe(true);
});
