import type { FileKind } from '@yaojia/shared';
import { watchOffers } from '../repositories/alert-outbox.js';
import { type Db, type Param, copyText } from '../db/client.js';
import { type Diff, type DiffSummary, diffRows, loadLive } from './diff.js';
import type { PriceColumns } from './price-columns.js';
import type { AliasRow, CatalogRow, InstitutionRow, ListedRow, OnProgress, PackCodes, PriceRow, RowOf } from './types.js';

export interface VersionMeta {
  regionId: number;
  regionSlug: string;
  kind: FileKind;
  fileName: string;
  sha256: string;
  publisher: string;
  skippedCount: number;
  snapshot: string;
  /** for a rollback: the version whose snapshot is being restored */
  restoredFrom: number | null;
  now: Date;
}

export interface ApplyResult {
  versionId: number;
  previousVersionId: number | null;
  diff: DiffSummary;
  rolledBack: number[];
}

const PROGRESS_EVERY = 5000;
/**
 * Rows per multi-row INSERT (products, institutions, offers, price_history). SQLite: 64. PostgreSQL: each statement is a round trip,
 * so the largest power of two of rows whose parameters stay under PG_PARAMS_PER_STATEMENT (its limit is
 * 65,535): 1,024 offers or 2,048 history rows a statement, ≈ 2,000 statements for a 2 M-row file.
 */
const CHUNK_SQLITE = 64;
const PG_PARAMS_PER_STATEMENT = 20_000;
/** pg_advisory_xact_lock(PUBLISH_LOCK, region id): publishes of one region queue up, as SQLite's write lock makes them */
const PUBLISH_LOCK = 7240732;

export async function currentVersion(db: Db, regionId: number, kind: FileKind): Promise<{ id: number; sha256: string; fileName: string; publishedAt: string } | null> {
  const r = await db.get<{ id: number; sha256: string; fileName: string; publishedAt: string }>(
    `SELECT id, sha256, file_name AS "fileName", published_at AS "publishedAt" FROM catalog_versions WHERE region_id = ? AND kind = ? AND status = 'published' ORDER BY id DESC LIMIT 1`,
    [regionId, kind],
  );
  return r ?? null;
}

function b(v: boolean): number {
  return v ? 1 : 0;
}

/** SQL text per chunk size, built once: the executor caches statements by text (and a reused string hashes once) */
const sqlTexts = new Map<(n: number) => string, Map<number, string>>();
function sqlFor(make: (n: number) => string, n: number): string {
  let bySize = sqlTexts.get(make);
  if (!bySize) sqlTexts.set(make, (bySize = new Map()));
  let text = bySize.get(n);
  if (text === undefined) bySize.set(n, (text = make(n)));
  return text;
}

/**
 * Rows of `width` parameters gathered and written a chunk at a time by one multi-row statement. A last,
 * partial chunk goes out in power-of-two pieces, so only a few statement texts ever exist (and are cached).
 */
class Batch<R = never> {
  readonly params: Param[] = [];
  private readonly rows: number;
  constructor(
    private readonly tx: Db,
    private readonly make: (n: number) => string,
    private readonly width: number,
    /** for a statement with RETURNING: receives the rows it returned */
    private readonly returned?: (rows: R[]) => void,
  ) {
    this.rows = tx.dialect === 'pg' ? 2 ** Math.floor(Math.log2(PG_PARAMS_PER_STATEMENT / width)) : CHUNK_SQLITE;
  }
  get full(): boolean {
    return this.params.length >= this.rows * this.width;
  }
  private async exec(n: number, params: Param[]): Promise<void> {
    if (this.returned) this.returned(await this.tx.all<R>(sqlFor(this.make, n), params));
    else await this.tx.run(sqlFor(this.make, n), params);
  }
  async flush(): Promise<void> {
    const p = this.params;
    const total = p.length / this.width;
    if (total === this.rows) {
      await this.exec(total, p);
    } else {
      let done = 0;
      for (let size = this.rows; size >= 1; size >>= 1) {
        while (total - done >= size) {
          await this.exec(size, p.slice(done * this.width, (done + size) * this.width));
          done += size;
        }
      }
    }
    p.length = 0;
  }
}

const values = (n: number, row: string) => new Array(n).fill(row).join(', ');

