import { describe, expect, it } from 'vitest';
import {
  badgeEligibility,
  type ComplianceInput,
  type ComplianceOfferInput,
  complianceChecklist,
  concentratedPriceRange,
  countVarieties,
  DEFAULT_REGION,
  isStale,
  judgeMarkup,
  keepsBadge,
  onlinePriceConsistent,
  priceCap,
  QUOTES,
  recommendedShare,
  REGIONS,
  type RegionPolicy,
  specialDrugAllowed,
  varietyMinimum,
  zoneProductAllowed,
} from '../src/index.js';

const shanxi = REGIONS.shanxi!;
const jiangxi = REGIONS.jiangxi!;
const ningxia = REGIONS.ningxia!;
const shenyang = REGIONS.shenyang!;
const NOW = new Date('2025-06-01T00:00:00Z');

function offer(i: number, over: Partial<ComplianceOfferInput> = {}): ComplianceOfferInput {
  return {
    code: `XP${String(i).padStart(4, '0')}`,
    productName: `药品${i}片`,
    genericName: `药品${i}片`,
    spec: '10mg',
    sellingFen: 1000,
    onlineFen: null,
    winningFen: 1000,
    special: false,
    recommended: false,
    inCatalog: true,
    stock: 'in_stock',
    observedAt: '2025-05-20T00:00:00.000Z',
    ...over,
  };
}
const offers = (n: number, over: Partial<ComplianceOfferInput> = {}) => Array.from({ length: n }, (_, i) => offer(i, over));

function input(policy: RegionPolicy, over: Partial<ComplianceInput['institution']> = {}, list = offers(50)): ComplianceInput {
  return {
    policy,
    institution: { type: 'retail_chain', commitment: 'at_winning_price', city: null, specialDesignated: false, badges: [], ...over },
    offers: list,
    now: NOW,
  };
}
const item = (items: ReturnType<typeof complianceChecklist>, id: string) => items.find((i) => i.id === id);

describe('price caps by institution type', () => {
  // 001 七 / 002 三: “公立医疗机构应严格落实药品“零差率”政策，按中选价销售中选药品”
  // 003 三: “公立基层医疗机构严格执行药品“零”差价政策，按集采中选价格销售中选药品”
  it('public 基层 institutions: exactly the 中选价 (零差率) — above is above_rule', () => {
    for (const type of ['township_health_center', 'community_health_station', 'village_clinic'] as const) {
      const ctx = { policy: jiangxi, institutionType: type, commitment: 'markup_15' as const };
      expect(priceCap(1000, ctx)).toMatchObject({ capFen: 1000, rule: { id: 'public_zero_markup' } });
      expect(judgeMarkup(1001, 1000, ctx).status).toBe('above_rule');
      expect(judgeMarkup(1000, 1000, ctx).status).toBe('equal');
    }
  });

  // 000 三(三): “定点民营医疗机构销售集采药品售价不得高于集采中选价格”
  it('private medical institutions: at most the 中选价, even with a markup commitment in 江西', () => {
    expect(QUOTES.priceCapsShanxi).toContain('定点民营医疗机构销售集采药品售价不得高于集采中选价格');
    for (const policy of [shanxi, jiangxi, ningxia, shenyang]) {
      const ctx = { policy, institutionType: 'private_tertiary' as const, commitment: 'markup_15' as const, concentratedRangeUpperFen: 2000 };
      expect(priceCap(1000, ctx).capFen).toBe(1000);
      expect(judgeMarkup(999, 1000, ctx).status).toBe('below');
    }
  });

  // 000 附件3: “销售集采药品价格不超过中选价格”
  it('山西 retail pharmacies: at most the 中选价', () => {
    const ctx = { policy: shanxi, institutionType: 'retail_single' as const };
    expect(judgeMarkup(1100, 1000, ctx)).toMatchObject({ status: 'above_rule', capFen: 1000, rule: { id: 'retail_at_most_winning' } });
    expect(priceCap(1000, { policy: DEFAULT_REGION, institutionType: 'retail_chain' }).capFen).toBe(1000);
  });
});

