import {
  type BadgeKind,
  BADGE_LABELS,
  type Commitment,
  type InstitutionType,
  isPrivateMedical,
  isPublicPrimary,
  isRetail,
  type StockState,
} from '../domain/constants.js';
import { type Fen, formatYuan } from '../domain/money.js';
import { judgeMarkup } from './markup.js';
import { SEEDS, type RegionPolicy } from './regions.js';

/**
 * The 三进 rules an institution is held to, as pure functions, and the self-check (自查) checklist built
 * from them. Each rule quotes the sentence of the seed it comes from (QUOTES below).
 */
export const QUOTES = {
  /** 000 三(一) */
  varietiesShanxi:
    '实际配备集采药品品种数量达到要求（零售药店达到50种，民营综合型三级医疗机构配备集采药品数量达到80种、其他民营医疗机构达到50种）',
  /** 001 五 */
  varietiesJiangxi:
    '原则上集采药品配备数量民营综合型三级医疗机构不少于80种、其他民营医疗机构不少于50种、零售药店不少于50种，其中《“三进”推荐配备药品品种》药品选择占比原则上不低于60%',
  /** 001 五: counted by 通用名 */
  byGenericName: '自主从《“三进”药品品种》和《“三进”推荐配备药品品种》中遴选药品品种（按药品通用名统计，下同）',
  /** 001 七 */
  onlineEqualsOffline: '在各类线上平台销售集采药品应标识“集采药品”字样且线上销售价格应与线下销售价格一致',
  /** 001 七 */
  markup15: '总体价格水平不高于统筹区定点药店医保药品量价比较指数的药店，可按集采中选价格顺加不超15%销售',
  /** 001 七 */
  priceCaps: '公立医疗机构应严格落实药品“零差率”销售政策，定点民营医疗机构销售中选药品价格不得高于中选价格，鼓励医保定点零售药店按不高于中选价格销售中选药品',
  /** 000 三(三) */
  priceCapsShanxi: '定点民营医疗机构销售集采药品售价不得高于集采中选价格；鼓励定点零售药店按不高于中选价销售集采药品',
  /** 002 三 */
  cityMarkup: '总体价格水平不高于我区定点药店量价比较指数的药店，也可适当加价，具体由各市结合医保基金等因素确定',
  /** 003 三 */
  concentratedRange: '鼓励定点零售药店按照不高于中选价格销售集采药品，可适当加价，但不得明显高于我市定点零售药店相对集中的价格区间',
  /** 003 二 */
  specialDrugs: '具有特药管理属性的集采药品，仅限参加“三进”工作的医药机构中具有特药定点属性的医药机构选择',
  /** 001 附件1 八 / 002 附件2 八 */
  zoneWinningMakers: '保证集采药品销售专区（柜）仅配备中选厂家集采药品，杜绝用未中选厂家药品替代中选厂家集采药品',
  /** 000 三(一) */
  badgeGrant:
    '设置集采药品专区、规范执行价格政策、按要求上传药品追溯码的定点零售药店、民营医疗机构，医保部门可授予“集采便民药店”或“集采便民民营医院”等标识牌',
  /** 002 三 */
  badgeRemoval: '对中选药品配备数量未达到条件或未规范执行价格政策的“集采便民药店”，经约谈整改不到位的摘除标识牌',
  /** 001 附件1 承诺书 (一) / 002 附件2 (一): the list shown is kept current — a price shown to citizens must be current */
  dynamicUpdate: '在醒目位置长期展示本单位配备的集采药品清单并动态更新',
} as const;

// ---------------------------------------------------------------------------------------------
// Varieties

/**
 * 000 三(一) / 001 五: ≥ 50 for retail pharmacies, ≥ 80 for private comprehensive tertiary hospitals,
 * ≥ 50 for other private institutions. Public 基层 institutions have no minimum in the seeds (they stock
 * 集采 drugs under 常态化 management); null for them.
 */
export function varietyMinimum(type: InstitutionType): number | null {
  if (type === 'private_tertiary') return 80;
  if (type === 'private_other' || isRetail(type)) return 50;
  return null;
}

/** 通用名 as counted: trimmed, full-width spaces and inner spaces dropped. */
export function genericKey(genericName: string): string {
  return genericName.replace(/[\s\u3000]+/g, '');
}

