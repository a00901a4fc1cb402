import chardet from 'chardet';
import { parse as csvParse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { UnreadableFileError } from '../errors.js';
import type { OnProgress } from './types.js';
import { checkXlsxZip } from './zip-guard.js';

/** One row as the spreadsheet shows it: its own 1-based row number and its cells as text. */
export interface RawRow {
  row: number;
  cells: string[];
}

export interface Sheet {
  name: string | null;
  /** rows in batches (one promise per batch, not per row: a prices file has millions) */
  rows: AsyncIterable<RawRow[]>;
  /** a plain CSV (plainLines): one record per line, so its lines may be read from any line on (price-lines.ts) */
  plain?: PlainCsv;
}

export interface PlainCsv {
  path: string;
  delim: string;
  eol: '\n' | '\r\n';
  size: number;
}

export interface OpenedTable {
  format: 'xlsx' | 'csv';
  encoding: string;
  sheets: Sheet[];
}

const BATCH = 8192;
/** a row longer than this is not a bureau table (a 60 MB file of one line): refused before it is held in memory */
export const MAX_ROW_CHARS = 1_000_000;
export const tooLong = (row: number) => new UnreadableFileError(`row ${row} is longer than ${MAX_ROW_CHARS.toLocaleString('en')} characters — not a table of drugs`);

/** Opens a bureau file (.xlsx, or .csv/.txt in UTF-8 or GBK/GB18030) as rows of text cells. */
export async function openTable(path: string, onProgress?: OnProgress): Promise<OpenedTable> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return openXlsx(path);
  if (ext === '.xls') throw new UnreadableFileError('.xls (Excel 97-2003) is not supported — save the file as .xlsx or .csv');
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return openCsv(path, ext === '.tsv' ? '\t' : null, onProgress);
  throw new UnreadableFileError(`unsupported file type "${ext}" — expected .xlsx or .csv`);
}

