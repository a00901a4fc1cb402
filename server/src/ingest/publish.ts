import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FileKind } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { IngestError } from '../errors.js';
import { ensureRegions, regionBySlug } from '../repositories/regions.js';
import { applyVersion, currentVersion, previewDiff } from './apply.js';
import type { DiffSummary } from './diff.js';
import { prepareParallelRead } from './parallel-prices.js';
import { BINARY_SNAPSHOT, type PriceColumns, columnsToBytes, fillObserved, rowsFromBytes } from './price-columns.js';
import { type ParseOptions, type PriceLookups, parseFile } from './parse.js';
import type { IngestIssue, OnProgress, ParseStats, PriceRow, RowOf } from './types.js';

export interface PublishOptions {
  file: string;
  kind: FileKind;
  region: string;
  publisher: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  onProgress?: OnProgress;
  /** name recorded and used in messages (default: the file's base name) */
  fileName?: string;
  now?: Date;
  /** when a prices file is read on every core (parse.ts ParseOptions.parallel; the tests make small files take that path) */
  parallel?: ParseOptions['parallel'];
}

export type PublishStatus = 'published' | 'dry_run' | 'no_op' | 'rejected' | 'rolled_back';

export interface PublishReport {
  status: PublishStatus;
  kind: FileKind;
  region: string;
  file: string;
  sha256: string | null;
  versionId: number | null;
  previousVersionId: number | null;
  /** valid rows applied (or that would be) */
  rows: number;
  /** --skip-invalid: the rows left out, and why */
  skippedRows: number[];
  skipped: IngestIssue[];
  errors: IngestIssue[];
  warnings: IngestIssue[];
  stats: ParseStats | null;
  diff: DiffSummary | null;
  /** rollback: versions marked rolled_back */
  rolledBack: number[];
  ms: number;
  /** where a publish's ms went (null when it stopped before writing): parse + validate (with the file's hash and the
   * region's codes), snapshot, diff (in the transaction) and write (through the commit) */
  phases: { parseMs: number; snapshotMs: number; diffMs: number; writeMs: number } | null;
  message: string;
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  // 1 MB reads: half the time of the default 64 kB on a 115 MB prices file
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** PriceRow's fields in its own order: a prices snapshot is stored as one array per field */
const PRICE_FIELDS = ['institutionCode', 'productCode', 'sellingPriceFen', 'onlinePriceFen', 'stockState', 'stockCount', 'observedAt'] as const;
type PriceField = (typeof PRICE_FIELDS)[number];
type JsonPriceColumns = { [F in PriceField]: Array<PriceRow[F]> };
/**
 * Fields of few distinct values (10,000 institutions, 5,000 products, 4 stock states, a handful of 更新时间
 * in a 2 M-row file): stored as a dictionary of the distinct values and one index per row.
 */
const DICTIONARY_FIELDS = ['institutionCode', 'productCode', 'stockState', 'observedAt'] as const satisfies readonly PriceField[];
type Dictionaries = { [F in (typeof DICTIONARY_FIELDS)[number]]: Array<PriceRow[F]> };

/**
 * Normalised rows of a version, gzip JSON in base64, stored in catalog_versions.snapshot. Level 1: on the
 * 2 M-row prices file level 6 spent ≈ 8 s compressing for a slightly smaller blob; any level decodes the same.
 * Prices (millions of rows of one shape) are stored by column, `{ kind, columns: { field: [...] } }`: without
 * the field names on every row the JSON is 2.3× smaller. The codes, stock state and 更新时间 columns hold
 * indexes into `dictionaries` (`{ field: [distinct values] }`): a few thousand codes repeat over millions of
 * rows, and stringifying and compressing them was half of the snapshot's time.
 * decodeSnapshot reads every form (versions stored before keep `rows`, or `columns` without dictionaries).
 */
export function encodeSnapshot(kind: FileKind, rows: unknown[], columns?: PriceColumns): string {
  // a large prices file read by workers comes by typed column too: stored as those bytes (price-columns.ts)
  if (kind === 'prices' && columns && columns.length === rows.length) return gzipSync(columnsToBytes(columns), { level: 1 }).toString('base64');
  let data: { kind: FileKind; rows: unknown[] } | { kind: FileKind; columns: Record<PriceField, unknown[]>; dictionaries: Dictionaries };
  if (kind === 'prices') {
    const list = rows as PriceRow[];
    const columns = {} as Record<string, unknown[]>;
    const dictionaries = {} as Record<string, unknown[]>;
    for (const f of PRICE_FIELDS) {
      const col: unknown[] = new Array(list.length);
      if ((DICTIONARY_FIELDS as readonly string[]).includes(f)) {
        const index = new Map<unknown, number>();
        const values: unknown[] = [];
        for (let i = 0; i < list.length; i++) {
          const v = list[i]![f] ?? null;
          let k = index.get(v);
          if (k === undefined) {
            k = values.length;
            index.set(v, k);
            values.push(v);
          }
          col[i] = k;
        }
        dictionaries[f] = values;
      } else {
        for (let i = 0; i < list.length; i++) col[i] = list[i]![f];
      }
      columns[f] = col;
    }
    data = { kind, columns: columns as Record<PriceField, unknown[]>, dictionaries: dictionaries as Dictionaries };
  } else {
    data = { kind, rows };
  }
  return gzipSync(JSON.stringify(data), { level: 1 }).toString('base64');
}

export function decodeSnapshot<K extends FileKind>(kind: K, snapshot: string): Array<RowOf[K]> {
  const bytes = gunzipSync(Buffer.from(snapshot, 'base64'));
  if (bytes.subarray(0, BINARY_SNAPSHOT.length).equals(BINARY_SNAPSHOT)) {
    if (kind !== 'prices') throw new IngestError(`snapshot holds prices rows, not ${kind}`);
    return rowsFromBytes(bytes) as Array<RowOf[K]>;
  }
  const data = JSON.parse(bytes.toString('utf8')) as {
    kind: FileKind; rows?: Array<RowOf[K]>; columns?: JsonPriceColumns; dictionaries?: Dictionaries;
  };
  if (data.kind !== kind) throw new IngestError(`snapshot holds ${data.kind} rows, not ${kind}`);
  if (!data.columns) return data.rows ?? [];
  const c = data.columns;
  const d = data.dictionaries;
  if (d) {
    for (const f of DICTIONARY_FIELDS) {
      const values = d[f] as unknown[];
      const col = c[f] as unknown as number[];
      (c as Record<string, unknown[]>)[f] = col.map((k) => values[k]);
    }
  }
  const rows: PriceRow[] = new Array(c.institutionCode.length);
  for (let i = 0; i < rows.length; i++) {
    rows[i] = {
      institutionCode: c.institutionCode[i]!, productCode: c.productCode[i]!, sellingPriceFen: c.sellingPriceFen[i]!, onlinePriceFen: c.onlinePriceFen[i] ?? null,
      stockState: c.stockState[i]!, stockCount: c.stockCount[i] ?? null, observedAt: c.observedAt[i] ?? null,
    };
  }
  return rows as Array<RowOf[K]>;
}

async function regionId(db: Db, slug: string): Promise<number> {
  await ensureRegions(db);
  const r = await regionBySlug(db, slug);
  if (!r) {
    const known = await db.column<string>(`SELECT slug FROM regions ORDER BY id`);
    throw new IngestError(`unknown region "${slug}" — expected one of ${known.join(', ')}`);
  }
  return r.id;
}

async function priceLookups(db: Db, id: number, slug: string): Promise<PriceLookups> {
  const codes = async (table: 'institutions' | 'products') =>
    new Set(await db.column<string>(`SELECT code FROM ${table} WHERE region_id = ? AND removed_at IS NULL`, [id]));
  return { region: slug, institutionCodes: await codes('institutions'), productCodes: await codes('products') };
}

function emptyReport(o: { kind: FileKind; region: string; file: string }): PublishReport {
  return {
    status: 'rejected', kind: o.kind, region: o.region, file: o.file, sha256: null, versionId: null, previousVersionId: null, rows: 0,
    skippedRows: [], skipped: [], errors: [], warnings: [], stats: null, diff: null, rolledBack: [], ms: 0, phases: null, message: '',
  };
}

/**
 * parse → validate → diff → publish in one transaction. Reading, hashing, parsing, validating and the
 * snapshot all happen before the transaction (nothing but database work may be awaited inside it); the
 * transaction (applyVersion) diffs against the live rows as they are then and writes. Validation reads
 * the live codes outside it, so the write checks them again.
 */
export async function publishFile(db: Db, opts: PublishOptions): Promise<PublishReport> {
  const started = performance.now();
  const file = opts.fileName ?? basename(opts.file);
  const report = emptyReport({ kind: opts.kind, region: opts.region, file });
  const done = (status: PublishStatus, message: string) => {
    report.status = status;
    report.message = message;
    report.ms = Math.round(performance.now() - started);
    return report;
  };
  const rid = await regionId(db, opts.region);
  if (opts.kind === 'prices') prepareParallelRead(opts.file);
  report.sha256 = await sha256File(opts.file);
  const current = await currentVersion(db, rid, opts.kind);
  if (current && current.sha256 === report.sha256) {
    report.versionId = current.id;
    report.previousVersionId = current.id;
    return done('no_op', `nothing to do: this file (sha256 ${report.sha256.slice(0, 12)}…) is already the live ${opts.kind} of ${opts.region} as version ${current.id} (${current.fileName}, ${current.publishedAt})`);
  }

  const parsed = await parseFile(opts.file, opts.kind, {
    fileName: file,
    onProgress: opts.onProgress,
    ...(opts.kind === 'prices' ? { lookups: await priceLookups(db, rid, opts.region), parallel: opts.parallel } : {}),
  });
  report.stats = parsed.stats;
  report.warnings = parsed.warnings;
  const fileLevel = parsed.errors.filter((e) => e.row === null || parsed.invalidRows.length === 0);
  if (fileLevel.length) {
    report.errors = parsed.errors;
    return done('rejected', `rejected: ${fileLevel.length} problem(s) with the file itself; nothing was changed`);
  }
  if (parsed.errors.length && !opts.skipInvalid) {
    report.errors = parsed.errors;
    return done('rejected', `rejected: ${parsed.invalidRows.length} invalid row(s) (${parsed.errors.length} error(s)); nothing was changed — fix them, or publish with --skip-invalid to leave them out`);
  }
  if (opts.skipInvalid) {
    report.skippedRows = parsed.invalidRows;
    report.skipped = parsed.errors;
  }
  if (!parsed.rows.length) {
    report.errors = parsed.errors.length ? parsed.errors : [{ file, row: null, column: null, columnLetter: null, message: `${file}: no data rows below the header` }];
    return done('rejected', 'rejected: the file has no valid data rows; publishing it would remove everything — nothing was changed');
  }
  report.rows = parsed.rows.length;

  const now = opts.now ?? new Date();
  if (opts.kind === 'prices') {
    // a price without 更新时间 was observed when the bureau published it
    const at = now.toISOString();
    for (const r of parsed.rows as PriceRow[]) r.observedAt ??= at;
    if (parsed.columns) fillObserved(parsed.columns, at);
  }
  /** rows an explicit action overrides (a badge command), as warnings at the file's own row numbers */
  const noticesAsWarnings = (diff: DiffSummary) => {
    for (const n of diff.notices) {
      const row = parsed.rowNumbers[n.index] ?? null;
      report.warnings.push({ file, row, column: null, columnLetter: null, message: `${file} row ${row ?? '?'}: ${n.message}` });
    }
  };
  if (opts.dryRun) {
    report.diff = await previewDiff(db, rid, opts.kind, parsed.rows);
    noticesAsWarnings(report.diff);
    report.previousVersionId = current?.id ?? null;
    return done('dry_run', `dry run: ${report.rows} valid row(s)${report.skippedRows.length ? `, ${report.skippedRows.length} would be skipped` : ''}; nothing was written`);
  }
  const parsedAt = performance.now();
  opts.onProgress?.({ phase: 'snapshot', done: 0, total: null, unit: 'rows' });
  const snapshot = encodeSnapshot(opts.kind, parsed.rows, parsed.columns);
  const snapshotAt = performance.now();
  let applyAt: number | null = null;
  const applied = await applyVersion(
    db,
    { regionId: rid, regionSlug: opts.region, kind: opts.kind, fileName: file, sha256: report.sha256, publisher: opts.publisher,
      skippedCount: report.skippedRows.length, snapshot, restoredFrom: null, now },
    parsed.rows,
    (e) => {
      if (e.phase === 'apply') applyAt ??= performance.now();
      opts.onProgress?.(e);
    },
    parsed.columns,
  );
  const end = performance.now();
  const applyStart = applyAt ?? end;
  report.phases = {
    parseMs: Math.round(parsedAt - started), snapshotMs: Math.round(snapshotAt - parsedAt),
    diffMs: Math.round(applyStart - snapshotAt), writeMs: Math.round(end - applyStart),
  };
  report.versionId = applied.versionId;
  report.previousVersionId = applied.previousVersionId;
  report.diff = applied.diff;
  noticesAsWarnings(applied.diff);
  return done('published', `published ${opts.kind} of ${opts.region} as version ${applied.versionId}${applied.previousVersionId ? ` (version ${applied.previousVersionId} superseded)` : ''}`);
}

export interface VersionInfo {
  id: number;
  kind: FileKind;
  fileName: string;
  sha256: string;
  rowCount: number;
  addedCount: number;
  removedCount: number;
  changedCount: number;
  skippedCount: number;
  publisher: string;
  publishedAt: string;
  status: 'published' | 'superseded' | 'rolled_back';
  restoredFrom: number | null;
}

/** The versions of a region + kind, newest first (snapshots left out). */
export async function listVersions(db: Db, region: string, kind: FileKind): Promise<VersionInfo[]> {
  const rid = await regionId(db, region);
  return db.all<VersionInfo>(
    `SELECT id, kind, file_name AS "fileName", sha256, row_count AS "rowCount", added_count AS "addedCount", removed_count AS "removedCount",
      changed_count AS "changedCount", skipped_count AS "skippedCount", publisher, published_at AS "publishedAt", status, restored_from AS "restoredFrom"
      FROM catalog_versions WHERE region_id = ? AND kind = ? ORDER BY id DESC`,
    [rid, kind],
  );
}

export interface RollbackOptions {
  region: string;
  kind: FileKind;
  to: number;
  publisher: string;
  onProgress?: OnProgress;
  now?: Date;
}

/**
 * Restores version `to`'s snapshot through the same apply path, in one transaction: a new version row
 * (restoredFrom = to) becomes live and the versions after `to` are marked rolled_back. The snapshot is
 * read and decoded before that transaction.
 */
export async function rollbackTo(db: Db, opts: RollbackOptions): Promise<PublishReport> {
  const started = performance.now();
  const rid = await regionId(db, opts.region);
  const target = await db.get<{ id: number; fileName: string; sha256: string; snapshot: string; status: string }>(
    `SELECT id, file_name AS "fileName", sha256, snapshot, status FROM catalog_versions WHERE id = ? AND region_id = ? AND kind = ?`,
    [opts.to, rid, opts.kind],
  );
  const report = emptyReport({ kind: opts.kind, region: opts.region, file: target?.fileName ?? '' });
  const finish = (status: PublishStatus, message: string) => {
    report.status = status;
    report.message = message;
    report.ms = Math.round(performance.now() - started);
    return report;
  };
  if (!target) {
    report.errors.push({ file: '', row: null, column: null, columnLetter: null, message: `no ${opts.kind} version ${opts.to} in region ${opts.region} — see \`history\`` });
    return finish('rejected', `rejected: unknown version ${opts.to}`);
  }
  const current = await currentVersion(db, rid, opts.kind);
  if (current?.id === target.id) {
    report.versionId = current.id;
    report.sha256 = target.sha256;
    return finish('no_op', `nothing to do: version ${target.id} is already live`);
  }
  const rows = decodeSnapshot(opts.kind, target.snapshot);
  const applied = await applyVersion(
    db,
    { regionId: rid, regionSlug: opts.region, kind: opts.kind, fileName: target.fileName, sha256: target.sha256, publisher: opts.publisher,
      skippedCount: 0, snapshot: target.snapshot, restoredFrom: target.id, now: opts.now ?? new Date() },
    rows,
    opts.onProgress,
  );
  report.sha256 = target.sha256;
  report.rows = rows.length;
  report.versionId = applied.versionId;
  report.previousVersionId = applied.previousVersionId;
  report.diff = applied.diff;
  report.warnings = applied.diff.notices.map((n) => ({ file: target.fileName, row: null, column: null, columnLetter: null, message: `${target.fileName} (version ${target.id}): ${n.message}` }));
  report.rolledBack = applied.rolledBack;
  return finish('rolled_back', `rolled back ${opts.kind} of ${opts.region} to version ${target.id} (now live as version ${applied.versionId}); rolled back: ${applied.rolledBack.map((v) => `v${v}`).join(', ') || 'none'}`);
}
