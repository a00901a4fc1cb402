import type { FileKind } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { type Diff, type DiffSummary, diffRows, loadLive } from './diff.js';
import type { CatalogRow, InstitutionRow, OnProgress, PriceRow, RowOf } from './types.js';

type Sql = Db['$client'];

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
/** rows per multi-row INSERT of the prices write */
const CHUNK = 64;

export function currentVersion(sqlite: Sql, regionId: number, kind: FileKind): { id: number; sha256: string; fileName: string; publishedAt: string } | null {
  const r = sqlite
    .prepare(`SELECT id, sha256, file_name AS "fileName", published_at AS "publishedAt" FROM catalog_versions WHERE region_id = ? AND kind = ? AND status = 'published' ORDER BY id DESC LIMIT 1`)
    .get(regionId, kind) as { id: number; sha256: string; fileName: string; publishedAt: string } | undefined;
  return r ?? null;
}

function b(v: boolean): number {
  return v ? 1 : 0;
}

function applyCatalog(sqlite: Sql, regionId: number, versionId: number, now: string, rows: CatalogRow[], diff: Diff<'catalog'>, progress: (n: number) => void): void {
  const upsert = sqlite.prepare(`
    INSERT INTO products (region_id, code, generic_name, product_name, dosage_form, spec, conversion_ratio, min_unit, pack_unit,
      packaging, maker, bidder, winning_price_fen, approval_no, brand_name, recommended, special, therapeutic_area, listed_at, removed_at, version_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
    ON CONFLICT (region_id, code) DO UPDATE SET
      generic_name = excluded.generic_name, product_name = excluded.product_name, dosage_form = excluded.dosage_form,
      spec = excluded.spec, conversion_ratio = excluded.conversion_ratio, min_unit = excluded.min_unit,
      pack_unit = excluded.pack_unit, packaging = excluded.packaging, maker = excluded.maker, bidder = excluded.bidder,
      winning_price_fen = excluded.winning_price_fen, approval_no = excluded.approval_no, brand_name = excluded.brand_name,
      recommended = excluded.recommended, special = excluded.special, therapeutic_area = excluded.therapeutic_area,
      listed_at = CASE WHEN products.removed_at IS NULL THEN products.listed_at ELSE excluded.listed_at END,
      removed_at = NULL, version_id = excluded.version_id`);
  const remove = sqlite.prepare(`UPDATE products SET removed_at = ?, version_id = ? WHERE id = ?`);
  let n = 0;
  for (const i of [...diff.added, ...diff.changed.map((c) => c.index)]) {
    const r = rows[i]!;
    upsert.run(regionId, r.code, r.genericName, r.productName, r.dosageForm, r.spec, r.conversionRatio, r.minUnit, r.packUnit,
      r.packaging, r.maker, r.bidder, r.winningPriceFen, r.approvalNo, r.brandName, b(r.recommended), b(r.special), r.therapeuticArea, now, versionId);
    if (++n % PROGRESS_EVERY === 0) progress(n);
  }
  // 动态更新 (seed 001 三): a product missing from the new list is removed, not deleted — offers and history keep pointing at it
  for (const r of diff.removed) remove.run(now, versionId, r.id);
}

function applyInstitutions(sqlite: Sql, regionId: number, versionId: number, now: string, rows: InstitutionRow[], diff: Diff<'institutions'>, progress: (n: number) => void): void {
  const upsert = sqlite.prepare(`
    INSERT INTO institutions (region_id, code, name, type, credit_code, address, city, district, lat, lng, phone, hours,
      special_designated, commitment, legal_representative, contact_name, joined_at, listed_at, removed_at, version_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
    ON CONFLICT (region_id, code) DO UPDATE SET
      name = excluded.name, type = excluded.type, credit_code = excluded.credit_code, address = excluded.address,
      city = excluded.city, district = excluded.district, lat = excluded.lat, lng = excluded.lng, phone = excluded.phone,
      hours = excluded.hours, special_designated = excluded.special_designated, commitment = excluded.commitment,
      legal_representative = excluded.legal_representative, contact_name = excluded.contact_name, joined_at = excluded.joined_at,
      listed_at = CASE WHEN institutions.removed_at IS NULL THEN institutions.listed_at ELSE excluded.listed_at END,
      removed_at = NULL,
      -- admitted by command (version_id NULL): a file may update its details, but it stays the command's to remove
      version_id = CASE WHEN institutions.version_id IS NULL AND institutions.removed_at IS NULL THEN NULL ELSE excluded.version_id END
    RETURNING id`);
  const remove = sqlite.prepare(`UPDATE institutions SET removed_at = ?, version_id = ? WHERE id = ?`);
  const activeBadges = sqlite.prepare(`SELECT id, kind FROM badges WHERE institution_id = ? AND removed_at IS NULL`);
  const dropBadge = sqlite.prepare(`UPDATE badges SET removed_at = ?, reason = ? WHERE id = ?`);
  const grantBadge = sqlite.prepare(`INSERT INTO badges (institution_id, kind, granted_at, reason) VALUES (?, ?, ?, ?)`);
  const reason = `bureau:${versionId}`;
  let n = 0;
  for (const i of [...diff.added, ...diff.changed.map((c) => c.index)]) {
    const r = rows[i]!;
    const { id } = upsert.get(regionId, r.code, r.name, r.type, r.creditCode, r.address, r.city, r.district, r.lat, r.lng, r.phone, r.hours,
      b(r.specialDesignated), r.commitment, r.legalRepresentative, r.contactName, r.joinedAt, now, versionId) as { id: number };
    // a badge granted or revoked by command is not undone by a file (diff.badgeHeld, reported as a warning)
    if (r.badge !== undefined && !diff.badgeHeld.has(i)) {
      const active = activeBadges.all(id) as Array<{ id: number; kind: string }>;
      for (const a of active) if (a.kind !== r.badge) dropBadge.run(now, reason, a.id);
      if (r.badge && !active.some((a) => a.kind === r.badge)) grantBadge.run(id, r.badge, now, reason);
    }
    if (++n % PROGRESS_EVERY === 0) progress(n);
  }
  for (const r of diff.removed) {
    remove.run(now, versionId, r.id);
    // an institution that leaves 三进 loses its badge with it
    for (const a of activeBadges.all(r.id) as Array<{ id: number }>) dropBadge.run(now, `${reason} institution removed`, a.id);
  }
}

