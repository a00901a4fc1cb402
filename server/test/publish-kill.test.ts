import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../src/db/client.js';
import { listVersions, publishFile } from '../src/ingest/index.js';
import { onPostgres, type TempDb, tempDb } from './helper.js';

/**
 * A publish killed mid-transaction leaves the previous version serving: a child process publishes a
 * 120,000-row prices file and is SIGKILLed once it reports writing rows inside the transaction. On
 * PostgreSQL the server rolls the transaction back when the child's connection drops.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const INGEST = join(ROOT, 'server/src/ingest/index.ts');
const CLIENT = join(ROOT, 'server/src/db/client.ts');

let t: TempDb;
let dir: string;
beforeAll(async () => {
  t = await tempDb();
  dir = t.dir;
});
afterAll(() => t.cleanup());

const PRODUCTS = 1000;
const INSTITUTIONS = 120;
const code = (p: string, i: number) => `${p}${String(i).padStart(6, '0')}`;

function writeFiles() {
  const catalog = ['药品统一编码,产品名称,剂型,规格,转换比,生产企业,中选价(元)'];
  for (let i = 0; i < PRODUCTS; i++) catalog.push(`${code('XT', i)},测试药品${i}片,片剂,${i % 50 + 1}mg,28,测试制药有限公司,${(5 + (i % 40)).toFixed(2)}`);
  writeFileSync(join(dir, 'catalog.csv'), catalog.join('\n'));
  const inst = ['机构名称,机构医保编码,机构类型,地址,经度,纬度'];
  for (let i = 0; i < INSTITUTIONS; i++) inst.push(`测试药店${i},${code('P', i)},单体药店,山西省太原市小店区测试路${i}号,${(112.5 + i / 1000).toFixed(4)},${(37.8 + i / 1000).toFixed(4)}`);
  writeFileSync(join(dir, 'institutions.csv'), inst.join('\n'));
  const small = ['机构医保编码,药品统一编码,销售价', `${code('P', 0)},${code('XT', 0)},5.00`, `${code('P', 1)},${code('XT', 1)},6.00`];
  writeFileSync(join(dir, 'prices-v1.csv'), small.join('\n'));
  const big: string[] = ['机构医保编码,药品统一编码,销售价,库存'];
  for (let i = 0; i < INSTITUTIONS; i++) for (let p = 0; p < PRODUCTS; p++) big.push(`${code('P', i)},${code('XT', p)},${(4 + ((i + p) % 30) / 10).toFixed(2)},${(i * p) % 90}`);
  writeFileSync(join(dir, 'prices-big.csv'), big.join('\n'));
}

const CHILD = `
import { openDb } from ${JSON.stringify(CLIENT)};
import { publishFile } from ${JSON.stringify(INGEST)};
const db = await openDb(process.env.DATABASE_URL);
await publishFile(db, {
  file: process.argv[2], kind: 'prices', region: 'shanxi', publisher: 'child',
  onProgress: (e) => { if (e.phase === 'apply' && e.done > 0) process.stdout.write('APPLY ' + e.done + '\\n'); },
});
process.stdout.write('COMMITTED\\n');
await db.close();
`;

describe('publish atomicity', () => {
  it('a publish killed mid-transaction leaves the previous version serving', async () => {
    writeFiles();
    const db = t.db;
    for (const [file, kind] of [['catalog.csv', 'catalog'], ['institutions.csv', 'institutions'], ['prices-v1.csv', 'prices']] as const) {
      const r = await publishFile(db, { file: join(dir, file), kind, region: 'shanxi', publisher: 'test' });
      expect(r.status).toBe('published');
    }
    const before = await listVersions(db, 'shanxi', 'prices');
    const offersBefore = await db.all(`SELECT institution_id, product_id, selling_price_fen FROM offers ORDER BY id`);
    await db.close();

    const childFile = join(dir, 'child.mts');
    writeFileSync(childFile, CHILD);
    // node itself with the tsx loader (the tsx binary would fork a grandchild that outlives a SIGKILL)
    const child = spawn(process.execPath, ['--import', 'tsx', childFile, join(dir, 'prices-big.csv')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: t.url },
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exit = await new Promise<{ code: number | null; signal: string | null }>((res) => {
      child.stdout.on('data', (d) => {
        out += d;
        // rows are being written inside the transaction: kill it now
        if (out.includes('APPLY') && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => res({ code, signal }));
    });
    expect(err).toBe('');
    expect(out).toContain('APPLY');
    expect(out).not.toContain('COMMITTED');
    expect(exit.signal).toBe('SIGKILL');

    const after: Db = await openDb(t.url);
    try {
      // the SQLite file itself survived the kill (PostgreSQL: the server's own recovery)
      if (!onPostgres) expect(after.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(await listVersions(after, 'shanxi', 'prices')).toEqual(before);
      expect(await after.all(`SELECT institution_id, product_id, selling_price_fen FROM offers ORDER BY id`)).toEqual(offersBefore);
      expect((await after.get<{ n: number }>(`SELECT count(*) AS n FROM price_history`))!.n).toBe(2);
      // and the database takes the next publish normally
      writeFileSync(join(dir, 'prices-v2.csv'), ['机构医保编码,药品统一编码,销售价', `${code('P', 0)},${code('XT', 0)},4.80`].join('\n'));
      const again = await publishFile(after, { file: join(dir, 'prices-v2.csv'), kind: 'prices', region: 'shanxi', publisher: 'test' });
      expect(again.status).toBe('published');
      expect(again.diff).toMatchObject({ changed: 1, removed: 1, priceChanged: 1 });
    } finally {
      await after.close();
    }
  }, 120_000);
});
