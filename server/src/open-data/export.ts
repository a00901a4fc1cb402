import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { formatYuan, OPEN_DATA_DICTIONARY, OPEN_DATASET_KINDS, type OpenDatasetFormat, type OpenDatasetKind } from '@yaojia/shared';
import { type Db, idsParam, inIds } from '../db/client.js';
import { LockedError } from '../errors.js';
import { acquireLock } from '../lib/lock.js';

export interface OpenDataOptions {
  /** OPEN_DATA_DIR */
  dir: string;
  /** OPEN_DATA_KEEP: how many of a region's exports stay downloadable */
  keep: number;
  now?: Date;
  /** rows per database read (the export never holds more than one page) */
  pageSize?: number;
  /** called once when the export has to wait for another export of the region */
  onWait?: (lockFile: string) => void;
}

export interface OpenDataFile {
  kind: OpenDatasetKind;
  format: OpenDatasetFormat;
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface OpenDataExport {
  region: string;
  /** null: nothing exported (the region has no live data, or a newer publish overtook this export) */
  version: number | null;
  files: OpenDataFile[];
  /** versions removed by OPEN_DATA_KEEP */
  pruned: number[];
  message: string;
}

type Row = Record<string, string | number | boolean | null>;

/** rows per database read and per chunk handed to gzip */
const PAGE_SIZE = 5000;
const GZIP_LEVEL = 6;

/** a text cell that a spreadsheet would run as a formula (what csv-stringify's escape_formulas escapes) */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * One CSV cell, byte for byte as csv-stringify wrote it with { escape_formulas: true, cast boolean → true/false }
 * (the export used it; its per-record option handling was ≈ a third of a 2 M-row export's time): null → empty;
 * numbers as JS prints them (a negative number is not a formula); text starting like a formula gets a leading
 * apostrophe so a spreadsheet shows it instead of running it; text with , " or a line break is quoted, " doubled.
 */
export function csvField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (v === '') return '';
  const s = FORMULA_START.has(v[0]!) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * One gzip file written as a stream, hashed and counted on its way to disk. Rows are handed over a page
 * at a time and turned into one text chunk per page (CSV by csvField, UTF-8 with a BOM so Excel reads the
 * Chinese): a 2 M-row prices export went through object-mode streams one row at a time, ≈ 4 stream writes
 * per row.
 */
class GzipFile {
  private readonly head = new PassThrough();
  private readonly hash = createHash('sha256');
  private readonly columns: string[];
  bytes = 0;
  rows = 0;
  private readonly done: Promise<void>;

  constructor(
    readonly path: string,
    private readonly format: OpenDatasetFormat,
    kind: OpenDatasetKind,
  ) {
    this.columns = OPEN_DATA_DICTIONARY[kind].map((c) => c.name);
    const tap = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        cb(null, chunk);
      },
    });
    this.done = pipeline(this.head, createGzip({ level: GZIP_LEVEL }), tap, createWriteStream(path));
    this.done.catch(() => {}); // awaited by end(); a destroyed file's rejection is expected
  }

  private text(rows: Row[], first: boolean): string {
    let out = first && this.format === 'csv' ? `\ufeff${this.columns.join(',')}\n` : '';
    if (this.format === 'jsonl') {
      for (const row of rows) out += `${JSON.stringify(row)}\n`;
      return out;
    }
    const cols = this.columns;
    for (const row of rows) {
      let line = csvField(row[cols[0]!]);
      for (let c = 1; c < cols.length; c++) line += `,${csvField(row[cols[c]!])}`;
      out += `${line}\n`;
    }
    return out;
  }

  async write(rows: Row[]): Promise<void> {
    const first = this.rows === 0;
    if (!rows.length && !first) return;
    this.rows += rows.length;
    const text = this.text(rows, first);
    if (text && !this.head.write(text)) await once(this.head, 'drain');
  }

  async end(): Promise<string> {
    // an empty dataset still gets its header (and BOM)
    if (this.rows === 0) await this.write([]);
    this.head.end();
    await this.done;
    return this.hash.digest('hex');
  }

  destroy(): void {
    this.head.destroy();
  }
}

const bool = (v: unknown) => v === true || v === 1;
const yuan = (fen: number | null) => (fen === null ? null : formatYuan(fen));

/**
 * Reads a region's live rows of one kind page by page (keyset on id), mapped to the dictionary's columns.
 * Prices: CROSS JOIN keeps offers the outer loop on SQLite, so each page is a range of offers' primary
 * key; with JOIN the planner went institutions → offers and sorted the region's offers for every page
 * (O(n²): 68 s for 500 k offers). PostgreSQL reads CROSS JOIN + WHERE as the same inner join.
 */
