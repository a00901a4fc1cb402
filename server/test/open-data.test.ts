import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_DATA_DICTIONARY, type OpenDatasetsResponse } from '@yaojia/shared';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { publishFile } from '../src/ingest/index.js';
import { exportOpenData } from '../src/open-data/export.js';
import { FIXTURES, noSearch, publishTaiyuanFixtures, tempDb, type TempDb } from './helper.js';

/**
 * The open datasets as a researcher uses them: list, download, check the sha256, decompress, count the
 * rows, open the CSV. A real database (SQLite file, or PostgreSQL in the pg project) with the 太原
 * fixtures published through the real ingest; files on disk in a temp OPEN_DATA_DIR.
 */
let t: TempDb;
let app: App;
let openDir: string;
const KEEP = 2;
// a tiny page, so the export's paging runs over several pages even on the fixtures
const opts = () => ({ dir: openDir, keep: KEEP, pageSize: 2 });

beforeAll(async () => {
  t = await tempDb();
  openDir = join(t.dir, 'open-data');
  await publishTaiyuanFixtures(t.db);
  // a cell a spreadsheet would run as a formula, wherever it came from
  await t.db.run(`UPDATE institutions SET address = ? WHERE code = ?`, ['=HYPERLINK("http://example.invalid","点我")', 'P14010500001']);
  const first = await exportOpenData(t.db, 'shanxi', opts());
  expect(first.version).toBe(1);
  app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url, OPEN_DATA_DIR: openDir, OPEN_DATA_KEEP: String(KEEP) }), db: t.db, search: noSearch });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

const list = async (query = '') => {
  const r = await app.inject({ method: 'GET', url: `/api/v1/open/datasets${query}` });
  expect(r.statusCode).toBe(200);
  return r.json<OpenDatasetsResponse>();
};

async function download(url: string) {
  const r = await app.inject({ method: 'GET', url });
  expect(r.statusCode, url).toBe(200);
  return r;
}

const liveCount = async (sql: string) => Number((await t.db.get<{ n: number }>(sql))!.n);