// ---------------------------------------------------------------- xlsx

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** exceljs returns dates as UTC instants holding the sheet's wall-clock time. */
function excelDateText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) return day;
  return `${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

export function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return excelDateText(v);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in v) return cellText((v as ExcelJS.CellHyperlinkValue).text);
    if ('error' in v) return '';
  }
  return String(v);
}

async function openXlsx(path: string): Promise<OpenedTable> {
  await checkXlsxZip(path);
  // loaded on first use: ≈ 0.5 s of every CLI start (a CSV publish never needs it)
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new UnreadableFileError(`not a readable .xlsx file (${(e as Error).message})`);
  }
  const sheets: Sheet[] = wb.worksheets.map((ws) => ({
    name: ws.name,
    rows: (async function* () {
      const last = ws.rowCount;
      const width = ws.columnCount;
      let batch: RawRow[] = [];
      for (let r = 1; r <= last; r++) {
        const row = ws.getRow(r);
        const cells: string[] = [];
        // a merged cell reads as its master's value, so a header merged over two rows or columns
        // shows its text in every cell it covers
        for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
        batch.push({ row: r, cells });
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    })(),
  }));
  return { format: 'xlsx', encoding: 'xlsx', sheets };
}

// ---------------------------------------------------------------- csv

/** UTF-8 (with or without BOM), UTF-16 by BOM, else GB18030 (a superset of GBK and GB2312). */
export function detectEncoding(sample: Buffer): { encoding: string; bom: boolean } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  try {
    // stream: true tolerates a character cut at the end of the sample
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return { encoding: 'utf-8', bom: false };
  } catch {
    // not UTF-8: ask chardet, but short Chinese samples are often misread as a Latin code page,
    // and bureaus' non-UTF-8 files are GBK; GB18030 decodes GBK and GB2312 exactly.
    const guess = (chardet.detect(sample) ?? '').toLowerCase();
    if (guess.startsWith('big5')) return { encoding: 'big5', bom: false };
    return { encoding: 'gb18030', bom: false };
  }
}

/**
 * Bytes of a CSV that did not come from a file (a pharmacy's upload) decoded the way bureau files are:
 * UTF-8 with or without BOM, UTF-16 by BOM, else GB18030 (zh-CN Excel saves "CSV" as GBK).
 */
export function decodeCsvBytes(bytes: Buffer): string {
  const { encoding } = detectEncoding(bytes.subarray(0, 64 * 1024));
  return iconv.decode(bytes, encoding); // iconv-lite strips a BOM
}

async function readSample(path: string, bytes = 64 * 1024): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Any line ending ends a row, whatever the first line used (Excel: CRLF; scripts appending rows: LF). */
export const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

function sniffDelimiter(sample: string): string {
  const lines = sample.split(/\r?\n/).slice(0, 20);
  const count = (d: string) => lines.reduce((n, l) => n + l.split(d).length - 1, 0);
  const candidates = [',', '\t', ';', '|'];
  return candidates.reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

async function openCsv(path: string, delimiter: string | null, onProgress?: OnProgress): Promise<OpenedTable> {
  const sample = await readSample(path);
  const { encoding } = detectEncoding(sample);
  const sampleText = iconv.decode(sample, encoding);
  const delim = delimiter ?? sniffDelimiter(sampleText);
  const size = (await stat(path)).size;

  const plain = encoding === 'utf-8' && delim.length === 1 ? await plainLines(path) : null;
  if (plain) return { format: 'csv', encoding, sheets: [{ name: null, rows: splitPlain(path, delim, plain, size, onProgress), plain: { path, delim, eol: plain, size } }] };

  const rows = (async function* () {
    const file = createReadStream(path, { highWaterMark: 1 << 20 });
    const parser = csvParse({
      delimiter: delim,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      // every line ending ends a record: csv-parse otherwise fixes on the first one it sees, and a file
      // saved with CRLF whose last lines end in LF alone had those rows merged into one record's cells
      record_delimiter: RECORD_DELIMITERS,
      max_record_size: MAX_ROW_CHARS,
    });
    // records are collected from 'data' events and handed out in batches
    let queue: string[][] = [];
    let ended = false;
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    parser.on('data', (record: string[]) => {
      queue.push(record);
      if (queue.length >= BATCH * 4) parser.pause();
      if (queue.length >= BATCH) notify();
    });
    parser.on('end', () => {
      ended = true;
      notify();
    });
    parser.on('error', (e) => {
      failure = e;
      notify();
    });
    file.on('error', (e) => parser.destroy(e));
    if (encoding === 'utf-8') {
      file.setEncoding('utf8');
      file.pipe(parser);
    } else {
      const decoder = iconv.decodeStream(encoding);
      decoder.on('error', (e: Error) => parser.destroy(e));
      file.pipe(decoder).pipe(parser);
    }
    let n = 0;
    try {
      for (;;) {
        if (!queue.length && !ended && !failure) await new Promise<void>((res) => (wake = res));
        if (failure) throw failure;
        if (queue.length) {
          const records = queue;
          queue = [];
          parser.resume();
          // a record is a spreadsheet row, so its ordinal is the row number Excel would show
          const batch: RawRow[] = new Array(records.length);
          for (let i = 0; i < records.length; i++) batch[i] = { row: ++n, cells: records[i]! };
          onProgress?.({ phase: 'read', done: file.bytesRead, total: size, unit: 'bytes' });
          yield batch;
        } else if (ended) {
          break;
        }
      }
      onProgress?.({ phase: 'read', done: size, total: size, unit: 'bytes' });
    } finally {
      file.destroy();
      parser.destroy();
    }
  })();
  return { format: 'csv', encoding, sheets: [{ name: null, rows }] };
}

// ---------------------------------------------------------------- plain csv fast path

/**
 * A UTF-8 file without a single '"' whose lines all end the same way ("\n" only, or "\r\n" only) has no
 * quoting to undo: each line is a record and each delimiter ends a field, exactly as csv-parse reads it
 * (bom, relax_column_count, skip_empty_lines false). Returns that line ending, or null for csv-parse.
 */
async function plainLines(path: string): Promise<'\n' | '\r\n' | null> {
  let cr = 0;
  let lf = 0;
  let crlf = 0;
  let prev = -1;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    if (b.indexOf(0x22) >= 0) return null;
    for (let i = b.indexOf(0x0d); i >= 0; i = b.indexOf(0x0d, i + 1)) cr++;
    for (let i = b.indexOf(0x0a); i >= 0; i = b.indexOf(0x0a, i + 1)) {
      lf++;
      if ((i > 0 ? b[i - 1] : prev) === 0x0d) crlf++;
    }
    if (b.length) prev = b[b.length - 1]!;
  }
  if (cr === 0) return '\n';
  if (cr === lf && crlf === lf) return '\r\n';
  return null;
}

async function* splitPlain(path: string, delim: string, eol: '\n' | '\r\n', size: number, onProgress?: OnProgress): AsyncGenerator<RawRow[]> {
  const file = createReadStream(path, { highWaterMark: 1 << 20, encoding: 'utf8' });
  let pending = '';
  let n = 0;
  let first = true;
  try {
    for await (const chunk of file) {
      let text = pending + (chunk as string);
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      const lines = text.split(eol);
      pending = lines.pop()!;
      if (pending.length > MAX_ROW_CHARS) throw tooLong(n + lines.length + 1);
      if (!lines.length) continue;
      const batch: RawRow[] = new Array(lines.length);
      for (let i = 0; i < lines.length; i++) {
        // any record longer than that, as csv-parse's max_record_size (not only one still open at a chunk's end)
        if (lines[i]!.length > MAX_ROW_CHARS) throw tooLong(n + 1);
        batch[i] = { row: ++n, cells: lines[i]!.split(delim) };
      }
      onProgress?.({ phase: 'read', done: file.bytesRead, total: size, unit: 'bytes' });
      yield batch;
    }
    if (pending) yield [{ row: ++n, cells: pending.split(delim) }];
    onProgress?.({ phase: 'read', done: size, total: size, unit: 'bytes' });
  } finally {
    file.destroy();
  }
}