async function* livePages(db: Db, kind: OpenDatasetKind, regionId: number, slug: string, pageSize: number): AsyncGenerator<Row[]> {
  let after = 0;
  for (;;) {
    let page: Row[];
    let ids: number[];
    if (kind === 'catalog') {
      const rows = await db.all<{
        id: number; code: string; genericName: string; productName: string; brandName: string | null; dosageForm: string; spec: string;
        conversionRatio: number; minUnit: string; packUnit: string; maker: string; bidder: string | null; approvalNo: string | null;
        winningPriceFen: number; recommended: number | boolean; special: number | boolean; listedAt: string;
      }>(
        `SELECT id, code, generic_name AS "genericName", product_name AS "productName", brand_name AS "brandName", dosage_form AS "dosageForm",
           spec, conversion_ratio AS "conversionRatio", min_unit AS "minUnit", pack_unit AS "packUnit", maker, bidder, approval_no AS "approvalNo",
           winning_price_fen AS "winningPriceFen", recommended, special, listed_at AS "listedAt"
         FROM products WHERE region_id = ? AND removed_at IS NULL AND id > ? ORDER BY id LIMIT ?`,
        [regionId, after, pageSize],
      );
      ids = rows.map((r) => r.id);
      page = rows.map((r) => ({
        region: slug, product_code: r.code, generic_name: r.genericName, product_name: r.productName, brand_name: r.brandName,
        dosage_form: r.dosageForm, spec: r.spec, conversion_ratio: r.conversionRatio, min_unit: r.minUnit, pack_unit: r.packUnit, maker: r.maker,
        bidder: r.bidder, approval_no: r.approvalNo, winning_price_fen: r.winningPriceFen, winning_price_yuan: formatYuan(r.winningPriceFen),
        recommended: bool(r.recommended), special: bool(r.special), listed_at: r.listedAt,
      }));
    } else if (kind === 'institutions') {
      // public fields only: no 统一社会信用代码, legal representative or contact person
      const rows = await db.all<{
        id: number; code: string; name: string; type: string; address: string; city: string | null; district: string | null; lat: number; lng: number;
        phone: string | null; hours: string | null; specialDesignated: number | boolean; commitment: string | null; listedAt: string;
      }>(
        `SELECT id, code, name, type, address, city, district, lat, lng, phone, hours, special_designated AS "specialDesignated", commitment, listed_at AS "listedAt"
         FROM institutions WHERE region_id = ? AND removed_at IS NULL AND id > ? ORDER BY id LIMIT ?`,
        [regionId, after, pageSize],
      );
      const badges = new Map<number, string[]>();
      if (rows.length) {
        const ids = rows.map((r) => r.id);
        for (const b of await db.all<{ institutionId: number; kind: string }>(
          `SELECT institution_id AS "institutionId", kind FROM badges WHERE removed_at IS NULL AND ${inIds(db, 'institution_id')} ORDER BY kind`,
          [idsParam(db, ids)],
        )) {
          badges.set(b.institutionId, [...(badges.get(b.institutionId) ?? []), b.kind]);
        }
      }
      ids = rows.map((r) => r.id);
      page = rows.map((r) => ({
        region: slug, institution_code: r.code, name: r.name, type: r.type, address: r.address, city: r.city, district: r.district,
        lat: r.lat, lng: r.lng, phone: r.phone, hours: r.hours, special_designated: bool(r.specialDesignated), commitment: r.commitment,
        badges: (badges.get(r.id) ?? []).join('|'), listed_at: r.listedAt,
      }));
    } else {
      const rows = await db.all<{
        id: number; institutionCode: string; institutionName: string; productCode: string; genericName: string; spec: string; conversionRatio: number;
        sellingPriceFen: number; onlinePriceFen: number | null; winningPriceFen: number; stockState: string; observedAt: string; recordedAt: string; source: string;
      }>(
        `SELECT o.id, i.code AS "institutionCode", i.name AS "institutionName", p.code AS "productCode", p.generic_name AS "genericName", p.spec,
           p.conversion_ratio AS "conversionRatio", o.selling_price_fen AS "sellingPriceFen", o.online_price_fen AS "onlinePriceFen",
           p.winning_price_fen AS "winningPriceFen", o.stock_state AS "stockState", o.observed_at AS "observedAt", o.recorded_at AS "recordedAt", o.source
         FROM offers o CROSS JOIN institutions i CROSS JOIN products p
         WHERE i.id = o.institution_id AND p.id = o.product_id AND i.region_id = ? AND i.removed_at IS NULL AND p.removed_at IS NULL
           AND o.id > ? ORDER BY o.id LIMIT ?`,
        [regionId, after, pageSize],
      );
      ids = rows.map((r) => r.id);
      page = rows.map((r) => ({
        region: slug, institution_code: r.institutionCode, institution_name: r.institutionName, product_code: r.productCode,
        generic_name: r.genericName, spec: r.spec, conversion_ratio: r.conversionRatio,
        selling_price_fen: r.sellingPriceFen, selling_price_yuan: formatYuan(r.sellingPriceFen),
        online_price_fen: r.onlinePriceFen, online_price_yuan: yuan(r.onlinePriceFen),
        winning_price_fen: r.winningPriceFen, winning_price_yuan: formatYuan(r.winningPriceFen),
        markup_ratio: r.winningPriceFen > 0 ? Math.round((r.sellingPriceFen / r.winningPriceFen - 1) * 10_000) / 10_000 : 0,
        stock_state: r.stockState, observed_at: r.observedAt, recorded_at: r.recordedAt,
        // bureau:<version> → bureau: where the version number would only mean something inside this database
        source: r.source.startsWith('bureau') ? 'bureau' : 'institution',
      }));
    }
    if (page.length) {
      after = ids[ids.length - 1]!;
      yield page;
    }
    if (page.length < pageSize) return;
  }
}

