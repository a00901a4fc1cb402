import {
  type BadgeKind,
  type Commitment,
  type ComplianceInput,
  type ComplianceOfferInput,
  type ComplianceResponse,
  badgeEligibility,
  type BadgeEligibility,
  complianceChecklist,
  type InstitutionType,
  type StockState,
} from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { toIso } from '../lib/time.js';
import { activeBadges } from './offers.js';
import { concentratedRangeUpper } from './price-range.js';
import { policyOf, regionById } from './regions.js';

interface InstitutionFacts {
  id: number;
  regionId: number;
  type: string;
  commitment: string | null;
  city: string | null;
  specialDesignated: number;
  priceIndexMet: number | boolean | null;
}

interface OfferFacts {
  productId: number;
  code: string;
  productName: string;
  genericName: string;
  spec: string;
  sellingFen: number;
  onlineFen: number | null;
  winningFen: number;
  recommended: number;
  special: number;
  removedAt: string | null;
  stock: string;
  observedAt: string;
}

/**
 * What the policy rules need to judge one institution: its offers (including those whose product left the
 * region's list, which the citizen view hides), badges, the 量价比较指数 verdict the bureau recorded
 * (null 未评定: the accepted commitment stands) and the region's policy.
 */
export async function complianceInput(db: Db, institutionId: number, now = new Date()): Promise<(ComplianceInput & { regionSlug: string }) | null> {
  const inst = await db.get<InstitutionFacts>(
    `SELECT id, region_id AS "regionId", type, commitment, city, special_designated AS "specialDesignated", price_index_met AS "priceIndexMet"
     FROM institutions WHERE id = ? AND removed_at IS NULL`,
    [institutionId],
  );
  if (!inst) return null;
  const region = (await regionById(db, inst.regionId))!;
  const policy = policyOf(region);
  const rows = await db.all<OfferFacts>(
    `SELECT p.id AS "productId", p.code, p.product_name AS "productName", p.generic_name AS "genericName", p.spec,
            o.selling_price_fen AS "sellingFen", o.online_price_fen AS "onlineFen", p.winning_price_fen AS "winningFen",
            p.recommended, p.special, p.removed_at AS "removedAt", o.stock_state AS stock, o.observed_at AS "observedAt"
     FROM offers o JOIN products p ON p.id = o.product_id
     WHERE o.institution_id = ? ORDER BY p.generic_name, p.spec, p.id`,
    [institutionId],
  );
  const range =
    policy.retail.kind === 'concentrated_range' ? await concentratedRangeUpper(db, rows.map((r) => r.productId)) : new Map<number, number | null>();
  const offers: ComplianceOfferInput[] = rows.map((r) => ({
    code: r.code,
    productName: r.productName,
    genericName: r.genericName,
    spec: r.spec,
    sellingFen: r.sellingFen,
    onlineFen: r.onlineFen,
    winningFen: r.winningFen,
    recommended: Boolean(r.recommended),
    special: Boolean(r.special),
    inCatalog: r.removedAt === null,
    stock: r.stock as StockState,
    observedAt: toIso(r.observedAt),
    concentratedRangeUpperFen: range.get(r.productId) ?? null,
  }));
  const badges = ((await activeBadges(db, [inst.id])).get(inst.id) ?? []).map((b) => b.kind as BadgeKind);
  return {
    regionSlug: region.slug,
    policy,
    institution: {
      type: inst.type as InstitutionType,
      commitment: inst.commitment as Commitment | null,
      city: inst.city,
      specialDesignated: Boolean(inst.specialDesignated),
      priceLevelWithinIndex: inst.priceIndexMet === null ? null : Boolean(inst.priceIndexMet),
      badges,
    },
    offers,
    now,
  };
}

/** The self-check of one institution: complianceChecklist over its complianceInput. */
export async function institutionCompliance(db: Db, institutionId: number, now = new Date()): Promise<ComplianceResponse | null> {
  const input = await complianceInput(db, institutionId, now);
  if (!input) return null;
  const items = complianceChecklist(input);
  return { institutionId, region: input.regionSlug, generatedAt: now.toISOString(), passed: items.every((i) => i.passed), items };
}

export interface BadgeReviewRow extends BadgeEligibility {
  institutionId: number;
  code: string;
  name: string;
  region: string;
}

/**
 * Institutions holding a badge that no longer qualify for it. 002 三(四): 对中选药品配备数量未达到条件或未规范执行
 * 价格政策的“集采便民药店”，经约谈整改不到位的摘除标识牌 — so the list is for the bureau to interview and then
 * revoke (`pnpm admin badge review --apply` revokes at once, for when the interview already happened).
 */
export async function badgeReview(db: Db, opts: { region?: string } = {}, now = new Date()): Promise<BadgeReviewRow[]> {
  const holders = await db.all<{ id: number; code: string; name: string; region: string }>(
    `SELECT DISTINCT i.id, i.code, i.name, r.slug AS region FROM badges b
     JOIN institutions i ON i.id = b.institution_id JOIN regions r ON r.id = i.region_id
     WHERE b.removed_at IS NULL AND i.removed_at IS NULL AND (CAST(? AS TEXT) IS NULL OR r.slug = ?)
     ORDER BY r.slug, i.code`,
    [opts.region ?? null, opts.region ?? null],
  );
  const out: BadgeReviewRow[] = [];
  for (const h of holders) {
    const input = await complianceInput(db, h.id, now);
    if (!input) continue;
    const e = badgeEligibility(input);
    if (e.holds && !e.qualifies) out.push({ institutionId: h.id, code: h.code, name: h.name, region: h.region, ...e });
  }
  return out;
}