const upsertProductsSql = (n: number) => `
    INSERT INTO products (region_id, code, generic_name, product_name, dosage_form, spec, conversion_ratio, min_unit, pack_unit,
      packaging, maker, bidder, winning_price_fen, approval_no, brand_name, recommended, special, therapeutic_area, listed_at, removed_at, version_id)
    VALUES ${values(n, '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)')}
    ON CONFLICT (region_id, code) DO UPDATE SET
      generic_name = excluded.generic_name, product_name = excluded.product_name, dosage_form = excluded.dosage_form,
      spec = excluded.spec, conversion_ratio = excluded.conversion_ratio, min_unit = excluded.min_unit,
      pack_unit = excluded.pack_unit, packaging = excluded.packaging, maker = excluded.maker, bidder = excluded.bidder,
      winning_price_fen = excluded.winning_price_fen, approval_no = excluded.approval_no, brand_name = excluded.brand_name,
      recommended = excluded.recommended, special = excluded.special, therapeutic_area = excluded.therapeutic_area,
      listed_at = CASE WHEN products.removed_at IS NULL THEN products.listed_at ELSE excluded.listed_at END,
      removed_at = NULL, version_id = excluded.version_id
    RETURNING id, code`;
/** ids per DELETE … IN (…) of product_codes / listed_codes */
const DELETE_CHUNK = 256;

/** where a file kind's pack codes live: the catalog's in product_codes, the 挂网 file's in listed_codes */
const PACK_CODE_TABLES = {
  product_codes: { owner: 'product_id', insert: (n: number) => `INSERT INTO product_codes (region_id, product_id, kind, code) VALUES ${values(n, '(?, ?, ?, ?)')}` },
  listed_codes: { owner: 'listed_id', insert: (n: number) => `INSERT INTO listed_codes (region_id, listed_id, kind, code) VALUES ${values(n, '(?, ?, ?, ?)')}` },
} as const;

/**
 * Pack codes of every written or removed row are replaced by the file's (a removed row's are dropped):
 * one code of the same table for the catalog and the 挂网 file.
 */
async function replacePackCodes(
  tx: Db, table: keyof typeof PACK_CODE_TABLES, regionId: number, stale: number[], written: Iterable<{ id: number; codes: Partial<PackCodes> }>,
): Promise<void> {
  const t = PACK_CODE_TABLES[table];
  for (let k = 0; k < stale.length; k += DELETE_CHUNK) {
    const ids = stale.slice(k, k + DELETE_CHUNK);
    await tx.run(`DELETE FROM ${table} WHERE ${t.owner} IN (${ids.map(() => '?').join(', ')})`, ids);
  }
  const codes = new Batch(tx, t.insert, 4);
  for (const { id, codes: r } of written) {
    // a snapshot published before the code columns existed has none
    for (const [kind, list] of [['identifier', r.identifierCodes], ['standard', r.standardCodes], ['ean13', r.barcodes]] as const) {
      for (const code of list ?? []) {
        codes.params.push(regionId, id, kind, code);
        if (codes.full) await codes.flush();
      }
    }
  }
  await codes.flush();
}

async function applyCatalog(tx: Db, regionId: number, versionId: number, now: string, rows: CatalogRow[], diff: Diff<'catalog'>, progress: (n: number) => void): Promise<void> {
  const idOf = new Map<string, number>();
  const upserts = new Batch<{ id: number; code: string }>(tx, upsertProductsSql, 20, (out) => {
    for (const r of out) idOf.set(r.code, r.id);
  });
  const written = [...diff.added, ...diff.changed.map((c) => c.index)];
  let n = 0;
  for (const i of written) {
    const r = rows[i]!;
    upserts.params.push(regionId, r.code, r.genericName, r.productName, r.dosageForm, r.spec, r.conversionRatio, r.minUnit, r.packUnit,
      r.packaging, r.maker, r.bidder, r.winningPriceFen, r.approvalNo, r.brandName, b(r.recommended), b(r.special), r.therapeuticArea, now, versionId);
    if (upserts.full) await upserts.flush();
    if (++n % PROGRESS_EVERY === 0) progress(n);
  }
  await upserts.flush();
  // 动态更新 (seed 001 三): a product missing from the new list is removed, not deleted — offers and history keep pointing at it
  for (const r of diff.removed) await tx.run(`UPDATE products SET removed_at = ?, version_id = ? WHERE id = ?`, [now, versionId, r.id]);
  // pack codes: those of every written or removed product are replaced by the file's (a removed product's are dropped)
  const stale = [...idOf.values(), ...diff.removed.map((r) => r.id)];
  await replacePackCodes(tx, 'product_codes', regionId, stale, written.map((i) => ({ id: idOf.get(rows[i]!.code)!, codes: rows[i]! })));
}

