import type { BadgeKind, Commitment, Fen, FileKind, InstitutionType, StockState, UploadIssue } from '@yaojia/shared';

import type { ProductRecord } from '../db/schema/index.js';
import type { PriceColumns } from './price-columns.js';

export type { FileKind };

/** A product of a region's 集采 catalog (江西 附表 columns), normalised. */
export type CatalogRow = Pick<
  ProductRecord,
  'code' | 'genericName' | 'productName' | 'dosageForm' | 'spec' | 'conversionRatio' | 'minUnit' | 'packUnit' | 'packaging' | 'maker' | 'bidder' | 'approvalNo' | 'brandName' | 'recommended' | 'special' | 'therapeuticArea'
> & {
  winningPriceFen: Fen;
} & PackCodes;

/** Codes printed on a pack (headers.ts PACK_CODE_COLUMNS), of a catalog product or a 挂网 product. */
export interface PackCodes {
  /** 药品标识码 (7 digits each), in the file's order; [] when the file has none */
  identifierCodes: string[];
  /** 国家药品本位码 (14 digits, 86…) */
  standardCodes: string[];
  /** EAN-13 商品条码 */
  barcodes: string[];
}

/** A row of 挂网药品价格: a product as listed on the provincial procurement platform, 集采 or not. */
export interface ListedRow {
  /** 医保药品编码 */
  code: string;
  genericName: string;
  brandName: string | null;
  dosageForm: string;
  spec: string;
  conversionRatio: number;
  maker: string;
  listedPriceFen: Fen;
  /** 是否原研 */
  original: boolean;
  /** 是否过评; null when the file has no such column or leaves it empty */
  consistency: boolean | null;
  /** pack codes of a brand's box (optional columns); a snapshot published before they existed has none */
  identifierCodes?: string[];
  standardCodes?: string[];
  barcodes?: string[];
}

/** A name of a molecule (issue 15 §3): a brand (商品名, 原研 or not) or another name people search by. */
export interface AliasRow {
  /** ingredient stem, e.g. 氨氯地平 (a 通用名 in the file is stemmed: 苯磺酸氨氯地平片 → 氨氯地平) */
  stem: string;
  name: string;
  /** original 原研商品名, brand 其他商品名, alias 别名/俗名/曾用名 */
  kind: 'original' | 'brand' | 'alias';
  maker: string | null;
  /** the name belongs to this 剂型 only (控释, 缓释, 滴眼…); null for every form */
  form: string | null;
}

/** A participating institution (三进单位), normalised. */
export interface InstitutionRow {
  code: string;
  name: string;
  type: InstitutionType;
  creditCode: string | null;
  address: string;
  city: string | null;
  district: string | null;
  lat: number;
  lng: number;
  phone: string | null;
  hours: string | null;
  specialDesignated: boolean;
  commitment: Commitment | null;
  legalRepresentative: string | null;
  contactName: string | null;
  joinedAt: string | null;
  /** undefined when the file has no 集采标识 column: badges are then left as they are */
  badge?: BadgeKind | null;
  /**
   * 量价比较指数 verdict: true 达标, false 未达标, null 未评定; undefined when the file has no such column
   * (the verdict is then left as it is)
   */
  priceIndexMet?: boolean | null;
}

/** One offer: an institution's selling price for a product. */
export interface PriceRow {
  institutionCode: string;
  productCode: string;
  sellingPriceFen: Fen;
  onlinePriceFen: Fen | null;
  stockState: StockState;
  stockCount: number | null;
  /** ISO timestamp; null = the publish time */
  observedAt: string | null;
}

export interface RowOf {
  catalog: CatalogRow;
  institutions: InstitutionRow;
  prices: PriceRow;
  listed: ListedRow;
  aliases: AliasRow;
}
export type AnyRow = CatalogRow | InstitutionRow | PriceRow | ListedRow | AliasRow;

/** A problem in a file. row is the spreadsheet's own 1-based row number; null for file-level problems. */
export interface IngestIssue {
  file: string;
  row: number | null;
  /** header text as written in the file */
  column: string | null;
  /** spreadsheet column letter, A, B, … */
  columnLetter: string | null;
  value?: string;
  message: string;
}

export interface ParseStats {
  format: 'xlsx' | 'csv';
  encoding: string;
  sheet: string | null;
  headerRows: number[];
  /** column letter → header text → field */
  columns: Array<{ letter: string; header: string; field: string }>;
  unknownColumns: Array<{ letter: string; header: string }>;
  blankRows: number;
  footnoteRows: Array<{ row: number; text: string }>;
  dataRows: number;
}

export interface ParseResult<K extends FileKind = FileKind> {
  file: string;
  kind: K;
  rows: Array<RowOf[K]>;
  /** spreadsheet row number of each entry of rows */
  rowNumbers: number[];
  errors: IngestIssue[];
  /** rows with at least one error, by row number */
  invalidRows: number[];
  warnings: IngestIssue[];
  stats: ParseStats;
  /** prices read by workers (parallel-prices.ts): the same rows by column, from which the snapshot is written */
  columns?: PriceColumns;
}

export interface ProgressEvent {
  phase: 'read' | 'diff' | 'apply' | 'snapshot';
  done: number;
  total: number | null;
  unit: 'bytes' | 'rows';
}
export type OnProgress = (e: ProgressEvent) => void;

/** A pharmacy's validated price upload (ingest/upload.ts), ready for repositories/me.ts applyMyPrices. */
export interface ParsedUpload {
  rows: PriceRow[];
  rowNumbers: number[];
  warnings: UploadIssue[];
  /** the file has a 网售价 / 库存 column: when it has not, the offer's current value is kept */
  hasOnlinePrice: boolean;
  hasStock: boolean;
}