export interface VarietyOffer {
  genericName: string;
  /** the product is in the region's current 三进 list (not removed) */
  inCatalog: boolean;
  stock: StockState;
  /** 江西《“三进”推荐配备药品品种》 */
  recommended?: boolean;
}

/** An offer counts toward 实际配备 when its product is on the current list and it is not out of stock. */
const counts = (o: VarietyOffer) => o.inCatalog && o.stock !== 'out_of_stock';

/** 001 五: 按药品通用名统计 — distinct generic names actually stocked. */
export function countVarieties(offers: readonly VarietyOffer[]): number {
  return new Set(offers.filter(counts).map((o) => genericKey(o.genericName))).size;
}

/**
 * 001 五: 其中《“三进”推荐配备药品品种》药品选择占比原则上不低于60% — share of the stocked varieties
 * (by 通用名) that are on the recommended list. A 通用名 counts as recommended when any of its stocked
 * products is recommended.
 */
export function recommendedShare(offers: readonly VarietyOffer[]): { recommended: number; total: number; share: number } {
  const all = new Set<string>();
  const rec = new Set<string>();
  for (const o of offers) {
    if (!counts(o)) continue;
    const k = genericKey(o.genericName);
    all.add(k);
    if (o.recommended) rec.add(k);
  }
  return { recommended: rec.size, total: all.size, share: all.size ? rec.size / all.size : 0 };
}

// ---------------------------------------------------------------------------------------------
// Single-offer rules

/** 001 七: 线上销售价格应与线下销售价格一致. Only where the region requires it; no online price = nothing to compare. */
export function onlinePriceConsistent(policy: RegionPolicy, sellingFen: Fen, onlineFen: Fen | null): boolean {
  if (!policy.onlineMustEqualOffline || onlineFen === null) return true;
  return onlineFen === sellingFen;
}

/** 003 二: 特药 only at institutions designated for them, where the region says so. */
export function specialDrugAllowed(policy: RegionPolicy, institutionSpecialDesignated: boolean, productSpecial: boolean): boolean {
  if (!policy.specialDrugsDesignatedOnly || !productSpecial) return true;
  return institutionSpecialDesignated;
}

/**
 * 001/002 承诺书 八: 专区（柜）仅配备中选厂家集采药品. Every product in the region's list comes from a 中选 maker
 * (a maker is added when it applies and commits to the 中选价, and removed when it exits or fails to supply),
 * so an offer belongs in the 专区 only while its product is on the current list.
 */
export function zoneProductAllowed(offer: { inCatalog: boolean }): boolean {
  return offer.inCatalog;
}

/** Stale: the price was not confirmed for more than policy.staleAfterDays days. */
export function isStale(policy: RegionPolicy, observedAtIso: string, now: Date): boolean {
  const t = new Date(observedAtIso).getTime();
  if (Number.isNaN(t)) return true;
  return (now.getTime() - t) / 86_400_000 > policy.staleAfterDays;
}

// ---------------------------------------------------------------------------------------------
// The institution as a whole

export interface ComplianceOfferInput extends VarietyOffer {
  /** 药品统一编码 */
  code: string;
  productName: string;
  spec: string;
  sellingFen: Fen;
  onlineFen: Fen | null;
  winningFen: Fen;
  special: boolean;
  observedAt: string;
  /** 沈阳: upper fence of the product's concentrated price range, when it could be computed */
  concentratedRangeUpperFen?: Fen | null;
}

export interface ComplianceInput {
  policy: RegionPolicy;
  institution: {
    type: InstitutionType;
    commitment: Commitment | null;
    city: string | null;
    specialDesignated: boolean;
    /** see MarkupContext.priceLevelWithinIndex; null = unknown */
    priceLevelWithinIndex?: boolean | null;
    /** active badges */
    badges: readonly BadgeKind[];
  };
  offers: readonly ComplianceOfferInput[];
  now: Date;
}

export interface FlaggedOffer {
  code: string;
  name: string;
  spec: string;
  sellingPrice: string;
  onlinePrice: string | null;
  winningPrice: string;
  /** the cap under the rule, for offers above it */
  cap: string | null;
  updatedAt: string;
}