const upsertListedSql = (n: number) => `
    INSERT INTO listed_prices (region_id, code, generic_name, brand_name, dosage_form, spec, conversion_ratio, maker, listed_price_fen,
      original, consistency, listed_at, removed_at, version_id)
    VALUES ${values(n, '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)')}
    ON CONFLICT (region_id, code) DO UPDATE SET
      generic_name = excluded.generic_name, brand_name = excluded.brand_name, dosage_form = excluded.dosage_form, spec = excluded.spec,
      conversion_ratio = excluded.conversion_ratio, maker = excluded.maker, listed_price_fen = excluded.listed_price_fen,
      original = excluded.original, consistency = excluded.consistency,
      listed_at = CASE WHEN listed_prices.removed_at IS NULL THEN listed_prices.listed_at ELSE excluded.listed_at END,
      removed_at = NULL, version_id = excluded.version_id
    RETURNING id, code`;

async function applyListed(tx: Db, regionId: number, versionId: number, now: string, rows: ListedRow[], diff: Diff<'listed'>, progress: (n: number) => void): Promise<void> {
  const idOf = new Map<string, number>();
  const upserts = new Batch<{ id: number; code: string }>(tx, upsertListedSql, 13, (out) => {
    for (const r of out) idOf.set(r.code, r.id);
  });
  const written = [...diff.added, ...diff.changed.map((c) => c.index)];
  let n = 0;
  for (const i of written) {
    const r = rows[i]!;
    upserts.params.push(regionId, r.code, r.genericName, r.brandName, r.dosageForm, r.spec, r.conversionRatio, r.maker, r.listedPriceFen,
      b(r.original), r.consistency === null ? null : b(r.consistency), now, versionId);
    if (upserts.full) await upserts.flush();
    if (++n % PROGRESS_EVERY === 0) progress(n);
  }
  await upserts.flush();
  for (const r of diff.removed) await tx.run(`UPDATE listed_prices SET removed_at = ?, version_id = ? WHERE id = ?`, [now, versionId, r.id]);
  // a brand's pack codes, as the catalog's (a removed listed product's are dropped)
  const stale = [...idOf.values(), ...diff.removed.map((r) => r.id)];
  await replacePackCodes(tx, 'listed_codes', regionId, stale, written.map((i) => ({ id: idOf.get(rows[i]!.code)!, codes: rows[i]! })));
}

const upsertAliasesSql = (n: number) => `
    INSERT INTO drug_aliases (region_id, stem, name, kind, maker, form, listed_at, removed_at, version_id)
    VALUES ${values(n, '(?, ?, ?, ?, ?, ?, ?, NULL, ?)')}
    ON CONFLICT (region_id, stem, name) DO UPDATE SET
      kind = excluded.kind, maker = excluded.maker, form = excluded.form,
      listed_at = CASE WHEN drug_aliases.removed_at IS NULL THEN drug_aliases.listed_at ELSE excluded.listed_at END,
      removed_at = NULL, version_id = excluded.version_id`;

async function applyAliases(tx: Db, regionId: number, versionId: number, now: string, rows: AliasRow[], diff: Diff<'aliases'>, progress: (n: number) => void): Promise<void> {
  const upserts = new Batch(tx, upsertAliasesSql, 8);
  let n = 0;
  for (const i of [...diff.added, ...diff.changed.map((c) => c.index)]) {
    const r = rows[i]!;
    upserts.params.push(regionId, r.stem, r.name, r.kind, r.maker, r.form, now, versionId);
    if (upserts.full) await upserts.flush();
    if (++n % PROGRESS_EVERY === 0) progress(n);
  }
  await upserts.flush();
  for (const r of diff.removed) await tx.run(`UPDATE drug_aliases SET removed_at = ?, version_id = ? WHERE id = ?`, [now, versionId, r.id]);
}

/**
 * withIndex: the file has a 量价比较指数 column, so its verdict (达标/未达标/未评定) is written; without the
 * column the stored verdict is left as it is (a new institution starts 未评定).
 */
