/**
 * `npm start` as a newcomer runs it (after the install the bootstrap does): the real scripts/start.ts in
 * its own process on a fresh data folder: bundled Meilisearch, the demo published, the H5 page and the
 * API on the printed address. Then, as an open-data consumer with only that address: the demo regions'
 * datasets are listed, and each file downloads, matches its sha256, decompresses and holds its row count.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DrugSearchResponse, OpenDatasetsResponse } from '@yaojia/shared';
import { ROOT } from './stack.js';

let child: ChildProcess;
let dir: string;
let url: string;
let output = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yaojia-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATABASE_URL: join(dir, 'yaojia.sqlite'), MEILI_DATA_DIR: join(dir, 'meili'), OPEN_DATA_DIR: join(dir, 'open-data') };
  for (const k of ['MEILI_URL', 'MEILI_MASTER_KEY', 'H5_DIR', 'LOG_LEVEL']) delete env[k];
  child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /H5 page \(citizens\):\s+(http:\/\/\S+?)\/\s/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before serving:\n${output}`)));
  });
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
});

it('serves the H5 page and a search over the demo data at the address it prints', async () => {
  const page = await fetch(`${url}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="app"');
  // pinyin typed: a query only Meilisearch's index answers without the fallback
  const search = (await (await fetch(`${url}/api/v1/drugs/search?q=anlvdiping&region=shanxi`)).json()) as DrugSearchResponse;
  expect(search.degraded, 'answered by Meilisearch, not the fallback').toBe(false);
  expect(search.items.map((g) => g.genericName)).toContain('苯磺酸氨氯地平片');
  expect(output).not.toMatch(/reindex FAILED|rejected/);
});

it("lists every demo region's open datasets, and each downloads whole: sha256, rows, BOM", async () => {
  const list = (await (await fetch(`${url}/api/v1/open/datasets`)).json()) as OpenDatasetsResponse;
  const seen = list.items.map((d) => `${d.region} ${d.kind} ${d.format}`).sort();
  const expected = ['shanxi', 'shenyang'].flatMap((r) => ['catalog', 'institutions', 'prices'].flatMap((k) => [`${r} ${k} csv`, `${r} ${k} jsonl`])).sort();
  expect(seen).toEqual(expected);
  for (const d of list.items) {
    const res = await fetch(new URL(d.url, `${url}/api/v1/open/datasets`), { headers: { 'accept-encoding': 'identity' } });
    expect(res.status, d.url).toBe(200);
    const gz = Buffer.from(await res.arrayBuffer());
    expect(gz.length, d.url).toBe(d.bytes);
    expect(createHash('sha256').update(gz).digest('hex'), d.url).toBe(d.sha256);
    const text = gunzipSync(gz).toString('utf8');
    expect(d.rows, d.url).toBeGreaterThan(0);
    if (d.format === 'csv') {
      expect(text.startsWith('\uFEFF'), `${d.url} starts with a BOM for Excel`).toBe(true);
      const records = parse(text, { bom: true, columns: true }) as Record<string, string>[];
      expect(records.length, d.url).toBe(d.rows);
      expect(Object.keys(records[0]!), d.url).toEqual(list.dictionary[d.kind]!.map((c) => c.name));
    } else {
      const lines = text.split('\n').filter(Boolean);
      expect(lines.length, d.url).toBe(d.rows);
      expect(JSON.parse(lines[0]!).region).toBe(d.region);
    }
  }
});

it('stops on Ctrl-C, Meilisearch with it', async () => {
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  expect(code).toBe(0);
  await expect(fetch(`${url}/health`)).rejects.toThrow();
  const meili = /Meilisearch:\s+(http:\/\/\S+)/.exec(output)?.[1];
  expect(meili).toBeTruthy();
  await expect(fetch(`${meili}/health`)).rejects.toThrow();
});
