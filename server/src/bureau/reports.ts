import { REPORT_KINDS, stripControlChars, type ReportKind } from '@yaojia/shared';
import { photosOf, type PhotoRow } from '../repositories/photos.js';
import type { Db } from '../db/client.js';
import { nowIso } from '../lib/time.js';
import { appendAudit } from './audit.js';
import { BureauError } from '../errors.js';

/** An institution with this many confirmed reports is flagged on the bureau's list (for 约谈). */
export const CONFIRMED_FLAG_THRESHOLD = 3;

export interface InstitutionReports {
  institutionId: number;
  code: string;
  name: string;
  region: string;
  total: number;
  open: number;
  confirmed: number;
  rejected: number;
  byKind: Record<ReportKind, number>;
  flagged: boolean;
  latestAt: string;
}

/** Reports grouped by institution, most open first; flagged when confirmed ≥ CONFIRMED_FLAG_THRESHOLD. */
export async function reportsByInstitution(db: Db, opts: { region?: string; status?: 'open' | 'resolved' } = {}): Promise<InstitutionReports[]> {
  const rows = await db.all<{
    institutionId: number; code: string; name: string; region: string; kind: ReportKind; status: string; resolution: string | null; createdAt: string;
  }>(
    `SELECT r.institution_id AS "institutionId", i.code, i.name, g.slug AS region, r.kind, r.status, r.resolution, r.created_at AS "createdAt"
     FROM reports r JOIN institutions i ON i.id = r.institution_id JOIN regions g ON g.id = i.region_id
     WHERE (CAST(? AS TEXT) IS NULL OR g.slug = ?) ORDER BY r.id`,
    [opts.region ?? null, opts.region ?? null],
  );
  const by = new Map<number, InstitutionReports>();
  for (const r of rows) {
    let g = by.get(r.institutionId);
    if (!g) {
      g = {
        institutionId: r.institutionId, code: r.code, name: r.name, region: r.region, total: 0, open: 0, confirmed: 0, rejected: 0,
        byKind: Object.fromEntries(REPORT_KINDS.map((k) => [k, 0])) as Record<ReportKind, number>, flagged: false, latestAt: r.createdAt,
      };
      by.set(r.institutionId, g);
    }
    g.total++;
    g.byKind[r.kind] = (g.byKind[r.kind] ?? 0) + 1;
    if (r.status === 'open') g.open++;
    if (r.resolution === 'confirmed') g.confirmed++;
    if (r.resolution === 'rejected') g.rejected++;
    if (r.createdAt > g.latestAt) g.latestAt = r.createdAt;
  }
  const list = [...by.values()];
  for (const g of list) g.flagged = g.confirmed >= CONFIRMED_FLAG_THRESHOLD;
  const filtered = opts.status === 'open' ? list.filter((g) => g.open > 0) : opts.status === 'resolved' ? list.filter((g) => g.total > g.open) : list;
  return filtered.sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.open - a.open || b.total - a.total || a.code.localeCompare(b.code));
}

export interface ReportDetail {
  reference: string;
  kind: ReportKind;
  status: string;
  resolution: string | null;
  resolutionNote: string | null;
  /** what the citizen reads with the reference (GET /api/v1/reports/:reference) */
  publicNote: string | null;
  note: string | null;
  observedPriceFen: number | null;
  createdAt: string;
  resolvedAt: string | null;
  institution: { id: number; code: string; name: string; region: string; address: string };
  product: { code: string; productName: string; spec: string; maker: string; winningPriceFen: number; sellingPriceFen: number | null } | null;
  /** the citizen's photos (re-encoded JPEGs), paths relative to UPLOAD_DIR */
  photos: PhotoRow[];
}

export async function reportDetail(db: Db, reference: string): Promise<ReportDetail> {
  const r = await db.get<
    Omit<ReportDetail, 'institution' | 'product' | 'photos'> & { id: number; productId: number | null; iid: number; icode: string; iname: string; iaddress: string; region: string }
  >(
    `SELECT r.id, r.reference, r.kind, r.status, r.resolution, r.resolution_note AS "resolutionNote", r.public_note AS "publicNote", r.note, r.observed_price_fen AS "observedPriceFen",
            r.created_at AS "createdAt", r.resolved_at AS "resolvedAt", r.product_id AS "productId",
            i.id AS iid, i.code AS icode, i.name AS iname, i.address AS iaddress, g.slug AS region
     FROM reports r JOIN institutions i ON i.id = r.institution_id JOIN regions g ON g.id = i.region_id WHERE r.reference = ?`,
    [reference],
  );
  if (!r) throw new BureauError(`no report ${reference}`);
  const product = r.productId
    ? await db.get<NonNullable<ReportDetail['product']>>(
        `SELECT p.code, p.product_name AS "productName", p.spec, p.maker, p.winning_price_fen AS "winningPriceFen",
                (SELECT selling_price_fen FROM offers o WHERE o.product_id = p.id AND o.institution_id = ?) AS "sellingPriceFen"
         FROM products p WHERE p.id = ?`,
        [r.iid, r.productId],
      )
    : null;
  return {
    reference: r.reference, kind: r.kind, status: r.status, resolution: r.resolution, resolutionNote: r.resolutionNote, publicNote: r.publicNote, note: r.note,
    observedPriceFen: r.observedPriceFen, createdAt: r.createdAt, resolvedAt: r.resolvedAt,
    institution: { id: r.iid, code: r.icode, name: r.iname, region: r.region, address: r.iaddress },
    product: product ?? null,
    photos: await photosOf(db, { kind: 'report', id: r.id }),
  };
}

/** Records the bureau's finding on a report. A resolved report may be re-resolved (the audit log keeps both). */
export async function resolveReport(
  db: Db,
  opts: { reference: string; resolution: 'confirmed' | 'rejected'; note: string; publicNote?: string | null; actor: string },
): Promise<ReportDetail> {
  if (!opts.note.trim()) throw new BureauError('--note is required: say what was found');
  const publicNote = opts.publicNote?.trim() ? stripControlChars(opts.publicNote.trim()) : null;
  const before = await reportDetail(db, opts.reference);
  await db.transaction(async (tx) => {
    await tx.run(`UPDATE reports SET status = 'resolved', resolution = ?, resolution_note = ?, public_note = ?, resolved_at = ? WHERE reference = ?`, [
      opts.resolution,
      opts.note,
      publicNote,
      nowIso(),
      opts.reference,
    ]);
    await appendAudit(tx, opts.actor, 'reports.resolve', opts.reference, {
      resolution: opts.resolution, note: opts.note, publicNote, previous: before.resolution, institution: `${before.institution.region}/${before.institution.code}`,
    });
  });
  return reportDetail(db, opts.reference);
}