/** Anything published for the region since `marker` was read means this export may mix two states. */
const publishMarker = async (db: Db, regionId: number) =>
  Number((await db.get<{ m: number | null }>(`SELECT MAX(id) AS m FROM catalog_versions WHERE region_id = ?`, [regionId]))?.m ?? 0);

/**
 * Writes a region's open datasets (live catalog, institutions, prices; each as CSV and JSON Lines, gzip)
 * to OPEN_DATA_DIR/<region>/v<version>/ and records them in open_datasets. Rows stream from the database
 * a page at a time into gzip and the file, hashed on the way: never a whole file in memory. Files are
 * written in a temporary folder and renamed; the database rows are written in one transaction only if
 * nothing was published for the region meanwhile (else the newer publish's own export counts, and this
 * one is dropped). Then versions past `keep` are deleted, rows first, files after.
 */
export async function exportOpenData(db: Db, region: string, opts: OpenDataOptions): Promise<OpenDataExport> {
  const r = await db.get<{ id: number; slug: string }>(`SELECT id, slug FROM regions WHERE slug = ?`, [region]);
  if (!r) throw new Error(`unknown region "${region}"`);
  const release = await regionExportLock(opts.dir, r.slug, opts.onWait);
  try {
    removeLeftovers(join(opts.dir, r.slug));
    return await exportLocked(db, r, opts);
  } finally {
    release();
  }
}

/** the region's export lock, beside its versions in OPEN_DATA_DIR/<region>/ */
export const exportLockFile = (dir: string, region: string) => join(dir, region, '.export.lock');
const LOCK_POLL_MS = 500;

/**
 * One export of a region at a time, whoever starts it (the detached export after an admin publish, the
 * nightly job, the demo loader): two exports must not number the same version or remove each other's
 * folder. A second export queues behind the first (whose result a newer publish may already have made
 * obsolete: exportLocked then drops it) and then writes the newer state. A lock left by a killed export
 * is taken over at once (lib/lock.ts: its pid is gone).
 */
async function regionExportLock(dir: string, region: string, onWait?: (lockFile: string) => void): Promise<() => void> {
  mkdirSync(join(dir, region), { recursive: true });
  const file = exportLockFile(dir, region);
  for (let said = false; ; said = true) {
    try {
      return acquireLock(file).release;
    } catch (e) {
      if (!(e instanceof LockedError)) throw e;
      if (!said) onWait?.(file);
      await new Promise((res) => setTimeout(res, LOCK_POLL_MS));
    }
  }
}

/**
 * Folders an export killed part-way left behind (`.tmp-*` it was writing into): only called under the
 * region's lock, so none of them belongs to a running export. A version folder it renamed but never
 * recorded is replaced when that version number is written again (exportLocked).
 */
function removeLeftovers(regionDir: string): void {
  for (const name of readdirSync(regionDir)) if (name.startsWith('.tmp-')) rmSync(join(regionDir, name), { recursive: true, force: true });
}

