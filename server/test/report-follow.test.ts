import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoUploaded, ReportCreated, ReportStatus } from '@yaojia/shared';
import { buildApp, type App } from '../src/app.js';
import { resolveReport } from '../src/bureau/reports.js';
import { loadConfig } from '../src/config.js';
import { noSearch, publishTaiyuanFixtures, tempDb, type TempDb } from './helper.js';

const ROOT = resolve(import.meta.dirname, '../..');
let t: TempDb;
let app: App;
let institutionId: number;
let uploadDir: string;

beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
  institutionId = (await t.db.get<{ id: number }>("SELECT id FROM institutions WHERE code = 'P14010500001'"))!.id;
  uploadDir = join(t.dir, 'uploads');
  app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url, UPLOAD_DIR: uploadDir, REPORT_RATE_LIMIT: '1000' }), db: t.db, search: noSearch });
});
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

async function file(): Promise<ReportCreated> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/reports', payload: { institutionId, kind: 'price_mismatch', observedPrice: '6.00', note: '价签 6.00' } });
  expect(r.statusCode).toBe(201);
  return r.json();
}

function multipart(name: string, filename: string, type: string, data: Buffer) {
  const boundary = '----yaojia' + Math.random().toString(36).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (ref: string, body: ReturnType<typeof multipart>) => app.inject({ method: 'POST', url: `/api/v1/reports/${ref}/photos`, ...body });

/** A phone photo: JPEG with EXIF (camera, time) and a GPS position in 太原 */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c8d0d8' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'SECRET-MODEL-X', Copyright: 'SECRET-OWNER' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 49/1 1560/100', GPSLongitudeRef: 'E', GPSLongitude: '112/1 33/1 4716/100' },
    })
    .toBuffer();
}

describe('GET /api/v1/reports/:reference', () => {
  it('answers the status and the bureau’s public note, never the internal note', async () => {
    const { reference } = await file();
    const open = await app.inject({ method: 'GET', url: `/api/v1/reports/${reference}` });
    expect(open.statusCode).toBe(200);
    expect(open.headers['cache-control']).toBe('no-store');
    expect(open.json()).toMatchObject({ reference, status: 'open', resolution: null, statusText: '已收到，等待医保部门核查', publicNote: null, resolvedAt: null, photos: 0 });

    await resolveReport(t.db, { reference, resolution: 'confirmed', note: '内部：店长承认价签未更新，约谈记录 #17', publicNote: '经核实价签未及时更新，已责令药店按中选价销售。', actor: 'test' });
    const done = (await app.inject({ method: 'GET', url: `/api/v1/reports/${reference}` })).json() as ReportStatus;
    expect(done).toMatchObject({ status: 'resolved', resolution: 'confirmed', publicNote: '经核实价签未及时更新，已责令药店按中选价销售。' });
    expect(JSON.stringify(done)).not.toContain('约谈记录');
    expect(Object.keys(done).sort()).toEqual(['createdAt', 'photos', 'publicNote', 'reference', 'resolution', 'resolvedAt', 'status', 'statusText']);
  });

  it('404 for an unknown reference, 400 for a malformed one, and limited per client', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/reports/JB2601010000000000' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/reports/1%20OR%201=1' })).statusCode).toBe(400);
    const codes: number[] = [];
    for (let i = 0; i < 35; i++) codes.push((await app.inject({ method: 'GET', url: `/api/v1/reports/JB26010100000000${String(i % 10)}${'A'}`, remoteAddress: '10.9.8.7' })).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 404)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});

describe('POST /api/v1/reports/:reference/photos', () => {
  it('stores a re-encoded JPEG under UPLOAD_DIR with no EXIF or GPS, and the bureau sees it in reports show', async () => {
    const { reference } = await file();
    const original = await phonePhoto();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    expect(original.includes(Buffer.from('SECRET-MODEL-X'))).toBe(true);

    const r = await upload(reference, multipart('photo', 'IMG_0001.jpg', 'image/jpeg', original));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json<PhotoUploaded>()).toMatchObject({ photos: 1, width: 1200, height: 900 });

    const row = (await t.db.get<{ file: string }>("SELECT file FROM photos WHERE owner_kind = 'report'"))!;
    const stored = readFileSync(join(uploadDir, row.file));
    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from('SECRET-MODEL-X'))).toBe(false);
    expect(stored.includes(Buffer.from('SECRET-OWNER'))).toBe(false);
    expect(row.file).not.toContain('IMG_0001');

    const status = (await app.inject({ method: 'GET', url: `/api/v1/reports/${reference}` })).json() as ReportStatus;
    expect(status.photos).toBe(1);

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'reports', 'show', reference], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.url, UPLOAD_DIR: uploadDir },
    });
    expect(stdout).toContain(`photo      ${join(uploadDir, row.file)} (1200×900`);
  });

  it('takes a PNG (as JPEG), refuses other types, more than 5 MB and a fourth photo, leaving no file behind', async () => {
    const { reference } = await file();
    const png = await sharp({ create: { width: 3000, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const ok = await upload(reference, multipart('photo', 'tag.png', 'image/png', png));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json<PhotoUploaded>()).toMatchObject({ width: 2000, height: 67 }); // the long side shrunk to 2000

    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'binary');
    const bad = await upload(reference, multipart('photo', 'x.jpg', 'image/jpeg', gif));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('只能上传 JPEG 或 PNG 格式的照片');

    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const big = await upload(reference, multipart('photo', 'big.jpg', 'image/jpeg', huge));
    expect(big.statusCode).toBe(400);
    expect(big.json().message).toBe('照片不能超过 5 MB');

    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a jpeg')]);
    expect((await upload(reference, multipart('photo', 'b.jpg', 'image/jpeg', broken))).statusCode).toBe(400);

    const small = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    expect((await upload(reference, multipart('photo', 'a.jpg', 'image/jpeg', small))).statusCode).toBe(201);
    expect((await upload(reference, multipart('photo', 'b.jpg', 'image/jpeg', small))).statusCode).toBe(201);
    const fourth = await upload(reference, multipart('photo', 'c.jpg', 'image/jpeg', small));
    expect(fourth.statusCode).toBe(400);
    expect(fourth.json().message).toBe('最多上传 3 张照片');
    // files on disk = rows: the refused fourth left nothing
    const rows = await t.db.all<{ file: string }>('SELECT file FROM photos');
    const onDisk = readdirSync(join(uploadDir, 'photos'), { recursive: true }).filter((f) => String(f).endsWith('.jpg'));
    expect(onDisk.length).toBe(rows.length);
    for (const r of rows) expect(existsSync(join(uploadDir, r.file))).toBe(true);
  });

  it('404 for a photo to an unknown reference', async () => {
    const small = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    expect((await upload('JB260101ZZZZZZZZZZ', multipart('photo', 'a.jpg', 'image/jpeg', small))).statusCode).toBe(404);
  });
});
