import {
  explainRulesFor,
  type Commitment,
  INSTITUTION_TYPE_LABELS,
  type InstitutionType,
  type MeResponse,
  type MyOffer,
  type MyOfferPatch,
  parseYuan,
  type StockState,
  type UploadResult,
  type AdjustToCapResult,
} from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { BadRequestError } from '../errors.js';
import type { ParsedUpload } from '../ingest/types.js';
import type { AuthedInstitution, AuthedToken } from './tokens.js';
import { watchOffers } from './alert-outbox.js';
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
    rules: explainRulesFor(policy, type),
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

/** a price the route has checked (myOfferPatchProblem), in fen */
const fenOf = (value: string): number => parseYuan(value)!;

interface CurrentOffer {
  offerId: number;
  productId: number;
  sellingPriceFen: number;
  onlinePriceFen: number | null;
  stockState: string;
  stockCount: number | null;
}

/**
 * One edit of one offer by the institution (checked by myOfferPatchProblem first): selling price, online price, stock. One transaction; when a
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

  const selling = patch.sellingPrice !== undefined ? fenOf(patch.sellingPrice) : current.sellingPriceFen;
  const online = patch.onlinePrice === undefined ? current.onlinePriceFen : patch.onlinePrice === null ? null : fenOf(patch.onlinePrice);
  let stockCount = patch.stockCount !== undefined ? patch.stockCount : patch.stockState !== undefined ? null : current.stockCount;
  let stockState = patch.stockState ?? (patch.stockCount != null ? stockStateOf(patch.stockCount) : (current.stockState as StockState));
  if (stockState === 'out_of_stock' && stockCount === null && patch.stockState !== undefined) stockCount = 0;
  stockState = stockState ?? 'unknown';

  const priceRecorded = patch.sellingPrice !== undefined || patch.onlinePrice !== undefined;
  const at = now.toISOString();
  await db.transaction(async (tx) => {
    // 降价/到货提醒: notifications go into the outbox in this transaction (repositories/alert-outbox.ts)
    const alerts = await watchOffers(tx, { institutionId: inst.id }, now);
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
    await alerts.finish();
  });
  return { offer: (await myOffer(db, inst.id, code, now))!, priceRecorded };
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
    const alerts = await watchOffers(tx, { institutionId: inst.id }, now);
    for (const r of rows) {
      const p = await tx.get<{ id: number }>('SELECT id FROM products WHERE region_id = ? AND code = ? AND removed_at IS NULL', [
        inst.regionId,
        r.productCode,
      ]);
      if (!p) throw new BadRequestError(`药品 ${r.productCode} 在上传期间已移出目录，本次上传未做任何修改，请核对后重新上传`);
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
    await alerts.finish();
  });
  return result;
}

/**
 * 一键按规定价调整: every previewed offer still above its cap is set to the cap (the online price too when
 * it is above), in one transaction, each change appended to the price history. The cap is the one the
 * public page judges by (the listing's markup), read again here, so a preview made before a publish cannot
 * set a price the rule no longer allows.
 */
export async function adjustToCap(db: Db, inst: AuthedInstitution, codes: string[], now = new Date()): Promise<AdjustToCapResult> {
  const detail = await institutionDetail(db, inst.id, now);
  const byCode = new Map((detail?.offers ?? []).map((o) => [o.product.code, o]));
  const adjusted: AdjustToCapResult['adjusted'] = [];
  const skipped: AdjustToCapResult['skipped'] = [];
  const at = now.toISOString();
  await db.transaction(async (tx) => {
    // a price lowered to the cap may cross a 降价提醒 line: into the outbox in this transaction
    const alerts = await watchOffers(tx, { institutionId: inst.id }, now);
    for (const code of [...new Set(codes.map((c) => c.trim().toUpperCase()))]) {
      const o = byCode.get(code);
      if (!o) {
        skipped.push({ code, reason: '本机构没有上报这个药品' });
        continue;
      }
      if (o.markup.status !== 'above_rule') {
        skipped.push({ code, reason: '价格已在规定以内' });
        continue;
      }
      const cap = parseYuan(o.markup.cap)!;
      const online = o.onlinePrice === null ? null : Math.min(parseYuan(o.onlinePrice) ?? cap, cap);
      const cur = (await tx.get<{ id: number; productId: number }>(
        `SELECT o.id, o.product_id AS "productId" FROM offers o JOIN products p ON p.id = o.product_id
         WHERE o.institution_id = ? AND p.code = ? AND p.region_id = ? AND p.removed_at IS NULL`,
        [inst.id, code, inst.regionId],
      ))!;
      await tx.run(
        `UPDATE offers SET selling_price_fen = ?, online_price_fen = ?, observed_at = ?, recorded_at = ?, source = ?, version_id = NULL WHERE id = ?`,
        [cap, online, at, at, PHARMACY_SOURCE, cur.id],
      );
      await tx.run(
        `INSERT INTO price_history (institution_id, product_id, selling_price_fen, online_price_fen, observed_at, recorded_at, source, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [inst.id, cur.productId, cap, online, at, at, PHARMACY_SOURCE, recordedBy(inst)],
      );
      adjusted.push({ code, from: o.sellingPrice, to: o.markup.cap });
    }
    await alerts.finish();
  });
  return { adjusted, skipped };
}
