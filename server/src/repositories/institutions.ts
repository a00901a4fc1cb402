import type { InstitutionDetail, InstitutionType, PriceHistoryResponse, RegionPolicy } from '@yaojia/shared';
import { formatYuan, INSTITUTION_TYPE_LABELS } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { toIso } from '../lib/time.js';
import { activeBadges, type OfferRow, toOffer } from './offers.js';
import { concentratedRangeUpper } from './price-range.js';
import { policyOf, regionById } from './regions.js';

interface InstitutionRow {
  id: number;
  regionId: number;
  code: string;
  name: string;
  type: string;
  address: string;
  phone: string | null;
  lat: number;
  lng: number;
  hours: string | null;
  specialDesignated: number;
  removedAt: string | null;
}

export async function institutionRow(db: Db, id: number): Promise<(InstitutionRow & { policy: RegionPolicy; regionSlug: string }) | null> {
  const row = await db.get<InstitutionRow>(
    `SELECT id, region_id AS "regionId", code, name, type, address, phone, lat, lng, hours,
            special_designated AS "specialDesignated", removed_at AS "removedAt"
     FROM institutions WHERE id = ?`,
    [id],
  );
  if (!row || row.removedAt) return null;
  const region = (await regionById(db, row.regionId))!;
  return { ...row, policy: policyOf(region), regionSlug: region.slug };
}

/** The institution as citizens see it, with every current offer. null when unknown or delisted. */
export async function institutionDetail(db: Db, id: number, now = new Date()): Promise<InstitutionDetail | null> {
  const inst = await institutionRow(db, id);
  if (!inst) return null;
  const rows = await db.all<OfferRow>(
    `SELECT o.id AS id, o.selling_price_fen AS "sellingPriceFen", o.online_price_fen AS "onlinePriceFen",
        o.stock_state AS "stockState", o.stock_count AS "stockCount", o.observed_at AS "observedAt",
        p.id AS "productId", p.code AS code, p.product_name AS "productName", p.generic_name AS "genericName", p.spec AS spec,
        p.maker AS maker, p.dosage_form AS "dosageForm", p.min_unit AS "minUnit", p.pack_unit AS "packUnit",
        p.conversion_ratio AS "conversionRatio", p.winning_price_fen AS "winningPriceFen",
        i.id AS "institutionId", i.name AS "institutionName", i.type AS "institutionType", i.address AS address,
        i.phone AS phone, i.lat AS lat, i.lng AS lng, i.city AS city, i.commitment AS commitment, i.price_index_met AS "priceIndexMet"
       FROM offers o JOIN products p ON p.id = o.product_id JOIN institutions i ON i.id = o.institution_id
       WHERE o.institution_id = ? AND p.removed_at IS NULL ORDER BY p.generic_name, p.spec, p.id`,
    [id],
  );
  const badges = (await activeBadges(db, [id])).get(id) ?? [];
  const range =
    inst.policy.retail.kind === 'concentrated_range' ? await concentratedRangeUpper(db, rows.map((r) => r.productId)) : new Map<number, number | null>();
  const offers = rows.map((r) => {
    const { institution: _i, distanceKm: _d, ...rest } = toOffer(r, inst.policy, badges, range, now, null);
    return rest;
  });
  const type = inst.type as InstitutionType;
  return {
    id: inst.id,
    name: inst.name,
    type,
    typeLabel: INSTITUTION_TYPE_LABELS[type] ?? inst.type,
    address: inst.address,
    phone: inst.phone,
    lat: inst.lat,
    lng: inst.lng,
    badges,
    code: inst.code,
    region: inst.regionSlug,
    hours: inst.hours,
    specialDesignated: Boolean(inst.specialDesignated),
    hotline: inst.policy.hotline,
    offers,
  };
}

/**
 * The selling price of one offer over time, from price_history (changes only), one page: `offset` changes
 * skipped from the newest, then `limit` older ones, returned oldest first. null when the institution does
 * not carry it.
 */
export async function priceHistory(db: Db, institutionId: number, code: string, page: { limit?: number; offset?: number } = {}): Promise<PriceHistoryResponse | null> {
  const limit = page.limit ?? 50;
  const offset = page.offset ?? 0;
  const product = await db.get<{ id: number; winningPriceFen: number }>(
    `SELECT p.id AS id, p.winning_price_fen AS "winningPriceFen" FROM products p
     JOIN institutions i ON i.region_id = p.region_id WHERE i.id = ? AND p.code = ?`,
    [institutionId, code],
  );
  if (!product) return null;
  const rows = await db.all<{ s: number; o: number | null; at: string }>(
    `SELECT selling_price_fen AS s, online_price_fen AS o, observed_at AS at FROM price_history
     WHERE institution_id = ? AND product_id = ? ORDER BY observed_at DESC, id DESC LIMIT ? OFFSET ?`,
    [institutionId, product.id, limit, offset],
  );
  let total = (await db.get<{ n: number }>('SELECT count(*) AS n FROM price_history WHERE institution_id = ? AND product_id = ?', [institutionId, product.id]))!.n;
  total = Number(total);
  if (total === 0) {
    const current = await db.get<{ s: number; o: number | null; at: string }>(
      'SELECT selling_price_fen AS s, online_price_fen AS o, observed_at AS at FROM offers WHERE institution_id = ? AND product_id = ?',
      [institutionId, product.id],
    );
    if (!current) return null;
    total = 1;
    if (offset === 0) rows.push(current);
  }
  rows.reverse();
  return {
    winningPrice: formatYuan(product.winningPriceFen),
    total,
    items: rows.map((r) => ({ sellingPrice: formatYuan(r.s), onlinePrice: r.o === null ? null : formatYuan(r.o), observedAt: toIso(r.at) })),
  };
}