describe('江西 +15 % markup', () => {
  // 001 七: “总体价格水平不高于统筹区定点药店医保药品量价比较指数的药店，可按集采中选价格顺加不超15%销售”
  // 001 附件1: “□按照中选价销售 □按不高于中选价加价15%销售”
  const base = { policy: jiangxi, institutionType: 'retail_chain' as const };
  it('allows up to 中选价 × 1.15 with the markup_15 commitment and an unknown index verdict (the bureau accepted it)', () => {
    expect(QUOTES.markup15).toContain('可按集采中选价格顺加不超15%销售');
    const v = judgeMarkup(1150, 1000, { ...base, commitment: 'markup_15' });
    expect(v).toMatchObject({ status: 'within_rule', capFen: 1150, rule: { id: 'retail_markup_15' } });
    expect(judgeMarkup(1151, 1000, { ...base, commitment: 'markup_15', priceLevelWithinIndex: null }).status).toBe('above_rule');
    expect(judgeMarkup(1150, 1000, { ...base, commitment: 'markup_15', priceLevelWithinIndex: true }).status).toBe('within_rule');
  });
  it('withdraws the markup when the price level is above the 量价比较指数', () => {
    const v = judgeMarkup(1100, 1000, { ...base, commitment: 'markup_15', priceLevelWithinIndex: false });
    expect(v).toMatchObject({ status: 'above_rule', capFen: 1000, rule: { id: 'retail_index_not_met', priceIndex: 'not_met' } });
  });
  it('the rule says in plain words which 量价比较指数 verdict it used', () => {
    const name = (v: boolean | null) => priceCap(1000, { ...base, commitment: 'markup_15', priceLevelWithinIndex: v }).rule;
    expect(name(true)).toMatchObject({ name: '按量价比较指数达标计，可加价15%', priceIndex: 'met' });
    expect(name(false)).toMatchObject({ name: '量价比较指数未达标，不可加价，不高于中选价', priceIndex: 'not_met' });
    expect(name(null)).toMatchObject({ name: '量价比较指数未评定，暂按承诺可加价15%', priceIndex: 'unknown' });
    // the verdict plays no part for a pharmacy that committed to 按照中选价销售
    expect(priceCap(1000, { ...base, commitment: 'at_winning_price', priceLevelWithinIndex: true }).rule).not.toHaveProperty('priceIndex');
  });
  it('no markup for a pharmacy that ticked 按照中选价销售 or has no commitment on file', () => {
    expect(judgeMarkup(1100, 1000, { ...base, commitment: 'at_winning_price' }).status).toBe('above_rule');
    expect(judgeMarkup(1100, 1000, { ...base, commitment: null }).status).toBe('above_rule');
  });
  it('rounds the cap down to whole fen', () => {
    expect(priceCap(333, { ...base, commitment: 'markup_15' }).capFen).toBe(382); // 382.95
  });
});

describe('宁夏 city markups', () => {
  // 002 三: “总体价格水平不高于我区定点药店量价比较指数的药店，也可适当加价，具体由各市结合医保基金等因素确定”
  const configured: RegionPolicy = { ...ningxia, retail: { kind: 'city_markup', byCity: { 银川市: 10, 石嘴山市: 5 }, defaultPct: 0 } };
  it('uses the markup the city set', () => {
    expect(QUOTES.cityMarkup).toContain('具体由各市结合医保基金等因素确定');
    const yc = { policy: configured, institutionType: 'retail_single' as const, city: '银川市' };
    expect(judgeMarkup(1100, 1000, yc)).toMatchObject({ status: 'within_rule', capFen: 1100, rule: { id: 'retail_city_markup' } });
    expect(judgeMarkup(1100, 1000, { ...yc, city: '石嘴山市' }).status).toBe('above_rule');
  });
  it('falls back to the default (0 %: at most the 中选价) for a city that has not set one', () => {
    expect(priceCap(1000, { policy: configured, institutionType: 'retail_single', city: '固原市' })).toMatchObject({ capFen: 1000, rule: { id: 'retail_at_most_winning' } });
  });
  it('no markup when the price level is above the index', () => {
    expect(priceCap(1000, { policy: configured, institutionType: 'retail_single', city: '银川市', priceLevelWithinIndex: false }).capFen).toBe(1000);
  });
  it('names the city, its rate and the verdict used', () => {
    const rule = (v: boolean | null) => priceCap(1000, { policy: configured, institutionType: 'retail_single', city: '银川市', priceLevelWithinIndex: v }).rule;
    expect(rule(true)).toMatchObject({ name: '按量价比较指数达标计，银川市规定可加价10%', priceIndex: 'met' });
    expect(rule(null)).toMatchObject({ name: '量价比较指数未评定，暂按银川市规定可加价10%', priceIndex: 'unknown' });
    expect(rule(false)).toMatchObject({ id: 'retail_index_not_met', priceIndex: 'not_met' });
  });
});