export const COMPLIANCE_ITEM_IDS = [
  'varieties',
  'recommended_share',
  'price_cap',
  'online_offline',
  'stale_prices',
  'special_drugs',
  'zone_winning_makers',
  'badge',
] as const;
export type ComplianceItemId = (typeof COMPLIANCE_ITEM_IDS)[number];

export interface ComplianceItem {
  id: ComplianceItemId;
  title: string;
  passed: boolean;
  /** plain Chinese: what we counted and found */
  reason: string;
  /** what to do when not passed; null when passed */
  action: string | null;
  /** the seed document */
  seed: string;
  /** the sentence of the seed the rule comes from */
  quote: string;
  /** the offers that fail this item (empty when passed or not offer-based) */
  offers: FlaggedOffer[];
}

function flag(o: ComplianceOfferInput, capFen: Fen | null = null): FlaggedOffer {
  return {
    code: o.code,
    name: o.productName,
    spec: o.spec,
    sellingPrice: formatYuan(o.sellingFen),
    onlinePrice: o.onlineFen === null ? null : formatYuan(o.onlineFen),
    winningPrice: formatYuan(o.winningFen),
    cap: capFen === null ? null : formatYuan(capFen),
    updatedAt: o.observedAt,
  };
}

/** Offers above the cap of the institution's rule (judgeMarkup: above_rule), with their caps. */
export function offersAboveCap(input: ComplianceInput): Array<{ offer: ComplianceOfferInput; capFen: Fen; rule: string }> {
  const { policy, institution } = input;
  const out: Array<{ offer: ComplianceOfferInput; capFen: Fen; rule: string }> = [];
  for (const o of input.offers) {
    if (!o.inCatalog) continue;
    const v = judgeMarkup(o.sellingFen, o.winningFen, {
      policy,
      institutionType: institution.type,
      commitment: institution.commitment,
      city: institution.city,
      concentratedRangeUpperFen: o.concentratedRangeUpperFen ?? null,
      priceLevelWithinIndex: institution.priceLevelWithinIndex ?? null,
    });
    if (v.status === 'above_rule') out.push({ offer: o, capFen: v.capFen, rule: v.rule.name });
  }
  return out;
}

/** The badge an institution of this type may hold; public 基层 institutions hold none. */
export function badgeKindFor(type: InstitutionType): BadgeKind | null {
  if (isRetail(type)) return 'jicai_pharmacy';
  if (isPrivateMedical(type)) return 'jicai_private_hospital';
  return null;
}

export interface BadgeEligibility {
  kind: BadgeKind | null;
  /** holds an active badge of that kind */
  holds: boolean;
  /** meets every condition we can check from the data */
  qualifies: boolean;
  /** the unmet conditions, in plain Chinese */
  failures: string[];
}

/**
 * 000 三(一): badge when varieties reach the minimum, a 专区 is set up, the price policy is followed and
 * 追溯码 are uploaded; 002 三: removed when varieties or price policy are not met after an interview.
 * From our data we check varieties, price caps, online = offline, 特药 designation and that every offer is
 * a current-list (中选 maker's) product. 专区 set-up and 追溯码 are checked by the bureau on site.
 */
export function badgeEligibility(input: ComplianceInput): BadgeEligibility {
  const { policy, institution } = input;
  const kind = badgeKindFor(institution.type);
  const holds = kind !== null && institution.badges.includes(kind);
  if (kind === null) return { kind, holds: false, qualifies: false, failures: ['公立基层医疗机构不适用集采便民标识'] };
  const failures: string[] = [];
  const min = varietyMinimum(institution.type);
  const n = countVarieties(input.offers);
  if (min !== null && n < min) failures.push(`集采药品配备${n}种，未达到${min}种`);
  const above = offersAboveCap(input).length;
  if (above) failures.push(`${above}个药品销售价高于规定价格`);
  const online = input.offers.filter((o) => !onlinePriceConsistent(policy, o.sellingFen, o.onlineFen)).length;
  if (online) failures.push(`${online}个药品线上价格与线下不一致`);
  const special = input.offers.filter((o) => !specialDrugAllowed(policy, institution.specialDesignated, o.special)).length;
  if (special) failures.push(`${special}个特药无特药定点资格`);
  const outside = input.offers.filter((o) => !zoneProductAllowed(o)).length;
  if (outside) failures.push(`${outside}个药品已不在“三进”药品清单内`);
  return { kind, holds, qualifies: failures.length === 0, failures };
}