const institutionsUpsert = (withIndex: boolean) => (n: number) => `
    INSERT INTO institutions (region_id, code, name, type, credit_code, address, city, district, lat, lng, phone, hours,
      special_designated, commitment, legal_representative, contact_name, joined_at, listed_at, removed_at, version_id, price_index_met)
    VALUES ${values(n, '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)')}
    ON CONFLICT (region_id, code) DO UPDATE SET${withIndex ? ' price_index_met = excluded.price_index_met,' : ''}
      name = excluded.name, type = excluded.type, credit_code = excluded.credit_code, address = excluded.address,
      city = excluded.city, district = excluded.district, lat = excluded.lat, lng = excluded.lng, phone = excluded.phone,
      hours = excluded.hours, special_designated = excluded.special_designated, commitment = excluded.commitment,
      legal_representative = excluded.legal_representative, contact_name = excluded.contact_name, joined_at = excluded.joined_at,
      listed_at = CASE WHEN institutions.removed_at IS NULL THEN institutions.listed_at ELSE excluded.listed_at END,
      removed_at = NULL,
      -- admitted by command (version_id NULL): a file may update its details, but it stays the command's to remove
      version_id = CASE WHEN institutions.version_id IS NULL AND institutions.removed_at IS NULL THEN NULL ELSE excluded.version_id END
    RETURNING id, code`;
/** one function per variant: sqlFor caches statement texts by the function */
const upsertInstitutionsSql = { withIndex: institutionsUpsert(true), withoutIndex: institutionsUpsert(false) };
const DROP_BADGE = `UPDATE badges SET removed_at = ?, reason = ?, origin = 'file' WHERE id = ?`;

async function applyInstitutions(tx: Db, regionId: number, versionId: number, now: string, rows: InstitutionRow[], diff: Diff<'institutions'>, progress: (n: number) => void): Promise<void> {
  const reason = `bureau:${versionId}`;
  const idOf = new Map<string, number>();
  const withIndex = rows.some((r) => r.priceIndexMet !== undefined);
  const upserts = new Batch<{ id: number; code: string }>(tx, withIndex ? upsertInstitutionsSql.withIndex : upsertInstitutionsSql.withoutIndex, 20, (out) => {
    for (const r of out) idOf.set(r.code, r.id);
  });
  const written = [...diff.added, ...diff.changed.map((c) => c.index)];
  let n = 0;
  for (const i of written) {
    const r = rows[i]!;
    upserts.params.push(regionId, r.code, r.name, r.type, r.creditCode, r.address, r.city, r.district, r.lat, r.lng,
      r.phone, r.hours, b(r.specialDesignated), r.commitment, r.legalRepresentative, r.contactName, r.joinedAt, now, versionId,
      r.priceIndexMet == null ? null : b(r.priceIndexMet));
    if (upserts.full) await upserts.flush();
    if (++n % PROGRESS_EVERY === 0) progress(n);
  }
  await upserts.flush();
  // the region's active badges, by institution
  const active = new Map<number, Array<{ id: number; kind: string }>>();
  for (const a of await tx.all<{ id: number; institutionId: number; kind: string }>(
    `SELECT b.id, b.institution_id AS "institutionId", b.kind FROM badges b JOIN institutions i ON i.id = b.institution_id
     WHERE i.region_id = ? AND b.removed_at IS NULL ORDER BY b.id`,
    [regionId],
  )) {
    const list = active.get(a.institutionId);
    if (list) list.push(a);
    else active.set(a.institutionId, [a]);
  }
  for (const i of written) {
    const r = rows[i]!;
    // a badge granted or revoked by command is not undone by a file (diff.badgeHeld, reported as a warning)
    if (r.badge === undefined || diff.badgeHeld.has(i)) continue;
    const id = idOf.get(r.code)!;
    const has = active.get(id) ?? [];
    for (const a of has) if (a.kind !== r.badge) await tx.run(DROP_BADGE, [now, reason, a.id]);
    if (r.badge && !has.some((a) => a.kind === r.badge)) {
      await tx.run(`INSERT INTO badges (institution_id, kind, granted_at, reason, origin) VALUES (?, ?, ?, ?, 'file')`, [id, r.badge, now, reason]);
    }
  }
  for (const r of diff.removed) {
    await tx.run(`UPDATE institutions SET removed_at = ?, version_id = ? WHERE id = ?`, [now, versionId, r.id]);
    // an institution that leaves 三进 loses its badge with it
    for (const a of active.get(r.id) ?? []) await tx.run(DROP_BADGE, [now, `${reason} institution removed`, a.id]);
  }
}

