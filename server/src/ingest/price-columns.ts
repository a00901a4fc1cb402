/**
 * A prices file's rows by column, in typed arrays: what the workers of a large file send back
 * (price-lines.ts), gathered by parseFile in the rows' order, and stored as the version's snapshot without
 * turning 2 M rows into objects and back into JSON (issue 17 §2: the snapshot was ≈ 2.5 s of a 2 M-row
 * publish, a third of it walking the row objects, most of the rest writing and compressing 55 MB of JSON).
 */
import type { StockState } from '@yaojia/shared';
import type { PriceRow } from './types.js';

export const STOCK_STATES_BY_CODE: readonly StockState[] = ['in_stock', 'low', 'out_of_stock', 'unknown'];
export const STOCK_CODE: Record<StockState, number> = { in_stock: 0, low: 1, out_of_stock: 2, unknown: 3 };

export interface PriceColumns {
  length: number;
  /** indexes into dictionaries.institutionCode / productCode / observedAt (-1: none, observedAt only) */
  institution: Int32Array;
  product: Int32Array;
  observed: Int32Array;
  sellingPriceFen: Int32Array;
  /** -1: none */
  onlinePriceFen: Int32Array;
  /** STOCK_STATES_BY_CODE */
  stock: Uint8Array;
  /** -1: none */
  stockCount: Int32Array;
  dictionaries: { institutionCode: string[]; productCode: string[]; observedAt: string[] };
}

const INT_FIELDS = ['institution', 'product', 'observed', 'sellingPriceFen', 'onlinePriceFen', 'stockCount'] as const;

/** Columns appended to one row at a time, growing as needed; `done()` views them at their length. */
export class PriceColumnsBuilder {
  private cap: number;
  readonly c: PriceColumns;
  private readonly institutionIndex = new Map<string, number>();
  private readonly productIndex = new Map<string, number>();
  private readonly observedIndex = new Map<string, number>();
  /** `expected`: rows to make room for at once (a guess from the file's size) */
  constructor(institutionCodes: string[], productCodes: string[], expected = 1 << 16) {
    this.cap = Math.max(16, expected);
    this.c = {
      length: 0, institution: new Int32Array(this.cap), product: new Int32Array(this.cap), observed: new Int32Array(this.cap),
      sellingPriceFen: new Int32Array(this.cap), onlinePriceFen: new Int32Array(this.cap), stock: new Uint8Array(this.cap), stockCount: new Int32Array(this.cap),
      dictionaries: { institutionCode: institutionCodes, productCode: productCodes, observedAt: [] },
    };
    institutionCodes.forEach((code, i) => this.institutionIndex.set(code, i));
    productCodes.forEach((code, i) => this.productIndex.set(code, i));
  }
  /** the dictionary index of a 更新时间 (-1 for none) */
  observed(at: string | null): number {
    if (at === null) return -1;
    let k = this.observedIndex.get(at);
    if (k === undefined) {
      k = this.c.dictionaries.observedAt.length;
      this.observedIndex.set(at, k);
      this.c.dictionaries.observedAt.push(at);
    }
    return k;
  }
  private grow(): void {
    this.cap *= 2;
    const c = this.c as unknown as Record<string, Int32Array | Uint8Array>;
    for (const f of [...INT_FIELDS, 'stock'] as const) {
      const next = f === 'stock' ? new Uint8Array(this.cap) : new Int32Array(this.cap);
      next.set(c[f]!);
      c[f] = next;
    }
  }
  /** a row by its indexes (a worker's) */
  push(institution: number, product: number, sellingPriceFen: number, onlinePriceFen: number, stock: number, stockCount: number, observed: number): void {
    if (this.c.length === this.cap) this.grow();
    const c = this.c;
    const i = c.length++;
    c.institution[i] = institution;
    c.product[i] = product;
    c.sellingPriceFen[i] = sellingPriceFen;
    c.onlinePriceFen[i] = onlinePriceFen;
    c.stock[i] = stock;
    c.stockCount[i] = stockCount;
    c.observed[i] = observed;
  }
  /** a row as parseFile's own path made it (its codes are the region's: it was checked against them) */
  pushRow(r: PriceRow): void {
    this.push(this.institutionIndex.get(r.institutionCode)!, this.productIndex.get(r.productCode)!, r.sellingPriceFen, r.onlinePriceFen ?? -1,
      STOCK_CODE[r.stockState], r.stockCount ?? -1, this.observed(r.observedAt));
  }
  done(): PriceColumns {
    const c = this.c;
    const n = c.length;
    return {
      length: n, institution: c.institution.subarray(0, n), product: c.product.subarray(0, n), observed: c.observed.subarray(0, n),
      sellingPriceFen: c.sellingPriceFen.subarray(0, n), onlinePriceFen: c.onlinePriceFen.subarray(0, n), stock: c.stock.subarray(0, n),
      stockCount: c.stockCount.subarray(0, n), dictionaries: c.dictionaries,
    };
  }
}