describe('沈阳 concentrated price range', () => {
  // 003 三: “可适当加价，但不得明显高于我市定点零售药店相对集中的价格区间”
  it('is the interquartile range; 明显高于 = above Q3 + 1.5 × IQR', () => {
    expect(QUOTES.concentratedRange).toContain('不得明显高于我市定点零售药店相对集中的价格区间');
    const r = concentratedPriceRange([1000, 1050, 1100, 1150, 1200]);
    expect(r).toEqual({ q1: 1050, q3: 1150, upperFenceFen: 1300, n: 5 });
    const ctx = { policy: shenyang, institutionType: 'retail_chain' as const, concentratedRangeUpperFen: r!.upperFenceFen };
    expect(judgeMarkup(1300, 1000, ctx)).toMatchObject({ status: 'within_rule', rule: { id: 'retail_concentrated_range' } });
    expect(judgeMarkup(1301, 1000, ctx).status).toBe('above_rule');
  });
  it('needs at least 5 prices; without a range the cap is the 中选价', () => {
    expect(concentratedPriceRange([1000, 1100, 1200, 1300])).toBeNull();
    expect(priceCap(1000, { policy: shenyang, institutionType: 'retail_chain', concentratedRangeUpperFen: null }).capFen).toBe(1000);
  });
});

describe('online = offline (江西)', () => {
  // 001 七: “在各类线上平台销售集采药品应标识“集采药品”字样且线上销售价格应与线下销售价格一致”
  it('requires equal prices in 江西 only', () => {
    expect(QUOTES.onlineEqualsOffline).toContain('线上销售价格应与线下销售价格一致');
    expect(onlinePriceConsistent(jiangxi, 1000, 990)).toBe(false);
    expect(onlinePriceConsistent(jiangxi, 1000, 1000)).toBe(true);
    expect(onlinePriceConsistent(jiangxi, 1000, null)).toBe(true);
    expect(onlinePriceConsistent(shanxi, 1000, 990)).toBe(true);
  });
});

describe('variety minimums, counted by 通用名', () => {
  // 001 五: “原则上集采药品配备数量民营综合型三级医疗机构不少于80种、其他民营医疗机构不少于50种、零售药店不少于50种”
  // 001 五: “（按药品通用名统计，下同）”
  it('≥ 50 retail, ≥ 80 private tertiary, ≥ 50 other private; none for public 基层', () => {
    expect(QUOTES.varietiesJiangxi).toContain('民营综合型三级医疗机构不少于80种、其他民营医疗机构不少于50种、零售药店不少于50种');
    expect(QUOTES.varietiesShanxi).toContain('零售药店达到50种');
    expect(varietyMinimum('retail_chain')).toBe(50);
    expect(varietyMinimum('retail_single')).toBe(50);
    expect(varietyMinimum('private_tertiary')).toBe(80);
    expect(varietyMinimum('private_other')).toBe(50);
    expect(varietyMinimum('village_clinic')).toBeNull();
  });
  it('two specs or makers of one 通用名 count once; out-of-stock and delisted products do not count', () => {
    expect(QUOTES.byGenericName).toContain('按药品通用名统计');
    const list = [
      offer(1, { genericName: '苯磺酸氨氯地平片', spec: '5mg' }),
      offer(2, { genericName: '苯磺酸氨氯地平片 ', spec: '10mg' }),
      offer(3, { genericName: '二甲双胍片' }),
      offer(4, { genericName: '阿托伐他汀钙片', stock: 'out_of_stock' }),
      offer(5, { genericName: '瑞舒伐他汀钙片', inCatalog: false }),
    ];
    expect(countVarieties(list)).toBe(2);
  });
  // 001 五: “其中《“三进”推荐配备药品品种》药品选择占比原则上不低于60%”
  it('江西 recommended share is by 通用名', () => {
    expect(jiangxi.recommendedShareMin).toBe(0.6);
    const list = [offer(1, { genericName: 'A', recommended: true }), offer(2, { genericName: 'A' }), offer(3, { genericName: 'B' })];
    expect(recommendedShare(list)).toEqual({ recommended: 1, total: 2, share: 0.5 });
  });
});

describe('特药 only at designated institutions (沈阳)', () => {
  // 003 二: “具有特药管理属性的集采药品，仅限参加“三进”工作的医药机构中具有特药定点属性的医药机构选择”
  it('refuses 特药 at a non-designated institution in 沈阳 only', () => {
    expect(QUOTES.specialDrugs).toContain('仅限参加“三进”工作的医药机构中具有特药定点属性的医药机构选择');
    expect(specialDrugAllowed(shenyang, false, true)).toBe(false);
    expect(specialDrugAllowed(shenyang, true, true)).toBe(true);
    expect(specialDrugAllowed(shenyang, false, false)).toBe(true);
    expect(specialDrugAllowed(shanxi, false, true)).toBe(true);
  });
});

describe('专区 holds only winning makers’ products', () => {
  // 001 附件1 八: “保证集采药品销售专区（柜）仅配备中选厂家集采药品，杜绝用未中选厂家药品替代中选厂家集采药品”
  it('an offer belongs in the 专区 only while its product is on the current list', () => {
    expect(QUOTES.zoneWinningMakers).toContain('仅配备中选厂家集采药品');
    expect(zoneProductAllowed({ inCatalog: true })).toBe(true);
    expect(zoneProductAllowed({ inCatalog: false })).toBe(false);
  });
});