async function exportLocked(db: Db, r: { id: number; slug: string }, opts: OpenDataOptions): Promise<OpenDataExport> {
  const result: OpenDataExport = { region: r.slug, version: null, files: [], pruned: [], message: '' };
  const live = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM products WHERE region_id = ? AND removed_at IS NULL`, [r.id]);
  if (!Number(live?.n ?? 0)) {
    result.message = `${r.slug}: no live catalog, nothing to export`;
    return result;
  }
  const marker = await publishMarker(db, r.id);
  const version = Number((await db.get<{ v: number | null }>(`SELECT MAX(version) AS v FROM open_datasets WHERE region_id = ?`, [r.id]))?.v ?? 0) + 1;
  const regionDir = join(opts.dir, r.slug);
  const tmp = join(regionDir, `.tmp-${randomBytes(6).toString('hex')}`);
  mkdirSync(tmp, { recursive: true });
  const final = join(regionDir, `v${version}`);
  let moved = false;
  try {
    for (const kind of OPEN_DATASET_KINDS) {
      const files = { csv: new GzipFile(join(tmp, `${kind}.csv.gz`), 'csv', kind), jsonl: new GzipFile(join(tmp, `${kind}.jsonl.gz`), 'jsonl', kind) };
      try {
        for await (const page of livePages(db, kind, r.id, r.slug, opts.pageSize ?? PAGE_SIZE)) {
          await files.csv.write(page);
          await files.jsonl.write(page);
        }
        for (const format of ['csv', 'jsonl'] as const) {
          const f = files[format];
          const sha256 = await f.end();
          result.files.push({ kind, format, path: `${r.slug}/v${version}/${kind}.${format}.gz`, rows: f.rows, bytes: f.bytes, sha256 });
        }
      } catch (e) {
        files.csv.destroy();
        files.jsonl.destroy();
        throw e;
      }
    }
    if (existsSync(final)) rmSync(final, { recursive: true, force: true }); // left by a run that stopped before recording it
    renameSync(tmp, final);
    moved = true;
    const publishedAt = (opts.now ?? new Date()).toISOString();
    const recorded = await db.transaction(async (tx) => {
      if ((await publishMarker(tx, r.id)) !== marker) return false;
      const taken = await tx.get(`SELECT 1 AS x FROM open_datasets WHERE region_id = ? AND version = ?`, [r.id, version]);
      if (taken) return false;
      for (const f of result.files) {
        await tx.run(
          `INSERT INTO open_datasets (region_id, version, kind, format, path, row_count, bytes, sha256, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [r.id, version, f.kind, f.format, f.path, f.rows, f.bytes, f.sha256, publishedAt],
        );
      }
      return true;
    });
    if (!recorded) {
      rmSync(final, { recursive: true, force: true });
      result.files = [];
      result.message = `${r.slug}: a newer publish came in while exporting; its own export stands`;
      return result;
    }
  } catch (e) {
    rmSync(moved ? final : tmp, { recursive: true, force: true });
    throw e;
  }
  result.version = version;
  result.pruned = await prune(db, r.id, regionDir, opts.keep);
  const rows = result.files.filter((f) => f.format === 'csv').map((f) => `${f.kind} ${f.rows}`).join(', ');
  result.message = `${r.slug}: open datasets v${version} (${rows} rows)${result.pruned.length ? `; removed v${result.pruned.join(', v')}` : ''}`;
  return result;
}

async function prune(db: Db, regionId: number, regionDir: string, keep: number): Promise<number[]> {
  const versions = await db.column<number>(`SELECT DISTINCT version FROM open_datasets WHERE region_id = ? ORDER BY version DESC`, [regionId]);
  const old = versions.slice(Math.max(1, keep)).map(Number);
  if (!old.length) return [];
  await db.transaction(async (tx) => {
    for (const v of old) await tx.run(`DELETE FROM open_datasets WHERE region_id = ? AND version = ?`, [regionId, v]);
  });
  for (const v of old) rmSync(join(regionDir, `v${v}`), { recursive: true, force: true });
  return old;
}

/** Every region with a live catalog. */
export async function exportAllOpenData(db: Db, opts: OpenDataOptions): Promise<OpenDataExport[]> {
  const slugs = await db.column<string>(
    `SELECT slug FROM regions WHERE id IN (SELECT DISTINCT region_id FROM products WHERE removed_at IS NULL) ORDER BY slug`,
  );
  const out: OpenDataExport[] = [];
  for (const s of slugs) out.push(await exportOpenData(db, s, opts));
  return out;
}