/**
 * Prices are written set-based: the rows to write (added, then changed, in the file's order) go into a
 * temporary staging table — no indexes, no foreign keys, multi-row INSERTs — and from there into offers and
 * price_history with one INSERT … SELECT each, ordered by the staging rowid so ids come out as they did one
 * row at a time. One statement keeps its cursors on the target tables open and appends to the end of the
 * rowid b-tree without a seek per chunk. SQLite, 500 k rows into the full catalog, write phase (A/B in one
 * session): 64-row upserts into offers + price_history 6.9 s; staged 2.6 s. Everything stays inside the
 * publish transaction; the staging table is dropped before it commits (PostgreSQL: ON COMMIT DROP).
 * PostgreSQL fills it with COPY (below). Measured there and not kept (docs/BENCHMARKS.md, issue 17 §3):
 * dropping the secondary indexes of offers and price_history for a first load and rebuilding them (no gain
 * at medium, and DROP INDEX locks the whole table against every region's reads until commit);
 * `synchronous_commit = off` (the commit of a 200 k-row publish took ~20 ms); an unlogged staging table (a
 * temporary one is not WAL-logged already).
 */
const STAGE = 'publish_prices';
const STAGE_COLUMNS = 'institution_id, product_id, selling_price_fen, online_price_fen, stock_state, stock_count, observed_at, price_changed';
const stageSql = (n: number) => `INSERT INTO ${STAGE} (${STAGE_COLUMNS})
    VALUES ${values(n, '(?, ?, ?, ?, ?, ?, ?, ?)')}`;
const OFFERS_FROM_STAGE = `
    INSERT INTO offers (institution_id, product_id, selling_price_fen, online_price_fen, stock_state, stock_count, observed_at, recorded_at, source, version_id)
    SELECT institution_id, product_id, selling_price_fen, online_price_fen, stock_state, stock_count, observed_at, ?, ?, ? FROM ${STAGE} WHERE true ORDER BY seq
    ON CONFLICT (institution_id, product_id) DO UPDATE SET
      selling_price_fen = excluded.selling_price_fen, online_price_fen = excluded.online_price_fen, stock_state = excluded.stock_state,
      stock_count = excluded.stock_count, observed_at = excluded.observed_at, recorded_at = excluded.recorded_at,
      source = excluded.source, version_id = excluded.version_id`;
const HISTORY_FROM_STAGE = `
    INSERT INTO price_history (institution_id, product_id, selling_price_fen, online_price_fen, observed_at, recorded_at, source, recorded_by)
    SELECT institution_id, product_id, selling_price_fen, online_price_fen, observed_at, ?, ?, ? FROM ${STAGE} WHERE price_changed = 1 ORDER BY seq`;
const historySql = (n: number) => `
    INSERT INTO price_history (institution_id, product_id, selling_price_fen, online_price_fen, observed_at, recorded_at, source, recorded_by)
    VALUES ${values(n, '(?, ?, ?, ?, ?, ?, ?, ?)')}`;

async function createStage(tx: Db): Promise<void> {
  const columns = `institution_id INTEGER NOT NULL, product_id INTEGER NOT NULL, selling_price_fen INTEGER NOT NULL, online_price_fen INTEGER,
      stock_state TEXT NOT NULL, stock_count INTEGER, observed_at TEXT NOT NULL, price_changed INTEGER NOT NULL`;
  if (tx.dialect === 'pg') await tx.run(`CREATE TEMP TABLE ${STAGE} (seq bigserial PRIMARY KEY, ${columns}) ON COMMIT DROP`);
  // SQLite: temp schema, dropped below before the commit (a rolled-back publish takes it with it)
  else await tx.run(`CREATE TEMP TABLE ${STAGE} (seq INTEGER PRIMARY KEY, ${columns})`);
}