describe('badge kept only while compliant', () => {
  // 000 三(一): “…设置集采药品专区、规范执行价格政策、按要求上传药品追溯码的定点零售药店、民营医疗机构，医保部门可授予“集采便民药店”或“集采便民民营医院”等标识牌”
  // 002 三: “对中选药品配备数量未达到条件或未规范执行价格政策的“集采便民药店”，经约谈整改不到位的摘除标识牌”
  it('keeps the badge when varieties and prices comply', () => {
    expect(QUOTES.badgeRemoval).toContain('摘除标识牌');
    expect(keepsBadge(input(shanxi, { badges: ['jicai_pharmacy'] }))).toBe(true);
  });
  it('loses it below the minimum or with a price above the cap', () => {
    expect(keepsBadge(input(shanxi, { badges: ['jicai_pharmacy'] }, offers(49)))).toBe(false);
    const priced = [...offers(49), offer(99, { sellingFen: 1200 })];
    const e = badgeEligibility(input(shanxi, { badges: ['jicai_pharmacy'] }, priced));
    expect(e).toMatchObject({ kind: 'jicai_pharmacy', holds: true, qualifies: false });
    expect(e.failures.join()).toContain('高于规定价格');
  });
  it('private hospitals hold 集采便民民营医院; public 基层 hold none', () => {
    expect(badgeEligibility(input(shanxi, { type: 'private_tertiary', badges: ['jicai_private_hospital'] }, offers(80)))).toMatchObject({ kind: 'jicai_private_hospital', holds: true, qualifies: true });
    expect(badgeEligibility(input(shanxi, { type: 'village_clinic' })).kind).toBeNull();
  });
});

describe('stale prices', () => {
  it('a price older than policy.staleAfterDays is stale', () => {
    expect(isStale(shanxi, '2025-05-01T00:00:00Z', NOW)).toBe(true);
    expect(isStale(shanxi, '2025-05-03T00:00:00Z', NOW)).toBe(false);
  });
});

describe('complianceChecklist', () => {
  it('a compliant 山西 pharmacy passes every item; region-only items are left out', () => {
    const items = complianceChecklist(input(shanxi, { badges: ['jicai_pharmacy'] }));
    expect(items.map((i) => i.id)).toEqual(['varieties', 'price_cap', 'stale_prices', 'zone_winning_makers', 'badge']);
    expect(items.every((i) => i.passed && i.action === null && i.seed && i.quote)).toBe(true);
  });

  it('a 江西 pharmacy failing every rule gets a reason, an action and the offending offers', () => {
    const list = [
      ...offers(30, { recommended: false }),
      offer(100, { sellingFen: 1200 }), // above 中选价 without a markup commitment
      offer(101, { onlineFen: 900 }), // online ≠ offline
      offer(102, { observedAt: '2025-01-01T00:00:00Z' }), // stale
      offer(103, { inCatalog: false }), // delisted: not a 中选 maker's product any more
    ];
    const items = complianceChecklist(input(jiangxi, { badges: ['jicai_pharmacy'] }, list));
    expect(items.map((i) => i.id)).toEqual(['varieties', 'recommended_share', 'price_cap', 'online_offline', 'stale_prices', 'zone_winning_makers', 'badge']);
    for (const i of items) {
      expect(i.passed, i.id).toBe(false);
      expect(i.action, i.id).toBeTruthy();
    }
    expect(item(items, 'varieties')!.reason).toContain('共33种');
    expect(item(items, 'price_cap')!.offers).toEqual([expect.objectContaining({ code: 'XP0100', sellingPrice: '12.00', cap: '10.00' })]);
    expect(item(items, 'online_offline')!.offers.map((o) => o.code)).toEqual(['XP0101']);
    expect(item(items, 'stale_prices')!.offers.map((o) => o.code)).toEqual(['XP0102']);
    expect(item(items, 'zone_winning_makers')!.offers.map((o) => o.code)).toEqual(['XP0103']);
    expect(item(items, 'badge')!.quote).toBe(QUOTES.badgeRemoval);
  });

  it('沈阳 lists 特药 without designation', () => {
    const items = complianceChecklist(input(shenyang, {}, [...offers(50), offer(200, { special: true, productName: '某特药注射液' })]));
    const s = item(items, 'special_drugs')!;
    expect(s.passed).toBe(false);
    expect(s.reason).toContain('某特药注射液');
    expect(item(complianceChecklist(input(shenyang, { specialDesignated: true }, [offer(200, { special: true })])), 'special_drugs')!.passed).toBe(true);
  });

  it('public 基层 institutions get no variety, 专区 or badge items', () => {
    const ids = complianceChecklist(input(shanxi, { type: 'township_health_center' }, offers(3))).map((i) => i.id);
    expect(ids).toEqual(['price_cap', 'stale_prices']);
  });
});