/** A 更新时间 for every row that had none (publish: the time of the publish). */
export function fillObserved(c: PriceColumns, at: string): void {
  let k = -1;
  for (let i = 0; i < c.length; i++) {
    if (c.observed[i] !== -1) continue;
    if (k === -1) {
      k = c.dictionaries.observedAt.indexOf(at);
      if (k === -1) k = c.dictionaries.observedAt.push(at) - 1;
    }
    c.observed[i] = k;
  }
}

/** magic bytes opening a snapshot stored by typed column (any older snapshot opens with '{') */
export const BINARY_SNAPSHOT = Buffer.from('YJP1');

/**
 * The columns as bytes: BINARY_SNAPSHOT, a uint32 (little-endian) length of a JSON header holding the row
 * count and the dictionaries, the header, then each column's bytes in INT_FIELDS order (int32 LE) and the
 * stock codes (one byte each).
 */
export function columnsToBytes(c: PriceColumns): Buffer {
  const header = Buffer.from(JSON.stringify({ kind: 'prices', length: c.length, dictionaries: c.dictionaries }));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(header.length);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (!le) throw new Error('snapshots by typed column are written on little-endian machines only');
  const cols = INT_FIELDS.map((f) => Buffer.from(c[f].buffer, c[f].byteOffset, c.length * 4));
  return Buffer.concat([BINARY_SNAPSHOT, size, header, ...cols, Buffer.from(c.stock.buffer, c.stock.byteOffset, c.length)]);
}

export function rowsFromBytes(bytes: Buffer): PriceRow[] {
  const headerLength = bytes.readUInt32LE(BINARY_SNAPSHOT.length);
  let at = BINARY_SNAPSHOT.length + 4;
  const header = JSON.parse(bytes.toString('utf8', at, at + headerLength)) as { length: number; dictionaries: PriceColumns['dictionaries'] };
  at += headerLength;
  const n = header.length;
  const ints = {} as Record<(typeof INT_FIELDS)[number], Int32Array>;
  for (const f of INT_FIELDS) {
    // copied out: the column's offset in the buffer need not be a multiple of 4
    ints[f] = new Int32Array(new Uint8Array(bytes.subarray(at, at + n * 4)).buffer);
    at += n * 4;
  }
  const stock = bytes.subarray(at, at + n);
  const d = header.dictionaries;
  const rows: PriceRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const online = ints.onlinePriceFen[i]!;
    const count = ints.stockCount[i]!;
    const observed = ints.observed[i]!;
    rows[i] = {
      institutionCode: d.institutionCode[ints.institution[i]!]!, productCode: d.productCode[ints.product[i]!]!, sellingPriceFen: ints.sellingPriceFen[i]!,
      onlinePriceFen: online === -1 ? null : online, stockState: STOCK_STATES_BY_CODE[stock[i]!]!, stockCount: count === -1 ? null : count,
      observedAt: observed === -1 ? null : d.observedAt[observed]!,
    };
  }
  return rows;
}
