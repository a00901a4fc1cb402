import {
  explainRules,
  type Commitment,
  INSTITUTION_TYPE_LABELS,
  type InstitutionType,
  type MeResponse,
  type MyOffer,
  type MyOfferPatch,
  parseYuan,
  type StockState,
  type UploadIssue,
  type UploadResult,
} from '@yaojia/shared';
import { parse as parseCsv } from 'csv-parse/sync';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../db/client.js';
import { findHeader, parseFile } from '../ingest/index.js';
import type { IngestIssue, PriceRow } from '../ingest/types.js';
import { BadRequestError } from '../plugins/errors.js';
import type { AuthedInstitution, AuthedToken } from '../plugins/auth.js';
import { toIso } from '../lib/time.js';
import { institutionDetail } from './institutions.js';
import { activeBadges } from './offers.js';
import { policyOf, regionById } from './regions.js';

/** Who recorded a price the institution itself entered (price_history.recorded_by). */
export const recordedBy = (inst: Pick<AuthedInstitution, 'code'>) => `institution:${inst.code}`;
/** offers.source / price_history.source for the institution's own edits. */
export const PHARMACY_SOURCE = 'pharmacy';

interface ProfileRow {
  id: number;
  code: string;
  name: string;
  type: string;
  regionId: number;
  address: string;
  city: string | null;
  phone: string | null;
  hours: string | null;
  specialDesignated: number;
  commitment: string | null;
}

export async function meProfile(db: Db, inst: AuthedInstitution, token: AuthedToken): Promise<MeResponse> {
  const row = (await db.get<ProfileRow>(
    `SELECT id, code, name, type, region_id AS "regionId", address, city, phone, hours,
            special_designated AS "specialDesignated", commitment FROM institutions WHERE id = ?`,
    [inst.id],
  ))!;
  const region = (await regionById(db, row.regionId))!;
  const policy = policyOf(region);
  const type = row.type as InstitutionType;
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    type,
    typeLabel: INSTITUTION_TYPE_LABELS[type] ?? row.type,
    region: region.slug,
    regionName: region.name,
    address: row.address,
    city: row.city,
    phone: row.phone,
    hours: row.hours,
    specialDesignated: Boolean(row.specialDesignated),
    commitment: (row.commitment as Commitment | null) ?? null,
    badges: (await activeBadges(db, [row.id])).get(row.id) ?? [],
    rules: explainRules(policy),
    token: { id: token.id, expiresAt: token.expiresAt },
  };
}

/** The offer as citizens see it (one entry of institutionDetail). */
export async function myOffer(db: Db, institutionId: number, code: string, now = new Date()): Promise<MyOffer | null> {
  return (await institutionDetail(db, institutionId, now))?.offers.find((o) => o.product.code === code) ?? null;
}

/** 0 → out of stock, a handful → low, more → in stock (the ingest's reading of a 库存 count). */
export function stockStateOf(count: number): StockState {
  return count === 0 ? 'out_of_stock' : count < 10 ? 'low' : 'in_stock';
}

function yuanToFen(field: string, value: string): number {
  const fen = parseYuan(value);
  if (fen === null || fen <= 0) throw new BadRequestError(`${field} must be a price greater than 0 (元), got "${value}"`);
  return fen;
}

interface CurrentOffer {
  offerId: number;
  productId: number;
  sellingPriceFen: number;
  onlinePriceFen: number | null;
  stockState: string;
  stockCount: number | null;
}

/**
 * One edit of one offer by the institution: selling price, online price, stock. One transaction; when a
 * price is given the offer's observed time is now, and a changed price is appended to price_history
 * (a price confirmed unchanged only refreshes the offer's observed time). null when the institution does not offer the
 * product (or it is no longer on the region's list).
 */