describe('GET /api/v1/open/datasets', () => {
  it('lists catalog, institutions and prices of the region as CSV and JSON Lines, with licence and data dictionary', async () => {
    const body = await list('?region=shanxi');
    expect(body.items.map((d) => `${d.kind}.${d.format}`).sort()).toEqual(
      ['catalog.csv', 'catalog.jsonl', 'institutions.csv', 'institutions.jsonl', 'prices.csv', 'prices.jsonl'],
    );
    for (const d of body.items) {
      expect(d).toMatchObject({ region: 'shanxi', version: 1 });
      expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(d.url).toBe(`/api/v1/open/datasets/shanxi/1/${d.kind}.${d.format}.gz`);
    }
    expect(body.licence.name).toBe('CC BY 4.0');
    expect(body.dictionary.prices!.map((c) => c.name)).toContain('selling_price_fen');
    const rows = Object.fromEntries(body.items.filter((d) => d.format === 'csv').map((d) => [d.kind, d.rows]));
    expect(rows).toEqual({
      catalog: await liveCount(`SELECT COUNT(*) AS n FROM products WHERE removed_at IS NULL`),
      institutions: await liveCount(`SELECT COUNT(*) AS n FROM institutions WHERE removed_at IS NULL`),
      prices: await liveCount(`SELECT COUNT(*) AS n FROM offers`),
    });
  });

  it('each file downloads as gzip, matches its sha256 and byte count, and decompresses to its row count', async () => {
    for (const d of (await list()).items) {
      const r = await download(d.url);
      expect(r.headers['content-type']).toBe('application/gzip');
      expect(r.headers['content-disposition']).toContain(`yaojia-shanxi-v1-${d.kind}.${d.format}.gz`);
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(r.rawPayload.length).toBe(d.bytes);
      expect(createHash('sha256').update(r.rawPayload).digest('hex')).toBe(d.sha256);
      const text = gunzipSync(r.rawPayload).toString('utf8');
      if (d.format === 'csv') {
        expect(text.startsWith('\uFEFF'), 'CSV starts with a BOM so Excel reads UTF-8').toBe(true);
        const rows = parse(text, { bom: true }) as string[][];
        expect(rows[0]).toEqual(OPEN_DATA_DICTIONARY[d.kind].map((c) => c.name));
        expect(rows.length - 1).toBe(d.rows);
      } else {
        const lines = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines.length).toBe(d.rows);
        expect(Object.keys(lines[0]!)).toEqual(OPEN_DATA_DICTIONARY[d.kind].map((c) => c.name));
      }
    }
  });

  it('prices carry both fen and yuan, the 中选价 and the markup; CSV and JSON Lines hold the same rows', async () => {
    const items = (await list('?kind=prices')).items;
    const csvUrl = items.find((d) => d.format === 'csv')!.url;
    const jsonUrl = items.find((d) => d.format === 'jsonl')!.url;
    const csv = parse(gunzipSync((await download(csvUrl)).rawPayload).toString('utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    const jsonl = gunzipSync((await download(jsonUrl)).rawPayload).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const first = jsonl.find((r) => r.institution_code === 'P14010500001' && r.product_code === 'XC08CAA040A001010100001')!;
    expect(first).toMatchObject({ selling_price_fen: 462, selling_price_yuan: '4.62', region: 'shanxi', source: 'bureau' });
    expect(first.markup_ratio).toBeCloseTo(462 / Number(first.winning_price_fen) - 1, 3);
    expect(csv.map((r) => `${r.institution_code}/${r.product_code}/${r.selling_price_fen}`).sort()).toEqual(
      jsonl.map((r) => `${r.institution_code}/${r.product_code}/${r.selling_price_fen}`).sort(),
    );
  });

  it('institutions hold public fields only, and a formula-like text cell is neutralised in the CSV', async () => {
    const items = (await list('?kind=institutions')).items;
    const csvText = gunzipSync((await download(items.find((d) => d.format === 'csv')!.url)).rawPayload).toString('utf8');
    const jsonText = gunzipSync((await download(items.find((d) => d.format === 'jsonl')!.url)).rawPayload).toString('utf8');
    for (const secret of ['91140105MA0K1A2B3C', '张伟', '李娜']) {
      // 统一社会信用代码, 法人代表, 联系人 of the fixture's first pharmacy
      expect(csvText).not.toContain(secret);
      expect(jsonText).not.toContain(secret);
    }
    const csv = parse(csvText, { bom: true, columns: true }) as Array<Record<string, string>>;
    const row = csv.find((r) => r.institution_code === 'P14010500001')!;
    expect(row.address).toBe(`'=HYPERLINK("http://example.invalid","点我")`);
    expect(row.lat).toMatch(/^37\.8/);
    // JSON Lines is data, not a spreadsheet: the text stays as it is
    expect(jsonText).toContain('"address":"=HYPERLINK(\\"http://example.invalid\\",\\"点我\\")"');
  });

  it('an unknown file or version answers 404; a malformed name 400', async () => {
    expect((await app.inject('/api/v1/open/datasets/shanxi/99/prices.csv.gz')).statusCode).toBe(404);
    expect((await app.inject('/api/v1/open/datasets/jiangxi/1/prices.csv.gz')).statusCode).toBe(404);
    expect((await app.inject('/api/v1/open/datasets/shanxi/1/..%2F..%2Fyaojia.sqlite')).statusCode).toBe(400);
    expect((await app.inject('/api/v1/open/datasets/shanxi/1/prices.xlsx')).statusCode).toBe(400);
  });
});

describe('versions', () => {
  it('every publish writes a new version; only OPEN_DATA_KEEP versions stay, older files are deleted', async () => {
    // the same prices with one lowered, published through the real ingest, then exported as a publish does
    const dir = mkdtempSync(join(tmpdir(), 'yaojia-prices-'));
    const changed = join(dir, 'prices-changed.csv');
    writeFileSync(changed, readFileSync(join(FIXTURES, 'prices-good.csv'), 'utf8').replace('P14010500001,XC08CAA040A001010100001,4.62,4.62', 'P14010500001,XC08CAA040A001010100001,4.50,4.50'));
    expect((await publishFile(t.db, { kind: 'prices', region: 'shanxi', file: changed, publisher: 'test' })).status).toBe('published');
    rmSync(dir, { recursive: true, force: true });
    const second = await exportOpenData(t.db, 'shanxi', opts());
    expect(second.version).toBe(2);
    expect(second.pruned).toEqual([]);

    const latest = (await list('?region=shanxi&kind=prices')).items;
    expect(latest.every((d) => d.version === 2)).toBe(true);
    const jsonl = gunzipSync((await download(latest.find((d) => d.format === 'jsonl')!.url)).rawPayload).toString('utf8');
    expect(jsonl).toContain('"selling_price_fen":450');
    // a researcher follows the change: version 1 is still there with the old price
    const all = (await list('?region=shanxi&kind=prices&all=true')).items;
    expect(all.map((d) => d.version).sort()).toEqual([1, 1, 2, 2]);
    const v1 = gunzipSync((await download('/api/v1/open/datasets/shanxi/1/prices.jsonl.gz')).rawPayload).toString('utf8');
    expect(v1).toContain('"selling_price_fen":462');

    const third = await exportOpenData(t.db, 'shanxi', opts());
    expect(third.version).toBe(3);
    expect(third.pruned).toEqual([1]);
    expect(existsSync(join(openDir, 'shanxi', 'v1'))).toBe(false);
    expect(existsSync(join(openDir, 'shanxi', 'v3', 'prices.csv.gz'))).toBe(true);
    expect((await app.inject('/api/v1/open/datasets/shanxi/1/prices.jsonl.gz')).statusCode).toBe(404);
    expect([...new Set((await list('?all=true')).items.map((d) => d.version))].sort()).toEqual([2, 3]);
  });

  it('a region without a live catalog exports nothing', async () => {
    const r = await exportOpenData(t.db, 'jiangxi', opts());
    expect(r.version).toBeNull();
    expect((await list('?region=jiangxi')).items).toEqual([]);
  });
});
