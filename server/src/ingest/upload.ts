import type { UploadIssue } from '@yaojia/shared';
import { parse as parseCsv } from 'csv-parse/sync';
import { RECORD_DELIMITERS } from './read.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../db/client.js';
import { UploadRejectedError } from '../errors.js';
import { listedProductCodes } from '../repositories/products.js';
import { regionById } from '../repositories/regions.js';
import { columnLetter } from './headers.js';
import { findHeader, parseFile } from './parse.js';
import type { IngestIssue, ParsedUpload } from './types.js';

// A pharmacy's own CSV upload: the bureau prices file's columns without 机构医保编码, validated by the
// bureau files' parser. The repository (repositories/me.ts applyMyPrices) writes what this returns.

export const UPLOAD_FILE_NAME = 'upload.csv';
const INSTITUTION_CODE_HEADER = '机构医保编码';

/** The uploading institution, as the token names it. */
export interface Uploader {
  code: string;
  regionId: number;
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
 * that carries 机构医保编码 itself may name only this institution. Throws UploadRejectedError listing
 * every problem.
 */
export async function parseMyPricesCsv(db: Db, inst: Uploader, text: string): Promise<ParsedUpload> {
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, delimiter: [',', '\t', ';'], record_delimiter: RECORD_DELIMITERS }) as string[][];
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
        issues.push({ row: r.row, column: codeBinding.header, columnLetter: columnLetter(codeBinding.index), value: v, message: `${UPLOAD_FILE_NAME} row ${r.row}: "${v}" is not your 机构医保编码 ${inst.code} — you can only upload your own prices` });
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

  const productCodes = await listedProductCodes(db, inst.regionId);
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
