/**
 * Regions and their 三进 policy settings. Each rule cites the seed it comes from
 * (../shared/seeds in the team folder; file names kept here so a reader can find the sentence).
 */
export const SEEDS = {
  shanxi: '000 山西省医保局 晋医保发〔2025〕14号',
  jiangxi: '001 江西 关于促进“三医”协同发展和治理 进一步推进集采药品“三进”工作走深走实的通知（征求意见稿）',
  ningxia: '002 宁夏 集采药品“三进”行动实施方案',
  shenyang: '003 沈阳 集采药品“三进”工作实施方案（征求意见稿）',
  lvliang: '004 吕梁 转发 晋医保发〔2026〕13号',
} as const;

export type RetailPriceRule =
  /** retail pharmacies at most the 中选价 */
  | { kind: 'at_most_winning' }
  /** 江西: 中选价 + pct % when the pharmacy committed to it and its price level ≤ 量价比较指数 */
  | { kind: 'committed_markup'; maxMarkupPct: number }
  /** 宁夏: 具体由各市结合医保基金等因素确定 — a markup per city, default when a city has not set one */
  | { kind: 'city_markup'; byCity: Record<string, number>; defaultPct: number }
  /** 沈阳: 不得明显高于我市定点零售药店相对集中的价格区间 */
  | { kind: 'concentrated_range' };

export interface RegionPolicy {
  slug: string;
  name: string;
  level: 'province' | 'city' | 'alliance' | 'default';
  seed: string;
  /** 统一公布医保部门咨询投诉电话 (五统一) */
  hotline: string;
  retail: RetailPriceRule;
  /** 江西: 线上销售价格应与线下销售价格一致 */
  onlineMustEqualOffline: boolean;
  /** 江西: 《“三进”推荐配备药品品种》药品选择占比原则上不低于60% */
  recommendedShareMin: number | null;
  /** 沈阳: 具有特药管理属性的集采药品，仅限…具有特药定点属性的医药机构选择 */
  specialDrugsDesignatedOnly: boolean;
  /** a price not updated for this many days is marked stale */
  staleAfterDays: number;
  /** centre used when the citizen shares no location */
  center: { lat: number; lng: number; city: string };
  /** the region's cities as institutions name them (宁夏: city markups are set per city) */
  cities?: readonly string[];
}

export const REGIONS: Record<string, RegionPolicy> = {
  shanxi: {
    slug: 'shanxi', name: '山西省', level: 'province', seed: SEEDS.shanxi, hotline: '12393',
    // 000: 销售集采药品价格不超过中选价格
    retail: { kind: 'at_most_winning' },
    onlineMustEqualOffline: false, recommendedShareMin: null, specialDrugsDesignatedOnly: false,
    staleAfterDays: 30, center: { lat: 37.8706, lng: 112.5489, city: '太原市' },
  },
  jiangxi: {
    slug: 'jiangxi', name: '江西省', level: 'province', seed: SEEDS.jiangxi, hotline: '12393',
    // 001 七: 总体价格水平不高于统筹区定点药店医保药品量价比较指数的药店，可按集采中选价格顺加不超15%销售
    retail: { kind: 'committed_markup', maxMarkupPct: 15 },
    // 001 七: 在各类线上平台销售集采药品…线上销售价格应与线下销售价格一致
    onlineMustEqualOffline: true,
    // 001 五: 其中《“三进”推荐配备药品品种》药品选择占比原则上不低于60%
    recommendedShareMin: 0.6,
    specialDrugsDesignatedOnly: false,
    staleAfterDays: 30, center: { lat: 28.6829, lng: 115.8582, city: '南昌市' },
  },
  ningxia: {
    slug: 'ningxia', name: '宁夏回族自治区', level: 'province', seed: SEEDS.ningxia, hotline: '12393',
    // 002: 总体价格水平不高于我区定点药店量价比较指数的药店，也可适当加价，具体由各市结合医保基金等因素确定
    retail: { kind: 'city_markup', byCity: {}, defaultPct: 0 },
    onlineMustEqualOffline: false, recommendedShareMin: null, specialDrugsDesignatedOnly: false,
    staleAfterDays: 30, center: { lat: 38.4872, lng: 106.2309, city: '银川市' },
    // 002: 各市 — 宁夏's five prefecture-level cities
    cities: ['银川市', '石嘴山市', '吴忠市', '固原市', '中卫市'],
  },
  shenyang: {
    slug: 'shenyang', name: '沈阳市（联盟）', level: 'alliance', seed: SEEDS.shenyang, hotline: '12393',
    // 003: 鼓励定点零售药店按照不高于中选价格销售集采药品，可适当加价，但不得明显高于我市定点零售药店相对集中的价格区间
    retail: { kind: 'concentrated_range' },
    onlineMustEqualOffline: false, recommendedShareMin: null,
    // 003: 具有特药管理属性的集采药品，仅限参加“三进”工作的医药机构中具有特药定点属性的医药机构选择
    specialDrugsDesignatedOnly: true,
    staleAfterDays: 30, center: { lat: 41.8057, lng: 123.4315, city: '沈阳市' },
  },
};

export const DEFAULT_REGION: RegionPolicy = {
  slug: 'default', name: '默认', level: 'default', seed: SEEDS.shanxi, hotline: '12393',
  retail: { kind: 'at_most_winning' },
  onlineMustEqualOffline: false, recommendedShareMin: null, specialDrugsDesignatedOnly: false,
  staleAfterDays: 30, center: { lat: 39.9042, lng: 116.4074, city: '北京市' },
};

export const REGION_SLUGS = Object.keys(REGIONS);

export function regionPolicy(slug: string): RegionPolicy {
  return REGIONS[slug] ?? DEFAULT_REGION;
}