async function applyPrices(
  tx: Db, regionId: number, versionId: number, now: string, publisher: string, rows: PriceRow[], diff: Diff<'prices'>, progress: (n: number) => void, columns?: PriceColumns,
): Promise<void> {
  const ids = async (table: 'institutions' | 'products') =>
    new Map((await tx.all<{ code: string; id: number }>(`SELECT code, id FROM ${table} WHERE region_id = ? AND removed_at IS NULL`, [regionId])).map((r) => [r.code, r.id]));
  const institutionIds = await ids('institutions');
  const productIds = await ids('products');
  const source = `bureau:${versionId}`;
  const idsOf = (r: PriceRow): [number, number] => {
    const institutionId = institutionIds.get(r.institutionCode);
    const productId = productIds.get(r.productCode);
    if (institutionId === undefined || productId === undefined) {
      // validated before the transaction; a concurrent catalog/institutions publish could still remove one
      throw new Error(`${r.institutionCode} × ${r.productCode}: institution or product no longer live in the region`);
    }
    return [institutionId, productId];
  };
  // rows that come by typed column too (a large file read by workers): ids by dictionary index, one map
  // lookup per distinct code instead of two per row (≈ 0.3 s of a 2 M-row write)
  const byIndex = columns && columns.length === rows.length
    ? {
        institution: Int32Array.from(columns.dictionaries.institutionCode, (c) => institutionIds.get(c) ?? -1),
        product: Int32Array.from(columns.dictionaries.productCode, (c) => productIds.get(c) ?? -1),
      }
    : null;
  const idsAt = (i: number): [number, number] => {
    if (!byIndex) return idsOf(rows[i]!);
    const institutionId = byIndex.institution[columns!.institution[i]!]!;
    const productId = byIndex.product[columns!.product[i]!]!;
    return institutionId < 0 || productId < 0 ? idsOf(rows[i]!) : [institutionId, productId];
  };
  await createStage(tx);
  // a price is an observation: every new price is appended to price_history, never overwritten
  let n = 0;
  if (tx.copyIn) {
    // PostgreSQL: COPY … FROM STDIN into the staging table (pg-copy-streams). The multi-row INSERTs cost
    // more on the client and in the server's parse/plan of a 16,384-parameter statement than in the insert
    // itself (medium, 200 k rows: 15.2 s staging, pg_stat_statements counting 0.9 s of execution); COPY
    // streams text lines with no statement per chunk.
    const lines = function* (): Generator<string> {
      let chunk = '';
      const line = (r: PriceRow, priceChanged: boolean) => {
        const [institutionId, productId] = idsOf(r);
        chunk += `${institutionId}\t${productId}\t${r.sellingPriceFen}\t${copyText(r.onlinePriceFen)}\t${copyText(r.stockState)}\t${copyText(r.stockCount)}\t${copyText(r.observedAt ?? now)}\t${priceChanged ? 1 : 0}\n`;
        if (++n % PROGRESS_EVERY === 0) progress(n);
      };
      for (const i of diff.added) {
        line(rows[i]!, true);
        if (chunk.length >= 1 << 16) {
          yield chunk;
          chunk = '';
        }
      }
      for (const c of diff.changed) {
        line(rows[c.index]!, c.fields.includes('sellingPriceFen') || c.fields.includes('onlinePriceFen'));
        if (chunk.length >= 1 << 16) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    };
    await tx.copyIn(`COPY ${STAGE} (${STAGE_COLUMNS}) FROM STDIN`, lines());
  } else {
    const staged = new Batch(tx, stageSql, 8);
    const stage = (i: number, priceChanged: boolean) => {
      const r = rows[i]!;
      const [institutionId, productId] = idsAt(i);
      staged.params.push(institutionId, productId, r.sellingPriceFen, r.onlinePriceFen, r.stockState, r.stockCount, r.observedAt ?? now, priceChanged ? 1 : 0);
    };
    for (const i of diff.added) {
      stage(i, true);
      if (staged.full) await staged.flush();
      if (++n % PROGRESS_EVERY === 0) progress(n);
    }
    for (const c of diff.changed) {
      stage(c.index, c.fields.includes('sellingPriceFen') || c.fields.includes('onlinePriceFen'));
      if (staged.full) await staged.flush();
      if (++n % PROGRESS_EVERY === 0) progress(n);
    }
    await staged.flush();
  }
  if (n && tx.dialect === 'pg') {
    // PostgreSQL has no per-row foreign keys on offers and price_history (schema-pg/offers.ts says why): the
    // references are checked here once for the whole publish, set-based, and more strictly (same region).
    // NOT IN over the region's ids (never null) is planned as a hashed subplan: one hash probe per staged
    // row, where two NOT EXISTS joined by OR probed both primary keys per row (medium: 0.98 s under load)
    const dangling = await tx.get<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM ${STAGE} s
       WHERE s.institution_id NOT IN (SELECT id FROM institutions WHERE region_id = ?)
          OR s.product_id NOT IN (SELECT id FROM products WHERE region_id = ?)`,
      [regionId, regionId],
    );
    if (Number(dangling?.n ?? 0) > 0) throw new Error(`${dangling!.n} price row(s) reference an institution or product that is not in the region`);
  }
  if (n) {
    await tx.run(OFFERS_FROM_STAGE, [now, source, versionId]);
    await tx.run(HISTORY_FROM_STAGE, [now, source, publisher]);
  }
  if (tx.dialect === 'sqlite') await tx.run(`DROP TABLE temp.${STAGE}`);
  // the pharmacy's own price is newer: it stays current; the file's older observation still goes into the history
  for (const k of diff.olderThanPharmacy) {
    const r = rows[k.index]!;
    const [institutionId, productId] = idsOf(r);
    const observedAt = r.observedAt ?? now;
    const seen = await tx.get(
      `SELECT 1 AS seen FROM price_history WHERE institution_id = ? AND product_id = ? AND observed_at = ? AND selling_price_fen = ? AND online_price_fen IS NOT DISTINCT FROM ?`,
      [institutionId, productId, observedAt, r.sellingPriceFen, r.onlinePriceFen],
    );
    if (!seen) await tx.run(sqlFor(historySql, 1), [institutionId, productId, r.sellingPriceFen, r.onlinePriceFen, observedAt, now, source, publisher]);
  }
  // offers absent from the new file stop being offered (those the pharmacy priced itself stay: diffRows); their price_history stays
  for (const r of diff.removed) await tx.run(`DELETE FROM offers WHERE id = ?`, [r.id]);
}

/**
 * Diffs against what is live and applies the rows, all inside one transaction: a failure or a killed
 * process leaves the previous version serving. Writes the catalog_versions row, supersedes the previous
 * one (or, for a rollback, marks the versions after the restored one rolled_back), and appends to audit_log.
 * Only database work is awaited inside the transaction (the file was read and parsed before it).
 */
/** the tables a publish of each kind writes (PostgreSQL re-analyses them after a large one) */
const ANALYZE_TABLES: Record<FileKind, string> = { catalog: 'products, product_codes', institutions: 'institutions, badges', prices: 'offers, price_history', listed: 'listed_prices, listed_codes', aliases: 'drug_aliases' };

export async function applyVersion<K extends FileKind>(
  db: Db, meta: VersionMeta & { kind: K }, rows: Array<RowOf[K]>, onProgress?: OnProgress, columns?: PriceColumns,
): Promise<ApplyResult> {
  const now = meta.now.toISOString();
  const run = () =>
    db.transaction(async (tx): Promise<ApplyResult> => {
      // PostgreSQL: publishes of one region wait for each other (SQLite's BEGIN IMMEDIATE already serialises writers)
      if (tx.dialect === 'pg') await tx.run(`SELECT pg_advisory_xact_lock(?, ?)`, [PUBLISH_LOCK, meta.regionId]);
      const previous = await currentVersion(tx, meta.regionId, meta.kind);
      onProgress?.({ phase: 'diff', done: 0, total: rows.length, unit: 'rows' });
      const live = await loadLive(tx, meta.regionId, meta.kind);
      const diff = diffRows(meta.kind, live, rows);
      const s = diff.summary;
      const inserted = await tx.get<{ id: number }>(
        `INSERT INTO catalog_versions (region_id, kind, file_name, sha256, row_count, added_count, removed_count, changed_count, skipped_count,
          publisher, published_at, status, restored_from, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'published', ?, ?) RETURNING id`,
        [meta.regionId, meta.kind, meta.fileName, meta.sha256, rows.length, s.added, s.removed, s.changed, meta.skippedCount, meta.publisher, now, meta.restoredFrom, meta.snapshot],
      );
      const versionId = inserted!.id;
      let rolledBack: number[] = [];
      if (meta.restoredFrom !== null) {
        rolledBack = await tx.column<number>(
          `SELECT id FROM catalog_versions WHERE region_id = ? AND kind = ? AND id > ? AND id <> ? AND status <> 'rolled_back' ORDER BY id`,
          [meta.regionId, meta.kind, meta.restoredFrom, versionId],
        );
        await tx.run(`UPDATE catalog_versions SET status = 'rolled_back' WHERE region_id = ? AND kind = ? AND id > ? AND id <> ? AND status <> 'rolled_back'`, [
          meta.regionId, meta.kind, meta.restoredFrom, versionId,
        ]);
      }
      await tx.run(`UPDATE catalog_versions SET status = 'superseded' WHERE region_id = ? AND kind = ? AND status = 'published' AND id <> ?`, [meta.regionId, meta.kind, versionId]);

      const total = s.added + s.changed;
      const progress = (n: number) => onProgress?.({ phase: 'apply', done: n, total, unit: 'rows' });
      progress(0);
      if (meta.kind === 'catalog') await applyCatalog(tx, meta.regionId, versionId, now, rows as CatalogRow[], diff as Diff<'catalog'>, progress);
      else if (meta.kind === 'institutions') await applyInstitutions(tx, meta.regionId, versionId, now, rows as InstitutionRow[], diff as Diff<'institutions'>, progress);
      else if (meta.kind === 'listed') await applyListed(tx, meta.regionId, versionId, now, rows as ListedRow[], diff as Diff<'listed'>, progress);
      else if (meta.kind === 'aliases') await applyAliases(tx, meta.regionId, versionId, now, rows as AliasRow[], diff as Diff<'aliases'>, progress);
      else {
        // 降价/到货提醒 of this publish go into the outbox in its transaction (repositories/alert-outbox.ts)
        const alerts = await watchOffers(tx, { regionId: meta.regionId }, meta.now);
        await applyPrices(tx, meta.regionId, versionId, now, meta.publisher, rows as PriceRow[], diff as Diff<'prices'>, progress, columns);
        await alerts.finish();
      }
      progress(total);

      await tx.run(`INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`, [
        now, meta.publisher, `${meta.kind}.${meta.restoredFrom !== null ? 'rollback' : 'publish'}`, `${meta.regionSlug}/${meta.kind}/v${versionId}`,
        JSON.stringify({ file: meta.fileName, sha256: meta.sha256, rows: rows.length, added: s.added, changed: s.changed, removed: s.removed,
          skipped: meta.skippedCount, restoredFrom: meta.restoredFrom, previousVersion: previous?.id ?? null, rolledBack }),
      ]);
      return { versionId, previousVersionId: previous?.id ?? null, diff: s, rolledBack };
    });
  if (!db.sqlite) {
    const result = await run();
    // PostgreSQL plans the nearby query from table statistics; right after a large publish they describe
    // the tables as they were (bench: 57.6 ms vs 1.0 ms for the candidate query until autovacuum came by).
    // ANALYZE samples a bounded number of rows (≈ 0.1–0.3 s at 2 M offers), so every publish does it.
    await db.run(`ANALYZE ${ANALYZE_TABLES[meta.kind]}`);
    return result;
  }
  // SQLite: a bigger page cache for the bulk write (index b-trees of offers and price_history)
  const sqlite = db.sqlite;
  const cache = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('cache_size = -262144');
  // Prices: without SQLite's per-row foreign-key checks. Every institution_id and product_id written comes
  // from the region's id maps read inside this transaction (applyPrices), version_id is the row it inserted,
  // and nothing references offers: the checks could only pass, and they were ≈ 2.4 s of a 2 M-row publish's
  // write (3 lookups per offer, 2 per history row). The pragma is a no-op inside a transaction, so it is set
  // on the connection around this one (nothing else runs on it meanwhile: only database work is awaited in
  // the transaction) and restored after it, whatever happens.
  const foreignKeys = meta.kind === 'prices' && !sqlite.inTransaction && sqlite.pragma('foreign_keys', { simple: true }) === 1;
  if (foreignKeys) sqlite.pragma('foreign_keys = OFF');
  try {
    return await run();
  } finally {
    sqlite.pragma(`cache_size = ${cache}`);
    if (foreignKeys) sqlite.pragma('foreign_keys = ON');
  }
}

/** The diff a publish would make, without writing anything. */
export async function previewDiff<K extends FileKind>(db: Db, regionId: number, kind: K, rows: Array<RowOf[K]>): Promise<DiffSummary> {
  return diffRows(kind, await loadLive(db, regionId, kind), rows).summary;
}
