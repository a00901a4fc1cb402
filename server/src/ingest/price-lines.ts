/**
 * The lines of a plain prices CSV read by a worker (parallel-prices.ts): each line classified as parseFile's
 * handle would, and the price rows — nearly all of a bureau's file — sent back by column in typed arrays
 * (codes as indexes into the region's code lists, 更新时间 through a dictionary), which cross to the main
 * thread without copying and without millions of objects. Every other line (blank, a footnote, a row
 * plainPrice does not take, an unknown code) goes back as it was read, for parseFile's own path and wording.
 */
import { STOCK_CODE } from './price-columns.js';
import { type PriceColumnsAt, firstText, isFootnote, plainPrice } from './plain-price.js';

/** What every job of one file shares (the worker's workerData). */
export interface PriceLinesSetup {
  /** the whole file, read once by the main thread */
  bytes: SharedArrayBuffer;
  delim: string;
  eol: '\n' | '\r\n';
  at: PriceColumnsAt;
  /** the region's codes, in the order parseFile numbers its pairs by */
  institutionCodes: string[];
  productCodes: string[];
  maxRowChars: number;
}

/** One range of whole lines: bytes [start, end), its first line being row `firstRow`. */
export interface PriceLinesJob {
  index: number;
  start: number;
  end: number;
  firstRow: number;
}


export interface PriceLines {
  index: number;
  /** bytes of the file up to the end of this range (progress) */
  end: number;
  /** price rows read by column: n of them */
  n: number;
  row: Int32Array;
  institution: Int32Array;
  product: Int32Array;
  sellingPriceFen: Int32Array;
  /** -1: none */
  onlinePriceFen: Int32Array;
  stock: Uint8Array;
  /** -1: none */
  stockCount: Int32Array;
  /** index into observedValues, -1: none */
  observed: Int32Array;
  observedValues: string[];
  /** every other line, in order, as parseFile reads it */
  others: Array<{ row: number; cells: string[] }>;
  /** a line longer than any table's: its row (the file is refused, as read.ts refuses it) */
  tooLong: number | null;
}

export interface CodeIndexes {
  institutions: Map<string, number>;
  products: Map<string, number>;
}

export function codeIndexes(setup: Pick<PriceLinesSetup, 'institutionCodes' | 'productCodes'>): CodeIndexes {
  return {
    institutions: new Map(setup.institutionCodes.map((c, i) => [c, i])),
    products: new Map(setup.productCodes.map((c, i) => [c, i])),
  };
}

export function readPriceLines(setup: PriceLinesSetup, codes: CodeIndexes, job: PriceLinesJob): PriceLines {
  let text = Buffer.from(setup.bytes, job.start, job.end - job.start).toString('utf8');
  if (job.start === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1); // as read.ts: a BOM is not text
  const lines = text.split(setup.eol);
  if (lines[lines.length - 1] === '') lines.pop(); // the range ends with a line ending
  const size = lines.length;
  const out: PriceLines = {
    index: job.index, end: job.end, n: 0,
    row: new Int32Array(size), institution: new Int32Array(size), product: new Int32Array(size), sellingPriceFen: new Int32Array(size),
    onlinePriceFen: new Int32Array(size), stock: new Uint8Array(size), stockCount: new Int32Array(size), observed: new Int32Array(size),
    observedValues: [], others: [], tooLong: null,
  };
  const observedIndex = new Map<string, number>();
  for (let k = 0; k < size; k++) {
    const line = lines[k]!;
    const rowNumber = job.firstRow + k;
    if (line.length > setup.maxRowChars) {
      out.tooLong = rowNumber;
      break;
    }
    const cells = line.split(setup.delim);
    const first = firstText(cells);
    const row = first && !isFootnote(first, cells) ? plainPrice(cells, setup.at, undefined) : null;
    const institution = row ? codes.institutions.get(row.institutionCode) : undefined;
    const product = row ? codes.products.get(row.productCode) : undefined;
    if (!row || institution === undefined || product === undefined) {
      out.others.push({ row: rowNumber, cells });
      continue;
    }
    const i = out.n++;
    out.row[i] = rowNumber;
    out.institution[i] = institution;
    out.product[i] = product;
    out.sellingPriceFen[i] = row.sellingPriceFen;
    out.onlinePriceFen[i] = row.onlinePriceFen ?? -1;
    out.stock[i] = STOCK_CODE[row.stockState];
    out.stockCount[i] = row.stockCount ?? -1;
    if (row.observedAt === null) out.observed[i] = -1;
    else {
      let o = observedIndex.get(row.observedAt);
      if (o === undefined) {
        o = out.observedValues.length;
        observedIndex.set(row.observedAt, o);
        out.observedValues.push(row.observedAt);
      }
      out.observed[i] = o;
    }
  }
  return out;
}

/** The typed arrays of a result, to transfer rather than copy. */
export function transferables(r: PriceLines): ArrayBuffer[] {
  return [r.row, r.institution, r.product, r.sellingPriceFen, r.onlinePriceFen, r.stock, r.stockCount, r.observed].map((a) => a.buffer as ArrayBuffer);
}
