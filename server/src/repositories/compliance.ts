import {
  type BadgeKind,
  type Commitment,
  type ComplianceOfferInput,
  type ComplianceResponse,
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
 * The self-check of one institution: its offers (including those whose product left the region's list,
 * which the citizen view hides), badges and the region's policy, run through complianceChecklist.
 * The 量价比较指数 verdict is not in our data yet, so it is passed as unknown (the accepted commitment stands).
 */
export function institutionCompliance(db: Db, institutionId: number, now = new Date()): ComplianceResponse | null {
  const inst = db.$client
    .prepare(
      `SELECT id, region_id AS regionId, type, commitment, city, special_designated AS specialDesignated
       FROM institutions WHERE id = ? AND removed_at IS NULL`,
    )
    .get(institutionId) as InstitutionFacts | undefined;
  if (!inst) return null;
  const region = regionById(db, inst.regionId)!;
  const policy = policyOf(region);
  const rows = db.$client
    .prepare(
      `SELECT p.id AS productId, p.code, p.product_name AS productName, p.generic_name AS genericName, p.spec,
              o.selling_price_fen AS sellingFen, o.online_price_fen AS onlineFen, p.winning_price_fen AS winningFen,
              p.recommended, p.special, p.removed_at AS removedAt, o.stock_state AS stock, o.observed_at AS observedAt
       FROM offers o JOIN products p ON p.id = o.product_id
       WHERE o.institution_id = ? ORDER BY p.generic_name, p.spec`,
    )
    .all(institutionId) as OfferFacts[];
  const range = policy.retail.kind === 'concentrated_range' ? concentratedRangeUpper(db, rows.map((r) => r.productId)) : new Map<number, number | null>();
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
  const badges = (activeBadges(db, [inst.id]).get(inst.id) ?? []).map((b) => b.kind as BadgeKind);
  const items = complianceChecklist({
    policy,
    institution: {
      type: inst.type as InstitutionType,
      commitment: inst.commitment as Commitment | null,
      city: inst.city,
      specialDesignated: Boolean(inst.specialDesignated),
      priceLevelWithinIndex: null,
      badges,
    },
    offers,
    now,
  });
  return { institutionId: inst.id, region: region.slug, generatedAt: now.toISOString(), passed: items.every((i) => i.passed), items };
}