export async function updateMyOffer(
  db: Db,
  inst: AuthedInstitution,
  code: string,
  patch: MyOfferPatch,
  now = new Date(),
): Promise<{ offer: MyOffer; priceRecorded: boolean } | null> {
  const current = await db.get<CurrentOffer>(
    `SELECT o.id AS "offerId", p.id AS "productId", o.selling_price_fen AS "sellingPriceFen", o.online_price_fen AS "onlinePriceFen",
            o.stock_state AS "stockState", o.stock_count AS "stockCount"
     FROM offers o JOIN products p ON p.id = o.product_id
     WHERE o.institution_id = ? AND p.code = ? AND p.region_id = ? AND p.removed_at IS NULL`,
    [inst.id, code, inst.regionId],
  );
  if (!current) return null;

  const selling = patch.sellingPrice !== undefined ? yuanToFen('sellingPrice', patch.sellingPrice) : current.sellingPriceFen;
  const online =
    patch.onlinePrice === undefined ? current.onlinePriceFen : patch.onlinePrice === null ? null : yuanToFen('onlinePrice', patch.onlinePrice);
  let stockCount = patch.stockCount !== undefined ? patch.stockCount : patch.stockState !== undefined ? null : current.stockCount;
  let stockState = patch.stockState ?? (patch.stockCount != null ? stockStateOf(patch.stockCount) : (current.stockState as StockState));
  if (patch.stockState !== undefined && patch.stockCount != null) {
    if ((patch.stockState === 'out_of_stock') !== (patch.stockCount === 0)) {
      throw new BadRequestError(`stockState ${patch.stockState} contradicts stockCount ${patch.stockCount}`);
    }
  }
  if (stockState === 'out_of_stock' && stockCount === null && patch.stockState !== undefined) stockCount = 0;
  stockState = stockState ?? 'unknown';

  const priceRecorded = patch.sellingPrice !== undefined || patch.onlinePrice !== undefined;
  const at = now.toISOString();
  await db.transaction(async (tx) => {
    if (priceRecorded) {
      await tx.run(
        `UPDATE offers SET selling_price_fen = ?, online_price_fen = ?, stock_state = ?, stock_count = ?,
                observed_at = ?, recorded_at = ?, source = ?, version_id = NULL WHERE id = ?`,
        [selling, online, stockState, stockCount, at, at, PHARMACY_SOURCE, current.offerId],
      );
      // the history records changes only; a price confirmed unchanged refreshes the offer's observed time
      if (selling !== current.sellingPriceFen || online !== current.onlinePriceFen) {
        await tx.run(
          `INSERT INTO price_history (institution_id, product_id, selling_price_fen, online_price_fen, observed_at, recorded_at, source, recorded_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [inst.id, current.productId, selling, online, at, at, PHARMACY_SOURCE, recordedBy(inst)],
        );
      }
    } else {
      await tx.run('UPDATE offers SET stock_state = ?, stock_count = ?, recorded_at = ? WHERE id = ?', [stockState, stockCount, at, current.offerId]);
    }
  });
  return { offer: (await myOffer(db, inst.id, code, now))!, priceRecorded };
}

// ------------------------------------------------------------------------------------------------
// CSV upload: the bureau prices file's columns without 机构医保编码, validated by the ingest's parser.

export const UPLOAD_FILE_NAME = 'upload.csv';

export interface ParsedUpload {
  rows: PriceRow[];
  rowNumbers: number[];
  warnings: UploadIssue[];
  /** the file has a 网售价 / 库存 column: when it has not, the offer's current value is kept */
  hasOnlinePrice: boolean;
  hasStock: boolean;
}
const INSTITUTION_CODE_HEADER = '机构医保编码';

export class UploadRejectedError extends Error {
  constructor(
    message: string,
    readonly issues: UploadIssue[],
  ) {
    super(message);
  }
}

const toIssue = (i: IngestIssue): UploadIssue => ({
  row: i.row,
  column: i.column,
  columnLetter: i.columnLetter,
  ...(i.value !== undefined ? { value: i.value } : {}),
  message: i.message,
});

const quoteCsv = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');

/**
 * Parses and validates the uploaded CSV with the ingest's parser (header detection, title rows, footnotes,
 * value formats, product codes checked against the region's catalog). The institution's own code is added
 * as a last column, so row numbers and column letters in messages are those of the uploaded file. A file
 * that carries 机构医保编码 itself may name only this institution.
 */
export async function parseMyPricesCsv(db: Db, inst: AuthedInstitution, text: string): Promise<ParsedUpload> {
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, delimiter: [',', '\t', ';'] }) as string[][];
  } catch (e) {
    throw new UploadRejectedError(`${UPLOAD_FILE_NAME}: not readable as CSV (${(e as Error).message})`, []);
  }
  const raw = records.map((cells, i) => ({ row: i + 1, cells }));
  const header = findHeader('prices', raw.slice(0, 30));
  if (!header) {
    throw new UploadRejectedError(`${UPLOAD_FILE_NAME}: no header row found — expected a row naming the columns 药品统一编码, 销售价 (and optionally 网售价, 库存, 更新时间)`, []);
  }
  const codeBinding = header.bindings.find((b) => b.spec.field === 'institutionCode');
  const issues: UploadIssue[] = [];
  if (codeBinding) {
    for (const r of raw.slice(header.dataStart)) {
      const v = (r.cells[codeBinding.index] ?? '').trim().toUpperCase();
      if (v && v !== inst.code) {
        issues.push({ row: r.row, column: codeBinding.header, columnLetter: columnLetterOf(codeBinding.index), value: v, message: `${UPLOAD_FILE_NAME} row ${r.row}: "${v}" is not your 机构医保编码 ${inst.code} — you can only upload your own prices` });
      }
    }
    if (issues.length) throw new UploadRejectedError(`${issues.length} row(s) name another institution`, issues);
  }
  const lastHeaderRow = header.headerRows[header.headerRows.length - 1]!;
  const lines = raw.map((r, i) => {
    if (codeBinding) return quoteCsv(r.cells);
    if (r.row === lastHeaderRow) return quoteCsv([...r.cells, INSTITUTION_CODE_HEADER]);
    const isData = i >= header.dataStart && r.cells.some((c) => c.trim());
    return quoteCsv(isData ? [...r.cells, inst.code] : r.cells);
  });

  const productCodes = new Set(await db.column<string>('SELECT code FROM products WHERE region_id = ? AND removed_at IS NULL', [inst.regionId]));
  const region = (await regionById(db, inst.regionId))!;
  const dir = await mkdtemp(join(tmpdir(), 'yaojia-upload-'));
  try {
    const path = join(dir, UPLOAD_FILE_NAME);
    await writeFile(path, lines.join('\r\n'), 'utf8');
    const result = await parseFile(path, 'prices', {
      fileName: UPLOAD_FILE_NAME,
      lookups: { region: region.slug, institutionCodes: new Set([inst.code]), productCodes },
    });
    if (result.errors.length) throw new UploadRejectedError(`${result.errors.length} problem(s) in ${UPLOAD_FILE_NAME}; nothing was changed`, result.errors.map(toIssue));
    if (result.rows.length === 0) throw new UploadRejectedError(`${UPLOAD_FILE_NAME} has no data rows`, []);
    const future = result.rows.flatMap((r, i) =>
      r.observedAt && new Date(r.observedAt).getTime() > Date.now() + 86_400_000
        ? [{ row: result.rowNumbers[i] ?? null, column: '更新时间', columnLetter: null, value: r.observedAt, message: `${UPLOAD_FILE_NAME} row ${result.rowNumbers[i]}: 更新时间 is in the future` }]
        : [],
    );
    if (future.length) throw new UploadRejectedError(`${future.length} problem(s) in ${UPLOAD_FILE_NAME}; nothing was changed`, future);
    // the appended column is never "unknown"; other warnings (unknown columns…) are passed on
    const fields = new Set(result.stats.columns.map((c) => c.field));
    return {
      rows: result.rows,
      rowNumbers: result.rowNumbers,
      warnings: result.warnings.map(toIssue),
      hasOnlinePrice: fields.has('onlinePrice'),
      hasStock: fields.has('stock'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function columnLetterOf(index: number): string {
  let s = '';
  for (let i = index + 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/**
 * Applies validated rows in one transaction: a row whose price differs from the offer's is appended to price_history;
 * an offer is created for a product not offered before. All or nothing.
 */
export async function applyMyPrices(db: Db, inst: AuthedInstitution, upload: ParsedUpload, now = new Date()): Promise<UploadResult> {
  const { rows, warnings } = upload;
  const at = now.toISOString();
  const result: UploadResult = { rows: rows.length, added: 0, changed: 0, unchanged: 0, warnings };
  await db.transaction(async (tx) => {
    for (const r of rows) {
      const p = await tx.get<{ id: number }>('SELECT id FROM products WHERE region_id = ? AND code = ? AND removed_at IS NULL', [
        inst.regionId,
        r.productCode,
      ]);
      if (!p) throw new BadRequestError(`product ${r.productCode} left the catalog during the upload; nothing was changed`);
      const observed = r.observedAt ? toIso(r.observedAt) : at;
      const cur = await tx.get<{ id: number; s: number; o: number | null; st: string; c: number | null }>(
        `SELECT id, selling_price_fen AS s, online_price_fen AS o, stock_state AS st, stock_count AS c FROM offers
         WHERE institution_id = ? AND product_id = ?`,
        [inst.id, p.id],
      );
      const online = upload.hasOnlinePrice || !cur ? r.onlinePriceFen : cur.o;
      const stockState = upload.hasStock || !cur ? r.stockState : cur.st;
      const stockCount = upload.hasStock || !cur ? r.stockCount : cur.c;
      if (!cur) {
        await tx.run(
          `INSERT INTO offers (institution_id, product_id, selling_price_fen, online_price_fen, stock_state, stock_count, observed_at, recorded_at, source)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [inst.id, p.id, r.sellingPriceFen, online, stockState, stockCount, observed, at, PHARMACY_SOURCE],
        );
        result.added++;
      } else {
        const same = cur.s === r.sellingPriceFen && cur.o === online && cur.st === stockState && cur.c === stockCount;
        await tx.run(
          `UPDATE offers SET selling_price_fen = ?, online_price_fen = ?, stock_state = ?, stock_count = ?, observed_at = ?,
                  recorded_at = ?, source = ?, version_id = NULL WHERE id = ?`,
          [r.sellingPriceFen, online, stockState, stockCount, observed, at, PHARMACY_SOURCE, cur.id],
        );
        if (same) result.unchanged++;
        else result.changed++;
      }
      // the history records changes only (the same price sent again refreshed the offer above)
      if (!cur || cur.s !== r.sellingPriceFen || cur.o !== online) {
        await tx.run(
          `INSERT INTO price_history (institution_id, product_id, selling_price_fen, online_price_fen, observed_at, recorded_at, source, recorded_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [inst.id, p.id, r.sellingPriceFen, online, observed, at, PHARMACY_SOURCE, recordedBy(inst)],
        );
      }
    }
  });
  return result;
}