/** Does the institution still qualify for the badge it holds (false when it holds none)? */
export function keepsBadge(input: ComplianceInput): boolean {
  const e = badgeEligibility(input);
  return e.holds && e.qualifies;
}

const varietySeed = (p: RegionPolicy) =>
  p.slug === 'jiangxi' ? { seed: SEEDS.jiangxi, quote: QUOTES.varietiesJiangxi } : { seed: SEEDS.shanxi, quote: QUOTES.varietiesShanxi };

function capQuote(p: RegionPolicy): { seed: string; quote: string } {
  switch (p.retail.kind) {
    case 'committed_markup':
      return { seed: SEEDS.jiangxi, quote: `${QUOTES.priceCaps}；${QUOTES.markup15}` };
    case 'city_markup':
      return { seed: SEEDS.ningxia, quote: QUOTES.cityMarkup };
    case 'concentrated_range':
      return { seed: SEEDS.shenyang, quote: QUOTES.concentratedRange };
    case 'at_most_winning':
      return { seed: SEEDS.shanxi, quote: QUOTES.priceCapsShanxi };
  }
}

/**
 * The self-check: one item per rule that applies to this institution in its region, pass/fail with the
 * reason, what to do, and the seed sentence. Rules a region does not have (推荐占比 outside 江西, online =
 * offline outside 江西, 特药 outside 沈阳) are left out rather than shown as passed.
 */
