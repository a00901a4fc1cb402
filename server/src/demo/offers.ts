import { type Fen, type InstitutionType, isPublicPrimary, isRetail } from '@yaojia/shared';
import { type DemoRegionSlug } from './places.js';
import type { DemoCatalogRow } from './catalog.js';
import type { DemoInstitution } from './institutions.js';
import { Rng } from './random.js';

/** Demo selling prices: each institution's offers, drawn around the 中选价 in the bands the seeds allow. */
export type DemoPriceClass = 'equal' | 'below' | 'within_15' | 'above_15';

export interface DemoOffer {
  institutionCode: string;
  productCode: string;
  sellingPrice: Fen;
  winningPrice: Fen;
  onlinePrice: Fen | null;
  stock: number;
  observedAt: Date;
  /** selling price against 中选价: equal, below, up to +15 % (the loosest rule, 江西), above +15 % */
  priceClass: DemoPriceClass;
}

/** the class of a selling price against the winning price, +15 % being the loosest regional rule */
export function classifyDemoPrice(selling: Fen, winning: Fen): DemoPriceClass {
  if (selling === winning) return 'equal';
  if (selling < winning) return 'below';
  return selling * 100 <= winning * 115 ? 'within_15' : 'above_15';
}

const OFFER_RANGE: Record<InstitutionType, [number, number]> = {
  // numbers of generics (by 通用名); pharmacies end up with 50–120 products
  retail_chain: [55, 105],
  retail_single: [50, 85],
  private_tertiary: [85, 130],
  private_other: [50, 75],
  township_health_center: [40, 75],
  community_health_station: [30, 60],
  village_clinic: [20, 36],
};
const MAX_PRODUCTS: Partial<Record<InstitutionType, number>> = { retail_chain: 120, retail_single: 120, village_clinic: 40 };
const PRIMARY_AREAS = new Set(['心脑血管', '内分泌及代谢', '全身用抗感染', '消化系统', '呼吸系统', '神经精神']);