function applyPrices(sqlite: Sql, regionId: number, versionId: number, now: string, publisher: string, rows: PriceRow[], diff: Diff<'prices'>, progress: (n: number) => void): void {
  const institutionIds = new Map(
    (sqlite.prepare(`SELECT code, id FROM institutions WHERE region_id = ? AND removed_at IS NULL`).raw(true).all(regionId) as Array<[string, number]>),
  );
  const productIds = new Map(
    (sqlite.prepare(`SELECT code, id FROM products WHERE region_id = ? AND removed_at IS NULL`).raw(true).all(regionId) as Array<[string, number]>),
  );
  // multi-row statements: one call (and one sqlite_sequence update, AUTOINCREMENT) per CHUNK rows instead of per row;
  // rows keep the file's order, so ids come out as they would one row at a time
  const upsertSql = (n: number) => `
    INSERT INTO offers (institution_id, product_id, selling_price_fen, online_price_fen, stock_state, stock_count, observed_at, recorded_at, source, version_id)
    VALUES ${new Array(n).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
    ON CONFLICT (institution_id, product_id) DO UPDATE SET
      selling_price_fen = excluded.selling_price_fen, online_price_fen = excluded.online_price_fen, stock_state = excluded.stock_state,
      stock_count = excluded.stock_count, observed_at = excluded.observed_at, recorded_at = excluded.recorded_at,
      source = excluded.source, version_id = excluded.version_id`;
  const historySql = (n: number) => `
    INSERT INTO price_history (institution_id, product_id, selling_price_fen, online_price_fen, observed_at, recorded_at, source, recorded_by)
    VALUES ${new Array(n).fill('(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
  const batch = (sql: (n: number) => string, width: number) => {
    const full = sqlite.prepare(sql(CHUNK));
    const params: unknown[] = [];
    return {
      params,
      add() {
        if (params.length === CHUNK * width) {
          full.run(params);
          params.length = 0;
        }
      },
      flush() {
        if (params.length) sqlite.prepare(sql(params.length / width)).run(params);
        params.length = 0;
      },
    };
  };
  const offers = batch(upsertSql, 10);
  const histories = batch(historySql, 8);
  const history = sqlite.prepare(historySql(1));
  const remove = sqlite.prepare(`DELETE FROM offers WHERE id = ?`);
  const seen = sqlite.prepare(`SELECT 1 FROM price_history WHERE institution_id = ? AND product_id = ? AND observed_at = ? AND selling_price_fen = ? AND online_price_fen IS ?`);
  const source = `bureau:${versionId}`;
  const write = (r: PriceRow, priceChanged: boolean) => {
    const institutionId = institutionIds.get(r.institutionCode);
    const productId = productIds.get(r.productCode);
    if (institutionId === undefined || productId === undefined) {
      // validated before the transaction; a concurrent catalog/institutions publish could still remove one
      throw new Error(`${r.institutionCode} × ${r.productCode}: institution or product no longer live in the region`);
    }
    const observedAt = r.observedAt ?? now;
    offers.add();
    offers.params.push(institutionId, productId, r.sellingPriceFen, r.onlinePriceFen, r.stockState, r.stockCount, observedAt, now, source, versionId);
    // a price is an observation: every new price is appended, never overwritten
    if (priceChanged) {
      histories.add();
      histories.params.push(institutionId, productId, r.sellingPriceFen, r.onlinePriceFen, observedAt, now, source, publisher);
    }
  };
  let n = 0;
  for (const i of diff.added) {
    write(rows[i]!, true);
    if (++n % PROGRESS_EVERY === 0) progress(n);
  }
  for (const c of diff.changed) {
    write(rows[c.index]!, c.fields.includes('sellingPriceFen') || c.fields.includes('onlinePriceFen'));
    if (++n % PROGRESS_EVERY === 0) progress(n);
  }
  offers.flush();
  histories.flush();
  // the pharmacy's own price is newer: it stays current; the file's older observation still goes into the history
  for (const k of diff.olderThanPharmacy) {
    const r = rows[k.index]!;
    const institutionId = institutionIds.get(r.institutionCode);
    const productId = productIds.get(r.productCode);
    if (institutionId === undefined || productId === undefined) throw new Error(`${r.institutionCode} × ${r.productCode}: institution or product no longer live in the region`);
    const observedAt = r.observedAt ?? now;
    if (!seen.get(institutionId, productId, observedAt, r.sellingPriceFen, r.onlinePriceFen)) {
      history.run(institutionId, productId, r.sellingPriceFen, r.onlinePriceFen, observedAt, now, source, publisher);
    }
  }
  // offers absent from the new file stop being offered (those the pharmacy priced itself stay: diffRows); their price_history stays
  for (const r of diff.removed) remove.run(r.id);
}

/**
 * Diffs against what is live and applies the rows, all inside one SQLite transaction: a failure or a
 * killed process leaves the previous version serving. Writes the catalog_versions row, supersedes
 * the previous one (or, for a rollback, marks the versions after the restored one rolled_back), and
 * appends to audit_log.
 */
export function applyVersion<K extends FileKind>(db: Db, meta: VersionMeta & { kind: K }, rows: Array<RowOf[K]>, onProgress?: OnProgress): ApplyResult {
  const sqlite = db.$client;
  const now = meta.now.toISOString();
  const tx = sqlite.transaction((): ApplyResult => {
    const previous = currentVersion(sqlite, meta.regionId, meta.kind);
    onProgress?.({ phase: 'diff', done: 0, total: rows.length, unit: 'rows' });
    const live = loadLive(sqlite, meta.regionId, meta.kind);
    const diff = diffRows(meta.kind, live, rows);
    const s = diff.summary;
    const info = sqlite
      .prepare(`INSERT INTO catalog_versions (region_id, kind, file_name, sha256, row_count, added_count, removed_count, changed_count, skipped_count,
        publisher, published_at, status, restored_from, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'published', ?, ?)`)
      .run(meta.regionId, meta.kind, meta.fileName, meta.sha256, rows.length, s.added, s.removed, s.changed, meta.skippedCount, meta.publisher, now, meta.restoredFrom, meta.snapshot);
    const versionId = Number(info.lastInsertRowid);
    let rolledBack: number[] = [];
    if (meta.restoredFrom !== null) {
      rolledBack = (sqlite
        .prepare(`SELECT id FROM catalog_versions WHERE region_id = ? AND kind = ? AND id > ? AND id <> ? AND status <> 'rolled_back'`)
        .raw(true)
        .all(meta.regionId, meta.kind, meta.restoredFrom, versionId) as Array<[number]>).map((r) => r[0]);
      sqlite
        .prepare(`UPDATE catalog_versions SET status = 'rolled_back' WHERE region_id = ? AND kind = ? AND id > ? AND id <> ? AND status <> 'rolled_back'`)
        .run(meta.regionId, meta.kind, meta.restoredFrom, versionId);
    }
    sqlite
      .prepare(`UPDATE catalog_versions SET status = 'superseded' WHERE region_id = ? AND kind = ? AND status = 'published' AND id <> ?`)
      .run(meta.regionId, meta.kind, versionId);

    const total = s.added + s.changed;
    const progress = (n: number) => onProgress?.({ phase: 'apply', done: n, total, unit: 'rows' });
    progress(0);
    if (meta.kind === 'catalog') applyCatalog(sqlite, meta.regionId, versionId, now, rows as CatalogRow[], diff as Diff<'catalog'>, progress);
    else if (meta.kind === 'institutions') applyInstitutions(sqlite, meta.regionId, versionId, now, rows as InstitutionRow[], diff as Diff<'institutions'>, progress);
    else applyPrices(sqlite, meta.regionId, versionId, now, meta.publisher, rows as PriceRow[], diff as Diff<'prices'>, progress);
    progress(total);

    sqlite
      .prepare(`INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`)
      .run(now, meta.publisher, `${meta.kind}.${meta.restoredFrom !== null ? 'rollback' : 'publish'}`, `${meta.regionSlug}/${meta.kind}/v${versionId}`,
        JSON.stringify({ file: meta.fileName, sha256: meta.sha256, rows: rows.length, added: s.added, changed: s.changed, removed: s.removed,
          skipped: meta.skippedCount, restoredFrom: meta.restoredFrom, previousVersion: previous?.id ?? null, rolledBack }));
    return { versionId, previousVersionId: previous?.id ?? null, diff: s, rolledBack };
  });
  // a bigger page cache for the bulk write (index b-trees of offers and price_history)
  const cache = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('cache_size = -262144');
  try {
    return tx.immediate();
  } finally {
    sqlite.pragma(`cache_size = ${cache}`);
  }
}

/** The diff a publish would make, without writing anything. */
export function previewDiff<K extends FileKind>(db: Db, regionId: number, kind: K, rows: Array<RowOf[K]>): DiffSummary {
  return diffRows(kind, loadLive(db.$client, regionId, kind), rows).summary;
}