export function complianceChecklist(input: ComplianceInput): ComplianceItem[] {
  const { policy, institution, offers, now } = input;
  const items: ComplianceItem[] = [];

  const min = varietyMinimum(institution.type);
  if (min !== null) {
    const n = countVarieties(offers);
    const passed = n >= min;
    items.push({
      id: 'varieties',
      title: `集采药品配备品种数（不少于${min}种，按通用名计）`,
      passed,
      reason: `按通用名统计，在售（未缺货且在“三进”清单内）的集采药品共${n}种，要求不少于${min}种。`,
      action: passed ? null : `再配备至少${min - n}种集采药品（不同通用名），并在“我的价格”中上报价格和库存。`,
      ...varietySeed(policy),
      offers: [],
    });
  }

  if (policy.recommendedShareMin != null && min !== null) {
    const r = recommendedShare(offers);
    const pct = Math.round(policy.recommendedShareMin * 100);
    const passed = r.total > 0 && r.share >= policy.recommendedShareMin;
    const need = Math.max(0, Math.ceil(policy.recommendedShareMin * r.total) - r.recommended);
    items.push({
      id: 'recommended_share',
      title: `推荐配备品种占比（不低于${pct}%）`,
      passed,
      reason: `在售${r.total}种中，${r.recommended}种来自《“三进”推荐配备药品品种》，占比${Math.round(r.share * 100)}%。`,
      action: passed ? null : `增加推荐配备品种（至少再配备${Math.max(need, 1)}种推荐品种），使其占比不低于${pct}%。`,
      seed: SEEDS.jiangxi,
      quote: QUOTES.varietiesJiangxi,
      offers: [],
    });
  }

  const above = offersAboveCap(input);
  items.push({
    id: 'price_cap',
    title: '销售价不高于规定价格',
    passed: above.length === 0,
    reason: above.length
      ? `${above.length}个药品的销售价高于本机构适用的价格上限：${above.map((a) => `${a.offer.productName} ${formatYuan(a.offer.sellingFen)}元（上限${formatYuan(a.capFen)}元，${a.rule}）`).join('；')}。`
      : '所有药品的销售价均不高于本机构适用的价格上限。',
    action: above.length ? '将所列药品的销售价调整到不高于上限，并同步调整线上价格。' : null,
    ...capQuote(policy),
    offers: above.map((a) => flag(a.offer, a.capFen)),
  });

  if (policy.onlineMustEqualOffline) {
    const bad = offers.filter((o) => o.inCatalog && !onlinePriceConsistent(policy, o.sellingFen, o.onlineFen));
    items.push({
      id: 'online_offline',
      title: '线上价格与线下价格一致',
      passed: bad.length === 0,
      reason: bad.length
        ? `${bad.length}个药品线上价格与线下价格不一致：${bad.map((o) => `${o.productName} 线下${formatYuan(o.sellingFen)}元/线上${formatYuan(o.onlineFen!)}元`).join('；')}。`
        : '线上价格均与线下价格一致（或未在线上销售）。',
      action: bad.length ? '将所列药品的线上价格改为与线下销售价相同。' : null,
      seed: SEEDS.jiangxi,
      quote: QUOTES.onlineEqualsOffline,
      offers: bad.map((o) => flag(o)),
    });
  }

  const stale = offers.filter((o) => o.inCatalog && isStale(policy, o.observedAt, now));
  items.push({
    id: 'stale_prices',
    title: `价格及时更新（${policy.staleAfterDays}天内）`,
    passed: stale.length === 0,
    reason: stale.length
      ? `${stale.length}个药品的价格超过${policy.staleAfterDays}天未更新，群众看到的价格可能已过时。`
      : `所有药品的价格都在${policy.staleAfterDays}天内更新过。`,
    action: stale.length ? '核对所列药品的现价和库存并重新提交（价格未变也请确认提交一次）。' : null,
    seed: SEEDS.jiangxi,
    quote: QUOTES.dynamicUpdate,
    offers: stale.map((o) => flag(o)),
  });

  if (policy.specialDrugsDesignatedOnly) {
    const bad = offers.filter((o) => o.inCatalog && !specialDrugAllowed(policy, institution.specialDesignated, o.special));
    items.push({
      id: 'special_drugs',
      title: '特药仅限特药定点机构销售',
      passed: bad.length === 0,
      reason: bad.length
        ? `本机构无特药定点资格，但上报了${bad.length}个特药：${bad.map((o) => o.productName).join('、')}。`
        : institution.specialDesignated ? '本机构具有特药定点资格。' : '未上报特药。',
      action: bad.length ? '停止销售所列特药并将其从价格清单中下架，或先向医保部门申请特药定点资格。' : null,
      seed: SEEDS.shenyang,
      quote: QUOTES.specialDrugs,
      offers: bad.map((o) => flag(o)),
    });
  }

  if (!isPublicPrimary(institution.type)) {
    const outside = offers.filter((o) => !zoneProductAllowed(o));
    items.push({
      id: 'zone_winning_makers',
      title: '专区（柜）仅配备中选厂家药品',
      passed: outside.length === 0,
      reason: outside.length
        ? `${outside.length}个药品已调出“三进”药品清单（非中选厂家或已退出）：${outside.map((o) => `${o.productName}（${o.code}）`).join('、')}。`
        : '上报的药品均为现行“三进”清单内中选厂家的产品。',
      action: outside.length ? '将所列药品移出集采专区（柜），改配同通用名的中选厂家产品。' : null,
      seed: SEEDS.jiangxi,
      quote: QUOTES.zoneWinningMakers,
      offers: outside.map((o) => flag(o)),
    });
  }

  const badge = badgeEligibility(input);
  if (badge.kind !== null) {
    const label = BADGE_LABELS[badge.kind];
    let reason: string;
    let action: string | null = null;
    if (badge.holds && badge.qualifies) reason = `持有“${label}”标识，目前仍符合条件。`;
    else if (badge.holds) {
      reason = `持有“${label}”标识，但目前不符合条件：${badge.failures.join('；')}。经约谈整改不到位的将摘除标识牌。`;
      action = '按上面未通过的各项整改，以保留标识。';
    } else if (badge.qualifies) reason = `未持有“${label}”标识；按现有数据已符合授予条件（专区设置、追溯码上传由医保部门现场核查）。`;
    else {
      reason = `未持有“${label}”标识，尚不符合授予条件：${badge.failures.join('；')}。`;
      action = '完成上面未通过的各项后，可向属地医保部门申请标识。';
    }
    items.push({
      id: 'badge',
      title: `“${label}”标识`,
      passed: badge.qualifies,
      reason,
      action,
      seed: badge.holds && !badge.qualifies ? SEEDS.ningxia : SEEDS.shanxi,
      quote: badge.holds && !badge.qualifies ? QUOTES.badgeRemoval : QUOTES.badgeGrant,
      offers: [],
    });
  }
  return items;
}