function drawSellingPrice(rng: Rng, inst: DemoInstitution, slug: DemoRegionSlug, winning: Fen): Fen {
  let kind: 'equal' | 'below' | 'within' | 'above';
  if (isPublicPrimary(inst.type)) {
    // 零差率: exactly the 中选价, with a few violations
    kind = rng.weighted({ equal: 0.975, within: 0.018, above: 0.007 });
  } else if (!isRetail(inst.type)) {
    // 民营医疗机构: at most the 中选价 (000, 001)
    kind = inst.profile === 'overcharger' ? rng.weighted({ equal: 0.4, within: 0.3, above: 0.3 }) : rng.weighted({ equal: 0.74, below: 0.22, within: 0.025, above: 0.015 });
  } else if (inst.profile === 'overcharger') {
    kind = rng.weighted({ equal: 0.3, within: 0.35, above: 0.35 });
  } else {
    const markup = inst.commitment === '按不高于中选价加价15%销售';
    const within = markup ? 0.45 : slug === 'shanxi' ? 0.06 : 0.12;
    kind = rng.weighted({ equal: 0.7 - within * 0.6, below: 0.3 - within * 0.4, within, above: 0.025 });
  }
  const roundTo = (fen: number, mode: 'floor' | 'ceil') => {
    // shelf prices over 5 yuan end in a whole 角
    const step = fen >= 500 ? 10 : 1;
    return (mode === 'floor' ? Math.floor(fen / step) : Math.ceil(fen / step)) * step;
  };
  switch (kind) {
    case 'equal':
      return winning;
    case 'below':
      return Math.max(1, Math.min(winning - 1, roundTo(winning * rng.between(0.86, 0.99), 'floor')));
    case 'within':
      return Math.max(winning + 1, Math.min(Math.floor((winning * 115) / 100), roundTo(winning * rng.between(1.02, 1.15), 'floor')));
    case 'above':
      return Math.max(Math.floor((winning * 115) / 100) + 1, roundTo(winning * rng.between(1.2, 1.8), 'ceil'));
  }
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const BEIJING = 8 * HOUR;

/** a moment `daysAgo` days before `now`, between 08:00 and 21:30 Beijing time, never after `now` */
function workingHoursTime(rng: Rng, now: Date, daysAgo: number): Date {
  const midnight = Math.floor((now.getTime() + BEIJING) / DAY) * DAY - BEIJING; // Beijing midnight today
  let t = midnight - daysAgo * DAY + rng.between(8, 21.5) * HOUR;
  if (t > now.getTime()) t -= DAY;
  return new Date(Math.floor(t / 60_000) * 60_000);
}

export function buildOffers(rng: Rng, slug: DemoRegionSlug, catalog: DemoCatalogRow[], institutions: DemoInstitution[], now: Date): DemoOffer[] {
  const byGeneric = new Map<string, DemoCatalogRow[]>();
  for (const row of catalog) byGeneric.set(row.drug.genericName, [...(byGeneric.get(row.drug.genericName) ?? []), row]);
  const generics = [...byGeneric.values()];
  const offers: DemoOffer[] = [];

  for (const inst of institutions) {
    const primary = isPublicPrimary(inst.type);
    const eligible = generics.filter((rows) => {
      const drug = rows[0]!.drug;
      // 沈阳: 特药 only at institutions designated for them (003); kept the same in 山西 for realism
      if (drug.special && !inst.specialDesignated) return false;
      if (primary && (drug.therapeuticArea === '肿瘤' || rows.every((r) => r.winningPrice > 10000))) return false;
      return true;
    });
    // weighted order without replacement (Efraimidis–Spirakis): recommended and common areas first
    const ordered = eligible
      .map((rows) => {
        const drug = rows[0]!.drug;
        let w = drug.recommended ? 2.4 : 1;
        if (PRIMARY_AREAS.has(drug.therapeuticArea)) w *= primary ? 2 : 1.3;
        return { rows, key: Math.log(rng.float() || Number.MIN_VALUE) / w };
      })
      .sort((a, b) => b.key - a.key);
    const [min, max] = OFFER_RANGE[inst.type];
    const target = rng.int(min, max);
    const maxProducts = MAX_PRODUCTS[inst.type] ?? Infinity;

    // an institution updates its prices in one go, mostly; about one in twelve has not for over a month
    const stale = rng.chance(0.08);
    const baseDaysAgo = stale ? rng.int(35, 120) : rng.int(0, 10);
    const chosen: DemoCatalogRow[] = [];
    for (const { rows } of ordered.slice(0, target)) {
      if (chosen.length >= maxProducts) break;
      const first = rng.pick(rows);
      chosen.push(first);
      const second = rows.find((r) => r !== first);
      if (second && chosen.length < maxProducts && rng.chance(inst.type === 'private_tertiary' ? 0.35 : 0.15)) chosen.push(second);
    }
    for (const row of chosen) {
      const sellingPrice = drawSellingPrice(rng, inst, slug, row.winningPrice);
      const stockDraw = rng.float();
      const stock = stockDraw < 0.06 ? 0 : stockDraw < 0.16 ? rng.int(1, 5) : inst.type === 'village_clinic' ? rng.int(6, 40) : rng.int(6, 300);
      // one forgotten line now and then
      const daysAgo = !stale && rng.chance(0.03) ? rng.int(32, 90) : baseDaysAgo + (rng.chance(0.2) ? 1 : 0);
      const observed = workingHoursTime(rng, now, daysAgo);
      let onlinePrice: Fen | null = null;
      if (inst.type === 'retail_chain' && rng.chance(0.1)) {
        // 江西 requires online = offline (001 七); some chains' online shops differ
        onlinePrice = rng.chance(0.5) ? sellingPrice : Math.max(1, Math.round(sellingPrice * rng.pick([0.92, 0.95, 0.97, 1.05, 1.1])));
      }
      offers.push({
        institutionCode: inst.code,
        productCode: row.code,
        sellingPrice,
        winningPrice: row.winningPrice,
        onlinePrice,
        stock,
        observedAt: observed,
        priceClass: classifyDemoPrice(sellingPrice, row.winningPrice),
      });
    }
  }
  return offers;
}
